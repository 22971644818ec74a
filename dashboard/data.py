"""Data access for the app: the only module with Streamlit caching.

Store tables and filtered views are cached per store file and modification time (a correction rewrites
the file, so the next read sees it) as shared read-only objects (cache_resource: no copy per read; no
caller mutates them); a visitor's uploaded articles live in that visitor's session only. The kaleido
server for chart export is started once per process and kept warm.
"""
from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from analytics import filters as flt, render, report, store, tables_io

DB_ENV = "NARRATIVE_DB"
SESSION_TABLES = "uploaded_tables"
SESSION_UPLOADS = "uploaded_names"
SESSION_PREPARED = "uploaded_prepared"
SESSION_JOB = "upload_job"
SESSION_CHARS = "uploaded_chars"
SESSION_BYTES = "uploaded_bytes"
MIME = render.MIME


def db_path() -> Path:
    """The store this app reads: $NARRATIVE_DB or data/narrative.duckdb."""
    return Path(os.environ.get(DB_ENV, str(store.DEFAULT_DB)))


def _stamp(db: Path) -> float:
    return db.stat().st_mtime_ns if db.exists() else 0.0


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_tables(db: str, stamp: float) -> dict[str, pd.DataFrame]:
    return flt.prepare(store.load_tables(db))


def store_exists() -> bool:
    return db_path().exists()


def tables() -> dict[str, pd.DataFrame]:
    """All tables this visitor sees: the session's combined tables after an upload, else the store's."""
    if SESSION_TABLES in st.session_state:
        return st.session_state[SESSION_TABLES]
    db = db_path()
    return _store_tables(str(db), _stamp(db))


@st.cache_resource(show_spinner=False, max_entries=64)
def _store_view(db: str, stamp: float, f: flt.Filters) -> dict[str, pd.DataFrame]:
    return flt.apply(_store_tables(db, stamp), f)


def view(f: flt.Filters) -> dict[str, pd.DataFrame]:
    """Tables restricted to the active filters (cached for the shared store)."""
    if SESSION_TABLES in st.session_state:
        return flt.apply(st.session_state[SESSION_TABLES], f)
    db = db_path()
    return _store_view(str(db), _stamp(db), f)


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_options(db: str, stamp: float) -> dict[str, pd.DataFrame]:
    return flt.options(_store_tables(db, stamp))


def options() -> dict[str, pd.DataFrame]:
    """Filter choices for the sidebar."""
    if SESSION_TABLES in st.session_state:
        return flt.options(st.session_state[SESSION_TABLES])
    db = db_path()
    return _store_options(str(db), _stamp(db))


@st.cache_resource(show_spinner=False)
def kaleido_server() -> threading.Thread:
    """Start one kaleido server per process and warm it with a tiny render in the background."""
    render.start_server()

    def warm() -> None:
        try:
            render.to_image(go.Figure(go.Bar(x=["热"], y=[1])), "png", width=50, height=50, scale=1)
        except Exception as exc:  # export stays available; the first click will show the error
            print(f"kaleido warm-up failed: {exc}")

    thread = threading.Thread(target=warm, name="kaleido-warm", daemon=True)
    thread.start()
    return thread


@functools.lru_cache(maxsize=64)
def _chart_bytes(fig_json: str, fmt: str, subtitle: str) -> bytes:
    """PNG/SVG/HTML bytes of a chart with the filters in its subtitle (runs outside the script thread)."""
    return render.export(pio.from_json(fig_json), fmt, subtitle)


def deferred_chart(fig: go.Figure | str, fmt: str, subtitle: str) -> Callable[[], bytes]:
    """A download callback: the chart (a figure or its JSON) is rendered only when the button is clicked."""
    return functools.partial(_chart_bytes, fig if isinstance(fig, str) else fig.to_json(), fmt, subtitle)


def table_bytes(df: pd.DataFrame, fmt: str, about: list[tuple[str, str]] | None = None) -> bytes:
    """CSV (UTF-8 with BOM) or XLSX bytes of a table, ``about`` rows (filters, store, time) first."""
    return tables_io.to_csv_bytes(df, about) if fmt == "csv" else tables_io.to_xlsx_bytes(df, about=about)


def deferred_table(df: pd.DataFrame, fmt: str, about: list[tuple[str, str]] | None = None) -> Callable[[], bytes]:
    return functools.partial(table_bytes, df, fmt, about)


def deferred_report(title: str, subtitle: str, charts: list[tuple[str, go.Figure]],
                    frames: list[tuple[str, pd.DataFrame]], lang: str, **extra) -> Callable[[], bytes]:
    """A download callback building one standalone HTML report of the current view."""
    return functools.partial(report.build, title, subtitle, charts, frames, lang=lang, **extra)


def record_topic_override(level: str, action: str, key: str = "", value: str = "") -> None:
    """Keep an analyst's topic choice in the store (it rebuilds the topics and survives rebuilds)."""
    from dashboard import auth

    store.record_topic_override(db_path(), level, action, key, value, user=auth.user())
    st.cache_resource.clear()


def record_correction(article_id: str, sentence_idx: int, label: str) -> None:
    """Persist an analyst's tone label with who made it; session tables (after uploads) are updated too.
    Only the analyst role may change the shared store (see dashboard/auth.py)."""
    from dashboard import auth

    session = st.session_state.get(SESSION_TABLES)
    uploaded = set(st.session_state.get(SESSION_UPLOADS, []))
    if article_id not in uploaded:
        if not auth.can_write():
            raise PermissionError(auth.read_only_reason())
        store.record_correction(db_path(), article_id, sentence_idx, label, user=auth.user())
    if session is not None:
        st.session_state[SESSION_TABLES] = _correct_session(session, article_id, sentence_idx, label)


def _correct_session(tables: dict[str, pd.DataFrame], article_id: str, sentence_idx: int,
                     label: str) -> dict[str, pd.DataFrame]:
    import time

    from analytics import pipeline

    tables = dict(tables)
    s = tables["sentences"]
    row = s[(s["article_id"] == article_id) & (s["sentence_idx"] == int(sentence_idx))].iloc[0]
    corr = pd.DataFrame([{"article_id": article_id, "sentence_idx": int(sentence_idx),
                          "text_key": pipeline.text_key(row["text_hans"]), "text": row["text"],
                          "label": label, "created": time.time()}])
    tables["tone_corrections"] = pd.concat([tables.get("tone_corrections", corr.iloc[:0]), corr], ignore_index=True)
    store.reapply_tone(tables)
    return tables


def start_upload(files: list[tuple[str, bytes]]):
    """Queue this session's upload for analysis in the worker process (one job at a time, lowest CPU
    priority) and keep the job in the session; raises uploads.LimitError past the session's allowance."""
    from analytics import uploads

    uploads.check_size(files, st.session_state.get(SESSION_BYTES, 0))
    job = uploads.Job(db_path(), files, list(st.session_state.get(SESSION_PREPARED, [])),
                      st.session_state.get(SESSION_CHARS, 0))
    st.session_state[SESSION_BYTES] = st.session_state.get(SESSION_BYTES, 0) + sum(len(b) for _, b in files)
    st.session_state[SESSION_JOB] = job
    return job


def finish_upload(job) -> tuple[int, list[str]]:
    """Take a finished job's tables into this session only. Returns (articles added, messages)."""
    st.session_state.pop(SESSION_JOB, None)
    if job.error:
        return 0, [job.error]
    out = job.outcome
    if out.tables is not None:
        st.session_state[SESSION_TABLES] = flt.prepare(out.tables)
        st.session_state[SESSION_PREPARED] = out.prepared
        st.session_state[SESSION_UPLOADS] = [p.article["article_id"] for p in out.prepared]
        st.session_state[SESSION_CHARS] = st.session_state.get(SESSION_CHARS, 0) + out.chars
    return out.added, out.skipped


def drop_uploads() -> None:
    """Forget this session's uploads and return to the shared store."""
    st.session_state.pop(SESSION_TABLES, None)
    st.session_state.pop(SESSION_UPLOADS, None)
    st.session_state.pop(SESSION_PREPARED, None)
    st.session_state.pop(SESSION_CHARS, None)
    st.session_state.pop(SESSION_BYTES, None)


SEED_LABELS = Path(__file__).resolve().parents[1] / "analytics" / "data" / "tone_seed_heldout.csv"


@st.cache_data(show_spinner=False, max_entries=4)
def _tone_agreement(db: str, stamp: float) -> dict:
    if not SEED_LABELS.exists():
        return {"n": 0}
    return report.tone_agreement(_store_tables(db, stamp)["sentences"], pd.read_csv(SEED_LABELS))


def tone_agreement() -> dict:
    """Agreement of the store's tone labels with the held-out hand labels of seed sentences."""
    db = db_path()
    return _tone_agreement(str(db), _stamp(db))
