"""Narratives: the stories the coverage tells, their terms, how each outlet leans into them, and where
they sit in each article."""
import streamlit as st

from analytics import filters as flt
from analytics.plotting.theme_sunburst import theme_sunburst
from analytics.plotting.topic_flow import topic_flow
from analytics.plotting.topic_map import topic_map
from analytics.plotting.topic_share import topic_share
from analytics.plotting.topic_terms import topic_terms
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()
script = ui.script()

st.title(t("narratives"))
st.caption(ui.subtitle())

ui.chart(theme_sunburst(v["sentences"], v["topics"], v.get("themes", v["topics"].iloc[:0]), script=script, lang=lang()),
         "nar_themes", t("theme_sunburst"))
ui.chart(topic_terms(v["topics"], script=script, lang=lang()), "nar_terms", t("topic_terms"), drill=False)
left, right = st.columns(2)
with left:
    ui.chart(topic_share(v["sentences"], v["articles"], v["topics"], script=script, lang=lang()), "nar_share",
             t("topic_share"))
with right:
    ui.chart(topic_tone_matrix(v["sentences"], v["topics"], script=script, lang=lang()), "nar_tone",
             t("topic_tone"))
ui.chart(topic_map(v["sentences"], v["topics"], coords=flt.map_coords(v["sentences"]), script=script, lang=lang()),
         "nar_map", t("topic_map"))
ui.chart(topic_flow(v["sentences"], v["topics"], v["articles"], script=script, lang=lang()), "nar_flow",
         t("topic_flow"))
ui.table(v["topics"], "nar_table", t("topics_table"))
