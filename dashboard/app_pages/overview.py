"""Overview: the story in thirty seconds — headline numbers, narratives and their tone, the facts
several outlets quote (and whether they agree), and the most quoted voices."""
import streamlit as st

from analytics.plotting.overview_claims import disputed_claims, headline_status
from analytics.plotting.overview_narratives import narratives_tone
from analytics.plotting.overview_outlets import outlet_tone
from analytics.plotting.overview_voices import top_voices
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()
k = ui.summary()

st.title(t("app_title"))
st.caption(ui.subtitle())

for col, (label, value) in zip(st.columns(6), ui.headline_numbers(k)):
    col.metric(label, value)

st.markdown(f"#### {t('ov_story')}")
st.markdown(ui.escape(ui.story(k)))

left, right = st.columns(2)
with left:
    ui.chart(ui.figure(narratives_tone, v["sentences"], v["topics"], lang=lang(), scheme=ui.scheme()),
             "ov_narratives", t("ov_narratives"))
with right:
    ui.chart(ui.figure(outlet_tone, v["sentences"], v["articles"], lang=lang(), scheme=ui.scheme()),
             "ov_outlets", t("tone_by_outlet"))
left, right = st.columns(2)
with left:
    status = headline_status(v["claims"], v["figures"])
    ui.chart(ui.figure(disputed_claims, v["claims"], v["figures"], lang=lang()), "ov_claims",
             t({"differ": "ov_claims", "close": "ov_claims_mixed", "agree": "ov_claims_agree"}[status]))
with right:
    ui.chart(ui.figure(top_voices, v["citations"], lang=lang(), scheme=ui.scheme()), "ov_voices", t("ov_voices"))
