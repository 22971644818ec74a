"""Uploads: add articles to this session, analysed with the store's, so they reach every filter, page,
export and the report; the page warns before a reload discards them."""
from __future__ import annotations

import streamlit as st

from analytics import escaping, uploads
from dashboard import data
from dashboard.i18n import lang, t

_MESSAGES = "_upload_messages"
_RELOAD_GUARD = "_upload_reload_guard"  # set once this session has asked the browser to warn before a reload


def upload_form() -> None:
    """Upload articles (bounded per session), analysed in the background worker with a progress bar, then
    rerun so the filters offer their outlets and cited sources; the session keeps them until removed or
    the page is reloaded."""
    st.caption(t("upload_help"))
    st.caption(limits_text())
    files = st.file_uploader(t("upload"), type=["txt", "md", "csv", "jsonl"], accept_multiple_files=True,
                             key="upload_files", label_visibility="collapsed")
    busy = data.SESSION_JOB in st.session_state
    if st.button(t("upload_run"), disabled=not files or busy, icon=":material/upload_file:"):
        try:
            data.start_upload([(f.name, f.getvalue()) for f in files])
        except uploads.LimitError as exc:
            st.session_state[_MESSAGES] = (0, [str(exc)])
        else:
            st.session_state.pop(_MESSAGES, None)
    if data.SESSION_JOB in st.session_state:
        _progress()
    n, skipped = st.session_state.get(_MESSAGES, (0, []))
    for msg in skipped:
        st.warning(escaping.markdown(msg))
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


def limits_text() -> str:
    mb, chars = uploads.MAX_SESSION_BYTES // (1024 * 1024), uploads.MAX_SESSION_CHARS
    return (f"Up to {mb} MB and {chars:,} characters per session." if lang() == "en" else
            f"每个会话最多 {mb} MB、{chars:,} 个字符。")


@st.fragment(run_every=1.0)
def _progress() -> None:
    """The queued or running job's progress, refreshed every second without rerunning the page; when the
    job ends its articles join this session and the whole page reruns."""
    job = st.session_state.get(data.SESSION_JOB)
    if job is None:
        return
    if not job.done:
        ahead = job.position
        text = (f"Waiting: {ahead} upload(s) ahead" if lang() == "en" else f"排队中：前面还有 {ahead} 个上传") \
            if ahead else (job.text or "…")
        st.progress(min(job.progress, 1.0), text=escaping.markdown(text))
        return
    st.session_state[_MESSAGES] = data.finish_upload(job)
    st.rerun()


def _reset() -> None:
    data.drop_uploads()
    st.session_state.pop(_MESSAGES, None)


def warn_before_reload(on: bool) -> None:
    """Ask the browser to confirm leaving the page while this session holds uploads. A session that never
    held any draws no frame at all (one frame less for every page of a stakeholder's visit); once set, the
    frame stays and is switched off, so the page's handler is always cleared by the frame that set it."""
    if not on and not st.session_state.get(_RELOAD_GUARD):
        return
    st.session_state[_RELOAD_GUARD] = True
    st.iframe(
        "<script>window.parent.onbeforeunload = "
        + ("function(e){e.preventDefault(); e.returnValue=''; return '';};" if on else "null;")
        + "</script>", height=1)
