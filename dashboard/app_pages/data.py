"""Data: every table of the current view, readable on screen, downloadable whole (CSV and XLSX headed by
the filters, the store version and the export time); sentences come with outlet, headline and narrative."""
import streamlit as st

from analytics import display, filters as flt
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("data"))
st.caption(ui.subtitle())
ui.build_skips()

names = [n for n in ui.DATA_TABLES if n in v]
for name, tab in zip(names, st.tabs([display.table_name(n, lang()) for n in names])):
    with tab:
        export = flt.sentences_export(v, lang()) if name == "sentences" else v[name]
        ui.table(ui.readable(name, v[name]), f"data_{name}", display.table_name(name, lang()), export=export)
