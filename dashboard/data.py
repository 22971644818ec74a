"""Data access for the app: the only module with Streamlit caching.

Store tables and filtered views are cached per store file and modification time (a correction rewrites
the file, so the next read sees it) as shared read-only objects (cache_resource: no copy per read; no
caller mutates them); a large store is read through DuckDB SQL (analytics/sqlview.py: filters pushed
down, exact headline numbers, a bounded sample of rows for charts). Charts and derived tables are built
once per view and shared by every session (``figure``, ``derived``). A visitor's uploaded articles live
in that visitor's session only. The kaleido server for chart export is started once per process and
kept warm, and likely next views are computed ahead in the background.
"""
from __future__ import annotations

import atexit
import collections
import functools
import logging
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from analytics import escaping, filters as flt, render, report, sqlview, store, tables_io

DB_ENV = "NARRATIVE_DB"
SESSION_TABLES = "uploaded_tables"
SESSION_UPLOADS = "uploaded_names"
SESSION_PREPARED = "uploaded_prepared"
SESSION_JOB = "upload_job"
SESSION_CHARS = "uploaded_chars"
SESSION_BYTES = "uploaded_bytes"
MIME = render.MIME
_log = logging.getLogger("dashboard.sessions")


def db_path() -> Path:
    """The store this app reads: $NARRATIVE_DB or data/narrative.duckdb."""
    return Path(os.environ.get(DB_ENV, str(store.DEFAULT_DB)))


def _stamp(db: Path) -> tuple:
    """What cached reads of ``db`` depend on: its modification time (a correction rewrites the file) and
    the SQL-mode settings."""
    return (db.stat().st_mtime_ns if db.exists() else 0, os.environ.get(SQL_ROWS_ENV), os.environ.get(SAMPLE_ENV))


SQL_ROWS_ENV = "NARRATIVE_SQL_ROWS"
SQL_ROWS = 200_000  # a store with more sentences than this is read through DuckDB SQL, not held in pandas
SAMPLE_ENV = "NARRATIVE_SAMPLE_SENTENCES"
SAMPLE = 5_000  # at most this many sentences (whole articles) per view in SQL mode


@st.cache_resource(show_spinner=False, max_entries=4)
def _sql_mode(db: str, stamp: tuple) -> bool:
    return sqlview.n_sentences(db) > int(os.environ.get(SQL_ROWS_ENV, SQL_ROWS))


def sql_mode() -> bool:
    """Whether the shared store is read through SQL (large store, no session uploads)."""
    if SESSION_TABLES in st.session_state or not store_exists():
        return False
    db = db_path()
    return _sql_mode(str(db), _stamp(db))


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_tables(db: str, stamp: tuple) -> dict[str, pd.DataFrame]:
    _trace("tables")
    if _sql_mode(db, stamp):
        return sqlview.light_tables(db)
    return flt.prepare(store.load_tables(db))


def store_exists() -> bool:
    return db_path().exists()


def tables() -> dict[str, pd.DataFrame]:
    """All tables this visitor sees: the session's combined tables after an upload, else the store's
    (in SQL mode only the whole-store metadata: articles, narratives, entities, claims, source names)."""
    if SESSION_TABLES in st.session_state:
        return st.session_state[SESSION_TABLES]
    db = db_path()
    return _store_tables(str(db), _stamp(db))


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _store_sqlview(db: str, stamp: tuple, f: flt.Filters) -> sqlview.View:
    return sqlview.view(db, f, int(os.environ.get(SAMPLE_ENV, SAMPLE)))


@st.cache_resource(show_spinner=False, max_entries=64)
def _store_view(db: str, stamp: tuple, f: flt.Filters) -> dict[str, pd.DataFrame]:
    _trace(f"view {f!r}")
    if _sql_mode(db, stamp):
        return _store_sqlview(db, stamp, f).tables
    return flt.apply(_store_tables(db, stamp), f)


def view(f: flt.Filters) -> dict[str, pd.DataFrame]:
    """Tables restricted to the active filters (cached for the shared store; in SQL mode the rows of a
    bounded sample of whole articles, see ``sample_note``)."""
    if SESSION_TABLES in st.session_state:
        return flt.apply(st.session_state[SESSION_TABLES], f)
    db = db_path()
    return _store_view(str(db), _stamp(db), f)


def sample_note(f: flt.Filters) -> tuple[int, int, int, int] | None:
    """(articles shown, articles in view, sentences shown, sentences in view) when the view's rows are a
    sample, else None."""
    if not sql_mode():
        return None
    db = db_path()
    v = _store_sqlview(str(db), _stamp(db), f)
    return (v.shown_articles, v.n_articles, v.shown_sentences, v.n_sentences) if v.sampled else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _store_summary(db: str, stamp: tuple, f: flt.Filters) -> dict:
    _trace(f"summary {f!r}")
    if _sql_mode(db, stamp):
        return _store_sqlview(db, stamp, f).summary
    return flt.summary(_store_view(db, stamp, f))


def summary(f: flt.Filters) -> dict:
    """Headline numbers of the filtered view, over every row even when charts draw a sample."""
    if SESSION_TABLES in st.session_state:
        return flt.summary(view(f))
    db = db_path()
    return _store_summary(str(db), _stamp(db), f)


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_options(db: str, stamp: tuple) -> dict[str, pd.DataFrame]:
    _trace("options")
    if _sql_mode(db, stamp):
        return sqlview.options(db)
    return flt.options(_store_tables(db, stamp))


def options() -> dict[str, pd.DataFrame]:
    """Filter choices for the sidebar."""
    if SESSION_TABLES in st.session_state:
        return flt.options(st.session_state[SESSION_TABLES])
    db = db_path()
    return _store_options(str(db), _stamp(db))


@st.cache_resource(show_spinner=False, max_entries=64)
def _store_article(db: str, stamp: tuple, article_id: str) -> dict[str, pd.DataFrame]:
    return sqlview.article_rows(db, article_id)


def article(article_id: str) -> dict[str, pd.DataFrame]:
    """One article's sentences, figures, citations and text, for the reader (queried in SQL mode)."""
    if sql_mode():
        db = db_path()
        return _store_article(str(db), _stamp(db), article_id)
    full = tables()
    return {name: full[name][full[name]["article_id"] == article_id]
            for name in ("sentences", "figures", "citations", "article_texts") if name in full}


WARM_OUTLETS = 8  # single-outlet views computed ahead, most frequent outlets first


@st.cache_resource(show_spinner=False, max_entries=4)
def _warm_views(db: str, stamp: tuple) -> threading.Thread:
    """Compute, in the background, what a visitor's first clicks need: the search's segmenter and
    script converter, and the views of the most frequent single outlets and of each tone."""
    def run() -> None:
        try:
            from analytics import segment
            from analytics.clean import to_simplified

            segment.tokenizer()
            to_simplified("預熱")
            opts = _store_options(db, stamp)
            picks = [flt.Filters(outlet=(o,)) for o in list(opts["outlet"]["outlet"])[:WARM_OUTLETS]]
            for f in picks + [flt.Filters(tone=(x,)) for x in flt.TONES]:
                if _STOP.is_set():
                    return
                _store_summary(db, stamp, f)
                _store_view(db, stamp, f)
        except Exception as exc:  # warming is best effort: a view not warmed is computed when asked for
            print(f"view warm-up stopped: {exc}")

    thread = threading.Thread(target=run, name="views-warm", daemon=True)
    thread.start()
    _WARMING.append(thread)
    return thread


_STOP = threading.Event()
_WARMING: list[threading.Thread] = []


@atexit.register
def _stop_warming() -> None:
    """Let a warm-up finish its current query before the interpreter exits (a daemon thread killed inside
    DuckDB aborts the process)."""
    _STOP.set()
    for thread in _WARMING:
        thread.join(timeout=60)


def warm_up() -> None:
    """Called at start-up and at the end of a run: keep the export server warm and compute likely next
    views ahead (each starts once per process and store)."""
    kaleido_server()
    if store_exists():
        db = db_path()
        _warm_views(str(db), _stamp(db))


WARM_TIMEOUT = 120.0  # seconds start-up waits for the export server and the views computed ahead


def warm_start(page: Path) -> None:
    """Before the server answers (dashboard/serve.py): run ``page`` once outside any session, so the
    store's tables, the default view, its charts and the page's imports sit in the process-wide caches
    the first visitor reads; then run the background warm-up to its end. A failure is logged and left to
    the visit."""
    import logging
    import runpy
    import time

    t0 = time.perf_counter()
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # one "missing ScriptRunContext" line per element drawn without a session
    try:
        if store_exists():
            options()
            runpy.run_path(str(page), run_name="__warm__")
    except Exception as exc:  # best effort: a visit computes whatever was not warmed
        print(f"warm start stopped: {exc!r}", flush=True)
    finally:
        quiet.setLevel(level)
    warm_up()
    for thread in [kaleido_server(), *_WARMING]:  # a visitor's run must not share the CPU with them
        thread.join(timeout=WARM_TIMEOUT)
    print(f"warm start done in {time.perf_counter() - t0:.1f} s ({len(_MEMO)} shared figures/tables)", flush=True)


def _trace(what: str) -> None:
    """With NARRATIVE_TRACE_BUILDS=1, print each shared object computed (the warm-start test reads it)."""
    if os.environ.get("NARRATIVE_TRACE_BUILDS") == "1":
        print(f"built: {what}", flush=True)


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


def _chart_bytes(fig: go.Figure | str, fmt: str, subtitle: str, title: str = "") -> bytes:
    """PNG/SVG/HTML bytes of a chart titled for export, with the filters in its subtitle (runs when the
    button is clicked, outside the script run)."""
    fig = pio.from_json(fig) if isinstance(fig, str) else fig
    return render.export(render.titled(fig, title), fmt, subtitle)


def deferred_chart(fig: go.Figure | str, fmt: str, subtitle: str, title: str = "") -> Callable[[], bytes]:
    """A download callback: the chart (a figure or its JSON) is titled and rendered only when the button
    is clicked, so a rerun never serialises or copies a chart for its export buttons."""
    return functools.partial(_chart_bytes, fig, fmt, subtitle, title)


SHARED = "_narrative_shared"
RAW_NAMES = "_narrative_trace_names"
MEMO_SIZE = 128
_MEMO: collections.OrderedDict = collections.OrderedDict()
_MEMO_LOCK = threading.Lock()


def _ident(value: object) -> object:
    """Tables and name maps by identity (the cached views and tables are the same objects on every run
    and in every session), anything else by value."""
    if isinstance(value, (pd.DataFrame, pd.Series, dict, list)):
        return ("id", id(value))
    return ("value", value)


def _memo(fn: Callable, args: tuple, kwargs: dict, make: Callable[[], object]) -> object:
    """A process-wide least-recently-used memo keyed by function and argument identity. Each entry keeps
    its arguments alive, so an id cannot be reused by another object while its entry exists. A session
    with uploads builds its own (its tables are its own and must go when the session ends)."""
    if SESSION_TABLES in st.session_state:
        return make()
    key = (fn.__module__, fn.__qualname__, tuple(_ident(a) for a in args),
           tuple(sorted((k, _ident(v)) for k, v in kwargs.items())))
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key][1]
    value = make()
    _trace(f"{fn.__module__}.{fn.__qualname__}")
    with _MEMO_LOCK:
        _MEMO[key] = ((args, kwargs), value)
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


def figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """``builder(*args, **kwargs)``, escaped for display, built once per view and shared by every rerun
    and session (a rerun or a second visitor redraws without rebuilding). The figure is read-only;
    ui_charts.chart knows it is already escaped."""
    def make() -> go.Figure:
        fig = builder(*args, **kwargs)
        names = [getattr(tr, "name", None) for tr in fig.data]
        fig = escaping.figure(fig)
        setattr(fig, RAW_NAMES, names)
        setattr(fig, SHARED, True)
        return fig

    return _memo(builder, args, kwargs, make)


def derived(fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)`` computed once per view or table set (e.g. sentences joined with their
    articles, display names) and shared; the result is read-only."""
    return _memo(fn, args, kwargs, lambda: fn(*args, **kwargs))


def is_shared(fig: go.Figure) -> bool:
    """Whether ``fig`` came from ``figure`` (escaped, cached, never to be changed in place)."""
    return bool(getattr(fig, SHARED, False))


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
        _report_when_freed(st.session_state[SESSION_TABLES]["articles"], len(out.prepared))
        _watch_session()
        st.session_state[SESSION_PREPARED] = out.prepared
        st.session_state[SESSION_UPLOADS] = [p.article["article_id"] for p in out.prepared]
        st.session_state[SESSION_CHARS] = st.session_state.get(SESSION_CHARS, 0) + out.chars
    return out.added, out.skipped


def _report_when_freed(articles: pd.DataFrame, n: int) -> None:
    """Log when a session's uploaded tables leave memory (the session ended or dropped them), so a test
    and an operator can see that nothing keeps a closed session's data alive."""
    weakref.finalize(articles, _log.info, "freed the uploaded tables of a session (%d articles)", n)


_UPLOAD_KEYS = (SESSION_TABLES, SESSION_UPLOADS, SESSION_PREPARED, SESSION_CHARS, SESSION_BYTES, SESSION_JOB)
_WATCHED: dict[str, list] = {}  # session id -> [its session state, when it was first seen disconnected]
_WATCH_LOCK = threading.Lock()
_JANITOR: list[threading.Thread] = []  # the running janitor, if any (changed under _WATCH_LOCK)


def _watch_session() -> None:
    """Remember this session so its uploads are dropped once it has ended (see ``release_ended_sessions``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _WATCH_LOCK:
        _WATCHED[ctx.session_id] = [ctx.session_state, None]
        if not _JANITOR:
            _JANITOR.append(threading.Thread(target=_janitor, name="uploads-janitor", daemon=True))
            _JANITOR[0].start()


def release_ended_sessions(ttl: float) -> int:
    """Drop the uploads of sessions whose browser has been gone for ``ttl`` seconds; returns how many.
    Streamlit keeps a closed tab's session for reconnects and frees it only when a later disconnect
    happens to expire it, which on a quiet server may be never."""
    import time

    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    runtime, now, ended = Runtime.instance(), time.monotonic(), []
    with _WATCH_LOCK:
        for sid, entry in _WATCHED.items():
            if runtime.is_active_session(sid):
                entry[1] = None
            elif entry[1] is None:
                entry[1] = now
            elif now - entry[1] >= ttl:
                ended.append(sid)
        states = [_WATCHED.pop(sid)[0] for sid in ended]
    for state in states:
        for key in _UPLOAD_KEYS:
            if key in state:
                del state[key]
    return len(states)


def _janitor() -> None:
    import time

    ttl = float(st.get_option("server.disconnectedSessionTTL"))
    while True:
        time.sleep(max(1.0, min(ttl / 2, 30.0)))
        release_ended_sessions(ttl)
        with _WATCH_LOCK:
            if not _WATCHED:
                _JANITOR.clear()
                return


def drop_uploads() -> None:
    """Forget this session's uploads and return to the shared store."""
    st.session_state.pop(SESSION_TABLES, None)
    st.session_state.pop(SESSION_UPLOADS, None)
    st.session_state.pop(SESSION_PREPARED, None)
    st.session_state.pop(SESSION_CHARS, None)
    st.session_state.pop(SESSION_BYTES, None)


SEED_LABELS = Path(__file__).resolve().parents[1] / "analytics" / "data" / "tone_seed_heldout.csv"


@st.cache_data(show_spinner=False, max_entries=4)
def _tone_agreement(db: str, stamp: tuple) -> dict:
    if not SEED_LABELS.exists():
        return {"n": 0}
    labelled = pd.read_csv(SEED_LABELS)
    sentences = (sqlview.sentences_with_text(db, labelled["text"].tolist()) if _sql_mode(db, stamp)
                 else _store_tables(db, stamp)["sentences"])
    return report.tone_agreement(sentences, labelled)


def tone_agreement() -> dict:
    """Agreement of the store's tone labels with the held-out hand labels of seed sentences."""
    db = db_path()
    return _tone_agreement(str(db), _stamp(db))
