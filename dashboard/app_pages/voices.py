"""Voices: who is quoted, by which outlets, in what tone, and which entities the coverage names; the
citations table says who said what."""
import streamlit as st

from analytics.plotting.entity_bars import entity_bars
from analytics.plotting.entity_network import entity_network
from analytics.plotting.outlet_source_matrix import outlet_source_matrix
from analytics.plotting.source_tone import source_tone
from dashboard import components as ui
from dashboard.i18n import lang, t

v = ui.view()

st.title(t("voices"))
st.caption(ui.subtitle())

left, right = st.columns(2)
with left:
    ui.chart(ui.figure(source_tone, v["citations"], lang=lang(), scheme=ui.scheme()), "voi_tone", t("source_tone"))
with right:
    ui.chart(ui.figure(outlet_source_matrix, v["citations"], v["articles"], lang=lang()), "voi_matrix", t("outlet_source"))
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(entity_bars, v["entities"], lang=lang()), "voi_entities", t("entity_bars"))
with right:
    ui.chart(ui.figure(entity_network, v["entities"], v["co_mentions"], lang=lang()), "voi_network", t("entity_net"))
ui.table(v["citations"], "voi_cit_table", t("sources_table"))
ui.table(v["entities"], "voi_ent_table", t("entities_table"))
