"""Tone: how the coverage feels per outlet and narrative, and every sentence's label, correctable in place."""
import streamlit as st

from analytics.plotting.overview_outlets import outlet_tone
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("tone"))
st.caption(ui.subtitle())

left, right = st.columns(2)
with left:
    ui.chart(outlet_tone(v["sentences"], v["articles"], lang=lang(), scheme=ui.scheme()), "tone_outlet",
             t("tone_by_outlet"))
with right:
    ui.chart(topic_tone_matrix(v["sentences"], v["topics"], script=ui.script(), lang=lang()), "tone_topic",
             t("topic_tone"))

ui.tone_editor(v)
