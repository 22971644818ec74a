import streamlit as st
st.title('voices')
