"""Figures & claims: every number the coverage quotes, where it sits in each article, and the facts
outlets state differently."""
import streamlit as st

from analytics.plotting.claim_comparison import claim_comparison
from analytics.plotting.figure_table import figure_table
from analytics.plotting.figure_timeline import figure_timeline
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("figures"))
st.caption(ui.subtitle())

figures = ui.with_outlet_names(v["figures"])
ui.chart(claim_comparison(figures, v["claims"], lang=lang()), "fig_claims", t("claim_cmp"))
ui.chart(figure_timeline(figures, v["sentences"], lang=lang(), articles=ui.with_outlet_names(v["articles"]),
                         script=ui.script()), "fig_timeline", t("fig_timeline"))
ui.chart(figure_table(figures, lang=lang()), "fig_table_chart", t("fig_table"), drill=False)
ui.table(v["claims"], "fig_claims_table", t("claims_table"))
ui.table(v["figures"], "fig_table", t("fig_table"))
