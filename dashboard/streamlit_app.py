"""Entry point: language, navigation, the global filters, uploads and the report; every run ends by
writing the whole view into the URL."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data, links, ui_charts, ui_filters, ui_uploads, ui_views  # noqa: E402
from dashboard.i18n import t  # noqa: E402

st.set_page_config(page_title="Narratives · 叙事", page_icon=":material/newspaper:", layout="wide")
ui_charts.start_collecting()
links.forget()
ui_filters.read_settings()
with st.sidebar:
    ui_filters.language_widget()

from dashboard import auth, recovery  # noqa: E402  (sign-in and roles; a damaged store is rebuilt first)

auth.gate()
recovery.ensure_store()

overview = "app_pages/overview.py"
pages = [
    st.Page(overview, title=t("overview"), icon=":material/dashboard:", url_path="home", default=True),
    st.Page(overview, title=t("overview"), icon=":material/dashboard:", url_path="overview", visibility="hidden"),
    st.Page("app_pages/tone.py", title=t("tone"), icon=":material/mood:", url_path="tone"),
    st.Page("app_pages/narratives.py", title=t("narratives"), icon=":material/hub:", url_path="narratives"),
    st.Page("app_pages/figures.py", title=t("figures"), icon=":material/pin:", url_path="figures"),
    st.Page("app_pages/voices.py", title=t("voices"), icon=":material/record_voice_over:", url_path="voices"),
    st.Page("app_pages/articles.py", title=t("articles"), icon=":material/menu_book:", url_path="articles"),
    st.Page("app_pages/timeline.py", title="Timeline" if st.session_state.get("lang") == "en" else "时间线",
            icon=":material/timeline:", url_path="timeline"),
    st.Page("app_pages/concordance.py", title="Concordance" if st.session_state.get("lang") == "en" else "语境",
            icon=":material/format_quote:", url_path="concordance"),
    st.Page("app_pages/compare.py", title="Compare" if st.session_state.get("lang") == "en" else "对比",
            icon=":material/compare:", url_path="compare"),
    st.Page("app_pages/data.py", title=t("data"), icon=":material/table:", url_path="data"),
    st.Page("app_pages/method.py", title=t("method"), icon=":material/science:", url_path="method"),
]
page = st.navigation(pages, position="hidden")

if not data.store_exists():
    st.error(t("store_missing", db=data.db_path()))
    ui_filters.write_url()
    st.stop()

opts = data.options()
ui_filters.read_filters(opts)
with st.sidebar:
    st.header(t("filters"))
    ui_filters.filter_widgets(opts)
    st.caption(t("share"))
    report_slot = st.empty()
    with st.expander(t("saved_views"), icon=":material/bookmarks:"):
        ui_views.panel(pages, page)
    with st.expander(t("settings")):
        ui_filters.settings_widgets()
    with st.expander(t("upload"), expanded=bool(st.session_state.get(data.SESSION_UPLOADS))):
        ui_uploads.upload_form()

ui_filters.nav_links(pages)
links.start(st.empty())
page.run()
ui_charts.show_evidence()
ui_charts.report_button(report_slot, page.title)
ui_filters.write_url()
data.warm_up()
