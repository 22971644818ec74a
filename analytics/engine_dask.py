"""The distributed engine: the per-article stages (read, prepare, SnowNLP scoring) on a dask.distributed cluster.

Each task reads its partition of the corpus file list itself, prepares the articles the store does not hold
yet and writes them as Parquet to a work folder beside the store; the client reads those partitions back and
runs the corpus-level stages, so the tables equal the local engine's. Finished tables are also written as
Parquet files beside the store (``data/narrative.parquet/<table>.parquet``), which DuckDB and pandas read.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from analytics import pipeline
from analytics.corpus import Article, read_bytes

PARTITION_ARTICLES = 50  # at most this many articles per prepare task
SCORE_CHUNK = 5000  # at most this many unique sentences per SnowNLP task
SENTENCE_BASE = ["article_id", "sentence_idx", "start", "end", "text", "text_hans"]
STAMP = "_store_stamp.json"
# local workers leave Ctrl-C to the client, which stops them; a task cut short by that stop is not news
LOCAL_WORKER_SETUP = ("import logging, signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                      "logging.getLogger('distributed.worker.state_machine').setLevel(logging.ERROR)\n")


class EngineUnavailable(ValueError):
    """dask[distributed] is not installed, so the dask engine cannot run."""


def parquet_dir(db: Path | str) -> Path:
    """The folder of Parquet tables beside a store: ``data/narrative.parquet`` for ``data/narrative.duckdb``."""
    return Path(db).with_suffix(".parquet")


def work_dir(db: Path | str) -> Path:
    """The folder beside a store where tasks write their Parquet partitions during a build."""
    return Path(db).with_name(f".{Path(db).name}.dask-work")


def partitions(arts: list[Article], size: int) -> list[list[tuple[str, str, str]]]:
    """Split the articles, in order, into runs of ``size``; each entry is (file path, article_id, content
    hash), so a task reads its files itself (a table file split across runs is read by each of them)."""
    entries = [(art.path, art.article_id, pipeline.content_hash(art)) for art in arts]
    return [entries[i:i + size] for i in range(0, len(entries), size)]


def _write_partition(prepared: list[pipeline.Prepared], stem: Path) -> None:
    """Prepared articles as two Parquet files: ``<stem>.articles.parquet`` and ``<stem>.sentences.parquet``."""
    pd.DataFrame({
        "article_id": [p.article["article_id"] for p in prepared],
        "article": [json.dumps(p.article, ensure_ascii=False) for p in prepared],
        "text": [p.text for p in prepared],
        "text_hans": [p.text_hans for p in prepared],
    }).to_parquet(f"{stem}.articles.parquet", index=False)
    frames = [p.sentences[SENTENCE_BASE] for p in prepared if len(p.sentences)]
    sents = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({
        "article_id": pd.Series(dtype=str), "sentence_idx": pd.Series(dtype="int64"),
        "start": pd.Series(dtype="int64"), "end": pd.Series(dtype="int64"),
        "text": pd.Series(dtype=str), "text_hans": pd.Series(dtype=str)})
    sents.to_parquet(f"{stem}.sentences.parquet", index=False)


def read_partition(stem: Path | str) -> list[pipeline.Prepared]:
    """The prepared articles of one Parquet partition, as ``pipeline.prepare_article`` returned them."""
    arts = pd.read_parquet(f"{stem}.articles.parquet")
    sents = pd.read_parquet(f"{stem}.sentences.parquet")
    by_article = dict(tuple(sents.groupby("article_id", sort=False)))
    empty = pd.DataFrame(columns=SENTENCE_BASE)
    return [pipeline.Prepared(json.loads(meta), text, hans,
                              by_article[aid].reset_index(drop=True) if aid in by_article else empty)
            for aid, meta, text, hans in zip(arts["article_id"], arts["article"], arts["text"], arts["text_hans"])]


def prepare_partition(entries: list[tuple[str, str, str]], manifest: dict[str, dict[str, str]], stem: str) -> str:
    """Task: read the partition's files, prepare the listed articles and write them to Parquet at ``stem``.

    The corpus must be at the same path on every worker; an article whose content changed since the
    client read it fails the task rather than mixing two versions into one store."""
    wanted: dict[str, dict[str, str]] = {}
    for path, aid, key in entries:
        wanted.setdefault(path, {})[aid] = key
    found: dict[str, Article] = {}
    for path, ids in wanted.items():
        for art in read_bytes(path, Path(path).read_bytes()).articles:
            if art.article_id in ids and art.article_id not in found:
                art.manifest = dict(manifest.get(art.article_id, {}))
                found[art.article_id] = art
    prepared = []
    for path, aid, key in entries:
        art = found.get(aid)
        if art is None or pipeline.content_hash(art) != key:
            raise ValueError(f"{path}: article {aid} changed or vanished during the build; run it again")
        prepared.append(pipeline.prepare_article(art))
    _write_partition(prepared, Path(stem))
    return stem


def score_chunk(texts: list[str], out: str) -> str:
    """Task: SnowNLP scores of unique Simplified sentences, written to Parquet as (text_key, score)."""
    from analytics.tone import snownlp_scores

    pd.DataFrame({"text_key": [pipeline.text_key(t) for t in texts],
                  "score": snownlp_scores(texts)}).to_parquet(out, index=False)
    return out


class DaskEngine:
    """Runs a build's per-article stages on a dask.distributed cluster: the scheduler at ``scheduler``
    (``tcp://host:8786``), else a LocalCluster of ``workers`` single-threaded processes.

    Use as a context manager around ``store.build(..., engine=engine)``; the store calls
    ``prepare_articles`` and ``score_snownlp`` and then ``publish`` once the store is written."""

    def __init__(self, db: Path | str, scheduler: str | None = None, workers: int | None = None,
                 partition_articles: int = PARTITION_ARTICLES) -> None:
        self.db = Path(db)
        self.scheduler = scheduler
        self.workers = workers
        self.partition_articles = partition_articles
        self.client_ = None
        self.cluster_ = None
        self.work_ = work_dir(self.db) / uuid.uuid4().hex[:12]

    def __enter__(self) -> DaskEngine:
        try:
            import dask.distributed  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailable("the dask engine needs dask[distributed]: pip install '.[scale]'") from exc
        return self

    def _client(self):
        """The cluster's client, connected (or the local cluster started) on first use, so a build with
        nothing to compute never starts one."""
        if self.client_ is None:
            from dask.distributed import Client, LocalCluster

            if self.scheduler:
                self.client_ = Client(self.scheduler, timeout="30s")
            else:
                self.cluster_ = LocalCluster(n_workers=self.workers or pipeline.default_workers(),
                                             threads_per_worker=1, processes=True, dashboard_address=None,
                                             preload=[LOCAL_WORKER_SETUP])
                self.client_ = Client(self.cluster_)
        return self.client_

    def __exit__(self, *exc) -> None:
        # an interrupted gather's pending waits and a slow worker killed at close are not news
        quiet = [logging.getLogger("distributed.nanny")] + ([logging.getLogger("asyncio")] if exc[0] else [])
        levels = [q.level for q in quiet]
        for q in quiet:
            q.setLevel(logging.CRITICAL)
        try:
            if self.client_ is not None:
                self.client_.close()
            if self.cluster_ is not None:
                self.cluster_.close()
        finally:
            for q, level in zip(quiet, levels):
                q.setLevel(level)
        shutil.rmtree(self.work_, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.work_.parent.rmdir()

    def _n_workers(self) -> int:
        return max(1, sum(self._client().nthreads().values()))

    def _run(self, func, jobs: Iterable[tuple]) -> list[str]:
        futures = [self._client().submit(func, *job, pure=False) for job in jobs]
        return self._client().gather(futures)

    def _fresh_work_dir(self, name: str) -> Path:
        folder = self.work_ / f"{name}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        return folder.resolve()

    def prepare_articles(self, arts: list[Article]) -> list[pipeline.Prepared]:
        """``pipeline.prepare_articles`` on the cluster, through Parquet partitions; same results, same order."""
        if not arts:
            return []
        folder = self._fresh_work_dir("prepared")
        size = max(1, min(self.partition_articles, -(-len(arts) // (self._n_workers() * 2))))
        parts = partitions(arts, size)
        manifest = {a.article_id: a.manifest for a in arts if a.manifest}
        manifests = [{aid: manifest[aid] for _, aid, _ in part if aid in manifest} for part in parts]
        stems = self._run(prepare_partition, ((part, man, str(folder / f"part-{i:05d}"))
                                              for i, (part, man) in enumerate(zip(parts, manifests))))
        by_id = {p.article["article_id"]: p for stem in stems for p in read_partition(stem)}
        shutil.rmtree(folder, ignore_errors=True)
        return [by_id[a.article_id] for a in arts]

    def score_snownlp(self, prepared: list[pipeline.Prepared], cache: pd.DataFrame) -> pd.DataFrame:
        """The SnowNLP cache table extended with every unique sentence not in it, scored on the cluster and
        added in first-appearance order, as ``pipeline.score_snownlp`` would."""
        known = set(cache["text_key"])
        todo: dict[str, str] = {}
        for p in prepared:
            for text in p.sentences["text_hans"]:
                key = pipeline.text_key(text)
                if key not in known and key not in todo:
                    todo[key] = text
        if not todo:
            return cache
        folder = self._fresh_work_dir("snownlp")
        texts = list(todo.values())
        size = max(1, min(SCORE_CHUNK, -(-len(texts) // (self._n_workers() * 2))))
        outs = self._run(score_chunk, ((texts[i:i + size], str(folder / f"scores-{i // size:05d}.parquet"))
                                       for i in range(0, len(texts), size)))
        scores = pd.concat([pd.read_parquet(o) for o in outs], ignore_index=True)
        shutil.rmtree(folder, ignore_errors=True)
        merged = dict(zip(cache["text_key"], cache["score"]))
        merged.update(zip(scores["text_key"], scores["score"]))
        return pd.DataFrame({"text_key": list(merged), "score": list(merged.values())})

    def publish(self, db: Path | str) -> Path:
        """Write the store's tables as Parquet beside it (see ``write_parquet``)."""
        return write_parquet(db)


def _stamp(db: Path) -> dict[str, int]:
    st = db.stat()
    return {"mtime_ns": st.st_mtime_ns, "size": st.st_size, "inode": st.st_ino}


def parquet_current(db: Path | str) -> bool:
    """Whether the Parquet folder beside the store was written from the store as it is now."""
    db = Path(db)
    stamp = parquet_dir(db) / STAMP
    return db.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == _stamp(db)


def write_parquet(db: Path | str) -> Path:
    """Copy every table of the store to ``<store>.parquet/<table>.parquet`` (DuckDB's own COPY, so the
    files hold exactly the store's rows and types) and replace the folder whole."""
    from analytics import store

    db = Path(db)
    out = parquet_dir(db)
    with store.write_lock(db):
        stamp = _stamp(db)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            with duckdb.connect(str(db), read_only=True) as con:
                for (name,) in con.execute("select table_name from information_schema.tables").fetchall():
                    target = str(tmp / f"{name}.parquet").replace("'", "''")
                    con.execute(f"copy \"{name}\" to '{target}' (format parquet)")
            (tmp / STAMP).write_text(json.dumps(stamp))
            old = out.with_name(f".{out.name}.{os.getpid()}.old")
            shutil.rmtree(old, ignore_errors=True)
            if out.exists():
                os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def load_parquet_tables(folder: Path | str, names: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Tables from a Parquet folder written by ``write_parquet`` (all of them when ``names`` is None)."""
    folder = Path(folder)
    names = list(names) if names is not None else sorted(p.name[:-len(".parquet")] for p in folder.glob("*.parquet"))
    with duckdb.connect() as con:
        return {n: con.execute("select * from read_parquet(?)", [str(folder / f"{n}.parquet")]).df() for n in names}
