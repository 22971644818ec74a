import streamlit as st
st.title('narratives')
