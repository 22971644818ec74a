"""Narratives: the stories the coverage tells, their terms, how each outlet leans into them, and where
they sit in each article."""
import streamlit as st

from analytics import filters as flt, topic_overrides as overrides
from analytics.plotting.theme_sunburst import theme_sunburst
from analytics.plotting.topic_flow import topic_flow
from analytics.plotting.topic_map import topic_map
from analytics.plotting.topic_share import topic_share
from analytics.plotting.topic_terms import topic_terms
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from dashboard import auth, components as ui, data
from dashboard.i18n import lang, t

v = ui.view()
script = ui.script()

st.title(t("narratives"))
st.caption(ui.subtitle())

ui.chart(ui.figure(theme_sunburst, v["sentences"], v["topics"], v.get("themes", v["topics"].iloc[:0]), script=script, lang=lang()),
         "nar_themes", t("theme_sunburst"))
ui.chart(ui.figure(topic_terms, v["topics"], script=script, lang=lang()), "nar_terms", t("topic_terms"), drill=False)
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(topic_share, v["sentences"], v["articles"], v["topics"], script=script, lang=lang()), "nar_share",
             t("topic_share"))
with right:
    ui.chart(ui.figure(topic_tone_matrix, v["sentences"], v["topics"], script=script, lang=lang()), "nar_tone",
             t("topic_tone"))
ui.chart(ui.figure(topic_map, v["sentences"], v["topics"], coords=ui.derived(flt.map_coords, v["sentences"]), script=script, lang=lang()),
         "nar_map", t("topic_map"))
ui.chart(ui.figure(topic_flow, v["sentences"], v["topics"], v["articles"], script=script, lang=lang()), "nar_flow",
         t("topic_flow"))
ui.table(v["topics"], "nar_table", t("topics_table"))

with st.expander(t("adjust_topics")):
    st.caption(t("adjust_help"))
    locked = not auth.can_write()
    if locked:
        st.info(auth.read_only_reason())
    tables = data.tables()
    level = st.radio(t("topic_level"), ["theme", "narrative"], horizontal=True, key="adj_level",
                     format_func=lambda x: t(f"level_{x}"))
    rows = tables.get("themes") if level == "theme" else tables["topics"][tables["topics"]["topic_id"] >= 0]
    rows = rows if rows is not None else tables["topics"].iloc[:0]
    keys = overrides.keys(rows.assign(level=level))
    label_of = dict(zip(rows["topic_id"].astype(int), rows["label_hant" if script == "Hant" else "label"]))
    if level == "theme":
        k = st.number_input(t("n_themes"), min_value=0, max_value=60, value=len(rows), step=1, key="adj_k")
        if st.button(t("apply"), key="adj_k_go", disabled=locked):
            data.record_topic_override("theme", "k", value=str(int(k)))
            st.rerun()
    pick = st.selectbox(t("rename_topic"), list(label_of), format_func=lambda i: label_of[i], key="adj_pick")
    name = st.text_input(t("new_name"), key="adj_name")
    if st.button(t("rename_topic"), key="adj_rename_go", disabled=locked) and pick is not None and name.strip():
        data.record_topic_override(level, "rename", keys[pick], name)
        st.rerun()
    into = st.selectbox(t("merge_topic"), [i for i in label_of if i != pick], format_func=lambda i: label_of[i],
                        key="adj_into")
    if st.button(t("merge_topic"), key="adj_merge_go", disabled=locked) and pick is not None and into is not None:
        data.record_topic_override(level, "merge", keys[pick], keys[into])
        st.rerun()
