"""Figures & claims: the facts outlets state (values and bounds on one scale, agreement as measured),
where each number sits in its article, and one table of every quoted figure to filter and sort."""
import streamlit as st

from analytics import display
from analytics.plotting.claim_comparison import claim_comparison
from analytics.plotting.figure_timeline import figure_timeline
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("figures"))
st.caption(ui.subtitle())

figures = ui.with_outlet_names(v["figures"])
ui.chart(ui.figure(claim_comparison, figures, v["claims"], lang=lang()), "fig_claims", t("claim_cmp"))
ui.chart(ui.figure(figure_timeline, figures, v["sentences"], lang=lang(), articles=ui.with_outlet_names(v["articles"]),
                                   script=ui.script()), "fig_timeline", t("fig_timeline"))
ui.table(v["claims"], "fig_claims_table", t("claims_table"))

f = v["figures"]
row = st.container(horizontal=True)
kind_names = {k: display.kind_word(k, lang()) for k in sorted(f["kind"].dropna().unique())}
kinds = row.multiselect(t("fig_kinds"), list(kind_names), key="fig_kind", format_func=kind_names.get,
                        placeholder=t("any"))
units = row.multiselect(t("fig_units"), sorted(u for u in f["unit"].dropna().unique() if u), key="fig_unit",
                        placeholder=t("any"))
shown = f[(f["kind"].isin(kinds) | (not kinds)) & (f["unit"].isin(units) | (not units))]
ui.table(shown, "fig_table", t("fig_table"))
