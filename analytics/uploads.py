"""A visitor's uploaded files analysed with the store's articles, bounded per session, and run in a
low-priority worker process so one visitor's upload never holds the server's interpreter.

``analyse`` is the computation (pure: no Streamlit); ``Job`` hands it to the worker process
(analytics/upload_worker.py), one job at a time in arrival order, and exposes its queue position, progress
and result to the session that asked.
"""
from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics import corpus, pipeline, store

MAX_SESSION_BYTES = 12 * 1024 * 1024
MAX_SESSION_CHARS = 1_500_000


class LimitError(ValueError):
    """An upload over the session's size or character allowance."""


@dataclass
class Outcome:
    """What an upload produced: the combined tables, this session's prepared articles, counts and skips."""
    tables: dict[str, pd.DataFrame] | None
    prepared: list
    added: int
    chars: int
    skipped: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    cpu_s: float = 0.0


def check_size(files: list[tuple[str, bytes]], used_bytes: int = 0) -> None:
    """Refuse an upload whose bytes, with what the session already sent, exceed MAX_SESSION_BYTES."""
    total = used_bytes + sum(len(b) for _, b in files)
    if total > MAX_SESSION_BYTES:
        raise LimitError(f"uploads are limited to {MAX_SESSION_BYTES // (1024 * 1024)} MB per session "
                         f"({total / 1024 / 1024:.1f} MB with this upload)")


def analyse(db: Path, files: list[tuple[str, bytes]], earlier: list, used_chars: int = 0,
            progress: Callable[[float, str], None] | None = None) -> Outcome:
    """Read ``files``, drop texts already in the store or the session, and analyse the rest with the
    store's articles and the session's ``earlier`` prepared uploads; raises LimitError past
    MAX_SESSION_CHARS characters per session."""
    progress = progress or (lambda frac, text: None)
    articles, skipped = [], []
    for name, data in files:
        read = corpus.read_bytes(name, data)
        articles.extend(read.articles)
        skipped.extend(str(s) for s in read.skipped)
    chars = sum(len(a.raw) for a in articles)
    if used_chars + chars > MAX_SESSION_CHARS:
        raise LimitError(f"uploads are limited to {MAX_SESSION_CHARS:,} characters per session "
                         f"({used_chars + chars:,} with this upload)")
    reuse = store.reusable_prepared(db)
    kept = store.kept_tables(db)
    base = list(reuse.values())
    seen = {p.article["content_hash"]: p.article["article_id"] for p in base + earlier}
    fresh = []
    for art in articles:
        key = pipeline.content_hash(art)
        if key in seen:
            skipped.append(f"skipped {art.path}: same text as article {seen[key]} already shown")
        else:
            seen[key] = art.article_id
            fresh.append(art)
    if not fresh:
        return Outcome(None, earlier, 0, 0, skipped)
    taken = {p.article["article_id"] for p in base + earlier}
    prepared = []
    for i, art in enumerate(fresh, 1):
        progress(0.4 * i / len(fresh), f"{art.article_id}")
        p = pipeline.prepare_article(art)
        own = new_id = p.article["article_id"]
        n = 1
        while new_id in taken:
            n += 1
            new_id = f"upload_{own}" if n == 2 else f"upload_{own}_{n}"
        taken.add(new_id)
        p.article["article_id"] = new_id
        p.sentences["article_id"] = new_id
        prepared.append(p)
    cache = dict(zip(kept["snownlp_cache"]["text_key"], kept["snownlp_cache"]["score"]))

    def tick(step: int, total: int, label: str) -> None:
        progress(0.4 + 0.6 * step / total, label)

    prepared = earlier + prepared
    result = pipeline.analyse(base + prepared, cache, kept["tone_corrections"], store.current_tone_model(kept),
                              progress=tick)
    result["tone_corrections"] = kept["tone_corrections"]
    return Outcome(result, prepared, len(fresh), sum(len(a.raw) for a in fresh), skipped)


def usage() -> tuple[float, float]:
    """This process's peak resident memory (MB) and CPU seconds so far."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_maxrss / 1024, use.ru_utime + use.ru_stime


class _Worker:
    """The one worker process (analytics.upload_worker), started on first use and restarted if it died."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None

    def ensure(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            root = Path(__file__).resolve().parents[1]
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
            self.proc = subprocess.Popen([sys.executable, "-m", "analytics.upload_worker"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, cwd=root, env=env)
            kind, _ = pickle.load(self.proc.stdout)
            if kind != "ready":
                raise RuntimeError("upload worker did not start")
        return self.proc


_WORKER = _Worker()
_TURN = threading.Lock()
_WAITING: list[Job] = []
_WAITING_LOCK = threading.Lock()


class Job:
    """One upload analysed by the worker after the jobs before it (one at a time); poll its state."""

    def __init__(self, db: Path, files: list[tuple[str, bytes]], earlier: list, used_chars: int = 0):
        self.progress, self.text = 0.0, ""
        self.outcome: Outcome | None = None
        self.error: str | None = None
        self.started = self.finished = None
        self._args = (str(db), files, earlier, used_chars)
        with _WAITING_LOCK:
            _WAITING.append(self)
        threading.Thread(target=self._run, name="upload-job", daemon=True).start()

    @property
    def position(self) -> int:
        """Jobs ahead of this one (0 once it runs)."""
        with _WAITING_LOCK:
            return _WAITING.index(self) if self in _WAITING else 0

    @property
    def done(self) -> bool:
        return self.outcome is not None or self.error is not None

    def _run(self) -> None:
        with _TURN:
            with _WAITING_LOCK:
                _WAITING.remove(self)
            self.started = time.monotonic()
            try:
                proc = _WORKER.ensure()
                pickle.dump(self._args, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
                self._args = None
                while True:
                    kind, value = pickle.load(proc.stdout)
                    if kind == "progress":
                        self.progress, self.text = value
                    elif kind == "done":
                        self.outcome = value
                    elif kind == "error":
                        self.error = value
                    elif kind == "exit":
                        if not self.done:
                            self.error = f"the analysis stopped (exit code {value})"
                        break
            except (EOFError, OSError, RuntimeError, pickle.UnpicklingError) as exc:
                self.error = f"the upload worker stopped: {exc}"
            self.finished = time.monotonic()
