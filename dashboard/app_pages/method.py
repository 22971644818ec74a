"""Method: how each metric is computed and how accurate it measured."""
import streamlit as st

from dashboard import components as ui
from dashboard.i18n import lang, t

st.title(t("method"))
st.markdown(ui.method_text(lang()))
