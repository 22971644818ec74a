"""Overview: the story in thirty seconds — headline numbers, narratives and their tone, disputed
figures, and the most quoted voices."""
import math

import streamlit as st

from analytics import filters as flt
from analytics.plotting.overview_claims import disputed_claims
from analytics.plotting.overview_narratives import narratives_tone
from analytics.plotting.overview_outlets import outlet_tone
from analytics.plotting.overview_voices import top_voices
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()
k = flt.summary(v)

st.title(t("app_title"))
st.caption(ui.subtitle())

c = st.columns(6)
c[0].metric(t("kpi_articles"), k["n_articles"])
c[1].metric(t("kpi_sentences"), k["n_sentences"])
c[2].metric(t("kpi_tone"), "–" if math.isnan(k["tone_mean"]) else f"{k['tone_mean']:+.2f}")
c[3].metric(t("kpi_neg"), "–" if math.isnan(k["share_neg"]) else f"{k['share_neg']:.0%}")
c[4].metric(t("kpi_figures"), k["n_figures"])
c[5].metric(t("kpi_sources"), k["n_sources"])

st.markdown(f"#### {t('ov_story')}")
st.markdown(ui.story(k))

left, right = st.columns(2)
with left:
    ui.chart(narratives_tone(v["sentences"], v["topics"], lang=lang(), scheme=ui.scheme()),
             "ov_narratives", t("ov_narratives"))
with right:
    ui.chart(outlet_tone(v["sentences"], v["articles"], lang=lang(), scheme=ui.scheme()),
             "ov_outlets", t("tone_by_outlet"))
left, right = st.columns(2)
with left:
    disputed = bool(len(v["claims"])) and v["claims"]["disagree"].fillna(False).astype(bool).any()
    ui.chart(disputed_claims(v["claims"], v["figures"], lang=lang()), "ov_claims",
             t("ov_claims" if disputed else "ov_claims_agree"))
with right:
    ui.chart(top_voices(v["citations"], lang=lang(), scheme=ui.scheme()), "ov_voices", t("ov_voices"))
