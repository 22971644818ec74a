"""Tables on screen the way downloads are: every DataFrame shown with st.dataframe or st.data_editor has
its formula-like cells neutralised here, so the grid's own "Download as CSV" is as safe as ours."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.tables_io import neutralise_frame


def dataframe(df: pd.DataFrame, **kwargs):
    """st.dataframe of ``df`` with formula cells (=, +, -, @, tab, CR, ＝＋－＠) neutralised."""
    return st.dataframe(neutralise_frame(df), **kwargs)


def data_editor(df: pd.DataFrame, **kwargs):
    """st.data_editor of ``df`` with formula cells neutralised (edits are read by row and column)."""
    return st.data_editor(neutralise_frame(df), **kwargs)
