"""Figures & claims: every number the coverage quotes, and the facts outlets state differently."""
import streamlit as st

from analytics.plotting.overview_claims import disputed_claims
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("figures"))
st.caption(ui.subtitle())

ui.chart(disputed_claims(v["claims"], v["figures"], lang=lang(), top_n=12, only_disagreeing=False),
         "fig_claims", t("claim_cmp"))
ui.table(v["claims"], "fig_claims_table", t("claims_table"))
ui.table(v["figures"], "fig_table", t("fig_table"))
