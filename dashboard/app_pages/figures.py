import streamlit as st
st.title('figures')
