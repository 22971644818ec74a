"""Tone: how the coverage feels per outlet, narrative and along each article, and every sentence's label,
correctable in place."""
import streamlit as st

from analytics import filters as flt
from analytics.plotting.tone_arc import tone_arc
from analytics.plotting.tone_by_group import tone_by_group
from analytics.plotting.tone_distribution import tone_distribution
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()
joined = flt.sentences_with_articles(v)

st.title(t("tone"))
st.caption(ui.subtitle())

left, right = st.columns(2)
with left:
    ui.chart(tone_by_group(joined, "outlet", lang=lang(), scheme=ui.scheme(), names=ui.outlet_names()),
             "tone_outlet", t("tone_by_outlet"))
with right:
    ui.chart(tone_distribution(v["sentences"], lang=lang(), scheme=ui.scheme()), "tone_dist", t("tone_dist"))
ui.chart(tone_arc(v["sentences"], lang=lang(), scheme=ui.scheme(), names=ui.article_names()), "tone_arc",
         t("tone_arc"))
ui.chart(tone_by_group(flt.sentences_with_entities(v), "entity_id", lang=lang(), scheme=ui.scheme(), top_n=15,
                      names=ui.entity_names()), "tone_entity", t("tone_by_entity"))
ui.chart(topic_tone_matrix(v["sentences"], v["topics"], script=ui.script(), lang=lang()), "tone_topic",
         t("topic_tone"))

ui.tone_editor(v)
