"""On start, find a damaged store (truncated, half-written) and rebuild it from its corpus, keeping the
analyst's corrections and model, instead of failing on the first read; the page says it is rebuilding."""
from __future__ import annotations

import logging
import threading

import streamlit as st

from analytics import store
from dashboard import data
from dashboard.i18n import lang

_log = logging.getLogger("dashboard.recovery")
_healthy: set[tuple[str, int, int]] = set()  # (path, mtime, size) already read whole: not read again
_guard = threading.Lock()


def ensure_store() -> None:
    """Check the store once per version of the file; rebuild it when damaged, telling the visitor."""
    db = data.db_path()
    try:
        info = db.stat()
    except OSError:
        return
    key = (str(db), info.st_mtime_ns, info.st_size)
    if key in _healthy:
        return
    damage = store.store_damage(db)
    if damage is None:
        with _guard:
            _healthy.add(key)
        return
    corpus = store.default_corpus(db)
    _log.error("store %s is damaged (%s): rebuilding from %s", db, damage, corpus)
    en = lang() == "en"
    with st.spinner(f"The data store is damaged ({damage}); rebuilding it from {corpus}…" if en
                    else f"数据库已损坏（{damage}），正在从 {corpus} 重建……"):
        report = store.build(corpus, db, progress=False)
    if report.recovered:
        _log.warning(report.recovered)
        st.toast(report.recovered, icon=":material/build:")
