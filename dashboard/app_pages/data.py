"""Data: every table of the current view, filterable, with CSV and XLSX downloads."""
import streamlit as st

from dashboard import components as ui
from dashboard.i18n import t

v = ui.view()

st.title(t("data"))
st.caption(ui.subtitle())
ui.build_skips()

names = [n for n in ui.DATA_TABLES if n in v]
tabs = st.tabs(names)
for name, tab in zip(names, tabs):
    with tab:
        ui.table(v[name], f"data_{name}", name)
