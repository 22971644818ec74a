"""Entry point: language, navigation, the global filters bound to the URL, uploads and the report."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analytics.filters import TONES  # noqa: E402
from dashboard import components as ui, data  # noqa: E402
from dashboard.i18n import LANGS, lang, t  # noqa: E402

st.set_page_config(page_title="Narratives · 叙事", page_icon=":material/newspaper:", layout="wide")
ui.start_collecting()

ui.normalise_url("lang", lambda: {code: (name,) for code, name in LANGS.items()}, LANGS.get, single=True)
with st.sidebar:
    st.radio("语言 · Language", list(LANGS), format_func=LANGS.get, key="lang", bind="query-params",
             horizontal=True)

pages = [
    st.Page("app_pages/overview.py", title=t("overview"), icon=":material/dashboard:", url_path="overview",
            default=True),
    st.Page("app_pages/tone.py", title=t("tone"), icon=":material/mood:", url_path="tone"),
    st.Page("app_pages/narratives.py", title=t("narratives"), icon=":material/hub:", url_path="narratives"),
    st.Page("app_pages/figures.py", title=t("figures"), icon=":material/pin:", url_path="figures"),
    st.Page("app_pages/voices.py", title=t("voices"), icon=":material/record_voice_over:", url_path="voices"),
    st.Page("app_pages/articles.py", title=t("articles"), icon=":material/menu_book:", url_path="articles"),
    st.Page("app_pages/data.py", title=t("data"), icon=":material/table:", url_path="data"),
    st.Page("app_pages/method.py", title=t("method"), icon=":material/science:", url_path="method"),
]
page = st.navigation(pages, position="top")

if not data.store_exists():
    st.error(t("store_missing", db=data.db_path()))
    st.stop()

opts = data.options()
en = lang() == "en"
outlets, cited, topics, ents = opts["outlet"], opts["cited"], opts["topic"], opts["entity"]
outlet_names = dict(zip(outlets["outlet"], outlets["outlet_en"])) if en else {}
cited_names = dict(zip(cited["source"], cited["source_en"])) if en else {}
topic_names = dict(zip(topics["topic_id"].astype(int), topics["label"]))
ent_names = dict(zip(ents["entity_id"], ents["name_en" if en else "name"]))
labels = {
    "outlet": (lambda o: outlet_names.get(o) or o, lambda: ui.aliases(outlets, "outlet", ["outlet_en"])),
    "cited": (lambda s: cited_names.get(s) or s, lambda: ui.aliases(cited, "source", ["source_en"])),
    "topic": (lambda i: f"{i} · {topic_names.get(i, '')}", lambda: ui.topic_aliases(topics)),
    "tone": (t, ui.tone_aliases),
    "entity": (lambda e: ent_names.get(e) or e, lambda: ui.aliases(ents, "entity_id", ["name", "name_en"])),
}
for key, (label_of, known) in labels.items():
    ui.normalise_url(key, known, label_of)
with st.sidebar:
    st.header(t("filters"))
    st.multiselect(t("f_outlet"), list(outlets["outlet"]), key="outlet", bind="query-params",
                   format_func=labels["outlet"][0], placeholder=t("any"))
    st.multiselect(t("f_cited"), list(cited["source"]), key="cited", bind="query-params",
                   format_func=labels["cited"][0], placeholder=t("any"))
    st.multiselect(t("f_topic"), [int(x) for x in topics["topic_id"]], key="topic", bind="query-params",
                   format_func=labels["topic"][0], placeholder=t("any"))
    st.multiselect(t("f_tone"), list(TONES), key="tone", bind="query-params", format_func=labels["tone"][0],
                   placeholder=t("any"))
    st.multiselect(t("f_entity"), list(ents["entity_id"]), key="entity", bind="query-params",
                   format_func=labels["entity"][0], placeholder=t("any"))
    st.text_input(t("f_q"), key="q", bind="query-params", help=t("f_q_help"))
    if ui.current_filters().active:
        st.button(t("clear"), on_click=ui.clear_filters, icon=":material/filter_alt_off:")
    st.caption(t("share"))
    report_slot = st.empty()

    with st.expander(t("settings")):
        st.radio(t("script"), ["Hans", "Hant"], key="script", horizontal=True,
                 format_func=lambda s: "简体" if s == "Hans" else "繁體")
        st.radio(t("colors"), ["western", "cn"], key="colors",
                 format_func=lambda c: t("colors_western" if c == "western" else "colors_cn"))
    with st.expander(t("upload")):
        ui.upload_form()

page.run()
ui.report_button(report_slot, page.title)
data.kaleido_server()
