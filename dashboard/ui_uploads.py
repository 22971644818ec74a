"""Uploads: add articles to this session, analysed with the store's, so they reach every filter, page,
export and the report; the page warns before a reload discards them."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import t

_MESSAGES = "_upload_messages"


def upload_form() -> None:
    """Upload articles, analyse them with a progress bar, then rerun so the filters offer their outlets
    and cited sources; the session keeps them until removed or the page is reloaded."""
    st.caption(t("upload_help"))
    files = st.file_uploader(t("upload"), type=["txt", "md", "csv", "jsonl"], accept_multiple_files=True,
                             key="upload_files", label_visibility="collapsed")
    if st.button(t("upload_run"), disabled=not files, icon=":material/upload_file:"):
        bar = st.progress(0.0)
        n, skipped = data.analyse_uploads([(f.name, f.getvalue()) for f in files],
                                          lambda frac, text: bar.progress(min(frac, 1.0), text=text))
        bar.empty()
        st.session_state[_MESSAGES] = (n, list(skipped))
        if n:
            st.rerun()
    n, skipped = st.session_state.get(_MESSAGES, (0, []))
    for msg in skipped:
        st.warning(msg)
    if n:
        st.success(t("upload_done", n=n))
    uploaded = st.session_state.get(data.SESSION_UPLOADS)
    if uploaded:
        st.info(t("upload_active", n=len(uploaded)))
        st.caption(t("reload_warning"))
        st.button(t("upload_reset"), on_click=_reset, icon=":material/delete:")
        warn_before_reload(True)
    else:
        warn_before_reload(False)


def _reset() -> None:
    data.drop_uploads()
    st.session_state.pop(_MESSAGES, None)


def warn_before_reload(on: bool) -> None:
    """Ask the browser to confirm leaving the page while this session holds uploads."""
    st.iframe(
        "<script>window.parent.onbeforeunload = "
        + ("function(e){e.preventDefault(); e.returnValue=''; return '';};" if on else "null;")
        + "</script>", height=1)
