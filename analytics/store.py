"""The DuckDB store: build from a corpus folder, incremental refresh, corrections, load and export.

Every write goes to a temporary file that replaces the store only once complete, so a build that
fails halfway leaves the previous store intact. Per-article results are reused when an article's
content hash is unchanged, SnowNLP scores are cached by sentence text, and analyst corrections and a
retrained tone model live in their own tables that survive every rebuild.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import inspect
import json
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics import pipeline, topic_overrides
from analytics.corpus import Article, CorpusRead, Skipped, printable, read_corpus

DEFAULT_DB = Path("data/narrative.duckdb")
DEFAULT_CORPUS = Path("seeds")
CONTRACT_TABLES = ("articles", "sentences", "topics", "figures", "claims", "citations", "entities")
KEEP_TABLES = ("snownlp_cache", "tone_corrections", "tone_model", "topic_overrides", "saved_views")
LABELS = ("pos", "neu", "neg")
WRITE_MEMORY = "512MB"  # DuckDB's memory while writing the store (it spills beyond), so a big build stays bounded


@dataclass
class BuildReport:
    """What a build did: counts, reuse and every skipped input with its reason."""

    n_articles: int = 0
    n_sentences: int = 0
    recomputed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    rebuilt: bool = True
    seconds: float = 0.0
    recovered: str = ""

    def summary(self) -> str:
        if not self.rebuilt:
            return f"store up to date ({self.n_articles} articles)"
        return (f"built {self.n_articles} articles, {self.n_sentences} sentences "
                f"({len(self.recomputed)} recomputed, {len(self.reused)} reused, "
                f"{len(self.skipped)} skipped{f', {len(self.kept)} kept from the last build' if self.kept else ''}) "
                f"in {self.seconds:.1f}s")


def corpus_digest(read: CorpusRead) -> str:
    """Digest of the corpus content, its skips and the pipeline version, to tell whether a build is stale."""
    h = hashlib.sha256(pipeline.PIPELINE_VERSION.encode())
    for art in read.articles:
        h.update(pipeline.content_hash(art).encode())
    for sk in read.skipped:
        h.update(str(sk).encode())
    return h.hexdigest()[:32]


def _connect(db: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=read_only)


def default_corpus(db: Path | str) -> Path:
    """The corpus a store was built from (so a bare export never swaps its articles), else seeds/."""
    recorded = _recorded_corpus(Path(db))
    return Path(recorded) if recorded and Path(recorded).is_dir() else DEFAULT_CORPUS


def table_names(db: Path | str) -> list[str]:
    """Tables present in the store (empty when it does not exist)."""
    db = Path(db)
    if not db.exists():
        return []
    with _connect(db) as con:
        return [r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()]


def load_tables(db: Path | str, names: list[str] | tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Read tables from the store into DataFrames (all tables when ``names`` is None)."""
    db = Path(db)
    if not db.exists():
        raise FileNotFoundError(f"store not found: {db} (run `python -m analytics build`)")
    with _connect(db) as con:
        present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        wanted = list(names) if names is not None else sorted(present)
        missing = [n for n in wanted if n not in present]
        if missing:
            raise KeyError(f"table(s) not in store {db}: {', '.join(missing)}")
        return {n: con.execute(f'select * from "{n}"').df() for n in wanted}


def _build_info(db: Path) -> dict[str, str]:
    if "build_info" not in table_names(db):
        return {}
    return dict(load_tables(db, ["build_info"])["build_info"].itertuples(index=False, name=None))


class EmptyCorpusError(ValueError):
    """No article could be read from the corpus (the store is left as it was); ``skipped`` says why."""

    def __init__(self, corpus: Path, skipped: list[Skipped]) -> None:
        super().__init__(f"no readable article in {printable(str(corpus))} ({len(skipped)} input(s) skipped); "
                         "the store was not changed")
        self.skipped = skipped


_LOCKS: dict[str, list] = {}
_LOCKS_GUARD = threading.Lock()
os.register_at_fork(after_in_child=_LOCKS.clear)  # a forked process holds no lock of its parent's


def lock_path(db: Path | str) -> Path:
    """The lock file beside the store that every writer holds across its read-modify-write."""
    return Path(db).with_name(f".{Path(db).name}.lock")


def _flock(path: Path) -> int:
    """Open and exclusively lock ``path``, retrying when a releasing writer removed it meanwhile."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


@contextlib.contextmanager
def write_lock(db: Path | str):
    """Hold the store's write lock (flock on a file beside it, across processes and threads; re-entrant
    in one thread), so concurrent corrections, retrains and builds never lose each other's change."""
    db = Path(db)
    with _LOCKS_GUARD:
        entry = _LOCKS.setdefault(str(db.resolve()), [threading.RLock(), None, 0])
    with entry[0]:
        if entry[2] == 0:
            db.parent.mkdir(parents=True, exist_ok=True)
            entry[1] = _flock(lock_path(db))
        entry[2] += 1
        try:
            yield
        finally:
            entry[2] -= 1
            if entry[2] == 0:
                fd, entry[1] = entry[1], None
                lock_path(db).unlink(missing_ok=True)
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)


def _locked(func):
    """Run a store write under ``write_lock`` of its ``db`` argument."""
    sig = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        with write_lock(bound.arguments["db"]):
            return func(*args, **kwargs)

    return wrapper


_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp(\.wal)?$")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(db: Path) -> list[Path]:
    """Remove temporary files (``.tmp``, ``.tmp.wal``) that a killed writer left beside the store."""
    removed = []
    if not db.parent.is_dir():
        return removed
    for p in db.parent.iterdir():
        m = _STALE.match(p.name)
        if m and m["name"] in (db.name, kept_copy(db).name[1:]) and not _pid_alive(int(m["pid"])):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def kept_copy(db: Path | str) -> Path:
    """A second copy of the analyst's tables (corrections, model, topic overrides, build info) beside the
    store, read when a damaged store has lost them."""
    return Path(db).with_name(f".{Path(db).name}.kept")


def _write_db(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write tables to a fresh temporary database, then atomically replace ``path``."""
    tmp = path.with_name(f".{path.name.lstrip('.')}.{os.getpid()}.tmp")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(tmp), config={"memory_limit": WRITE_MEMORY}) as con:
            for name, df in tables.items():
                con.register("_df", df)
                con.execute(f'create table "{name}" as select * from _df')
                con.unregister("_df")
            con.execute("checkpoint")
        os.replace(tmp, path)
    finally:
        for p in (tmp, Path(str(tmp) + ".wal")):
            p.unlink(missing_ok=True)


def _write(db: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace the store atomically with ``tables``, then refresh the copy of the analyst's tables."""
    if db.is_dir():
        raise IsADirectoryError(21, "is a folder, not a store file", str(db))
    db.parent.mkdir(parents=True, exist_ok=True)
    _write_db(db, tables)
    _write_db(kept_copy(db), {n: tables[n] for n in (*KEEP_TABLES, "build_info")
                              if n in tables and n != "snownlp_cache"})


def store_damage(db: Path | str) -> str | None:
    """Why the store cannot be read whole (truncated, half-written, not a store), or None when it reads
    completely or does not exist; every table is read, so a damaged block anywhere is found."""
    db = Path(db)
    if not db.exists() or db.is_dir():
        return None
    try:
        with _connect(db) as con:
            names = [r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()]
            if "build_info" not in names:
                return "not a store built by this program (no build_info table)"
            for name in names:
                con.execute(f'select count(*), bit_xor(hash("{name}")) from "{name}"').fetchone()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None


def _readable_table(path: Path, name: str) -> pd.DataFrame | None:
    try:
        with _connect(path) as con:
            con.execute(f'select count(*), bit_xor(hash("{name}")) from "{name}"').fetchone()
            return con.execute(f'select * from "{name}"').df()
    except (duckdb.Error, OSError):
        return None


def _recorded_corpus(db: Path) -> str | None:
    """The corpus folder recorded at the last build, from the store or, when it is damaged, its copy."""
    for path in (db, kept_copy(db)):
        if path.is_file():
            info = _readable_table(path, "build_info")
            if info is not None:
                return dict(zip(info["key"], info["value"])).get("corpus")
    return None


def _salvage(db: Path, damage: str) -> tuple[dict[str, pd.DataFrame], str]:
    """Move a damaged store aside and read back what rebuilding cannot recompute (corrections, model,
    topic overrides) from it or from its copy; say what was kept and what was lost."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
    os.replace(db, backup)
    wal = Path(str(db) + ".wal")
    if wal.exists():
        os.replace(wal, Path(str(backup) + ".wal"))
    kept, lost = {}, []
    for name in KEEP_TABLES:
        df = _readable_table(backup, name)
        if df is None:
            df = _readable_table(kept_copy(db), name)
        if df is not None:
            kept[name] = df
        elif name not in ("snownlp_cache", "saved_views"):  # a cache, and a table most stores never get
            lost.append(name)
    n_corr = len(kept.get("tone_corrections", ()))
    msg = (f"store {printable(str(db))} was damaged ({printable(damage)}); moved to {printable(backup.name)} "
           f"and rebuilt from the corpus")
    msg += f", keeping {n_corr} correction(s)" if "tone_corrections" in kept else ""
    msg += f"; could not read {', '.join(lost)} from the damaged store or its copy: lost" if lost else ""
    return kept, msg


def skipped_inputs(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The inputs the last build skipped, one ``skipped <file>: <reason>`` line each (from build_info)."""
    info = tables.get("build_info")
    if info is None or info.empty:
        return []
    raw = dict(zip(info["key"], info["value"])).get("skipped") or "[]"
    return [str(Skipped(p, r)) for p, r in json.loads(raw)]


def kept_tables(db: Path) -> dict[str, pd.DataFrame]:
    """Tables that survive rebuilds, read from the current store (empty defaults when new)."""
    present = set(table_names(db))
    kept = load_tables(db, [n for n in KEEP_TABLES if n in present]) if present else {}
    kept.setdefault("snownlp_cache", pd.DataFrame({"text_key": pd.Series(dtype=str), "score": pd.Series(dtype=float)}))
    kept.setdefault("tone_corrections", pd.DataFrame({
        "article_id": pd.Series(dtype=str), "sentence_idx": pd.Series(dtype=int), "text_key": pd.Series(dtype=str),
        "text": pd.Series(dtype=str), "label": pd.Series(dtype=str), "created": pd.Series(dtype=float),
        "user": pd.Series(dtype=str), "old_label": pd.Series(dtype=str), "correction_id": pd.Series(dtype=str),
        "undone": pd.Series(dtype=float),
    }))
    kept.setdefault("topic_overrides", topic_overrides.empty())
    kept.setdefault("tone_model", pd.DataFrame({
        "created": pd.Series(dtype=float), "model_json": pd.Series(dtype=str), "metrics_json": pd.Series(dtype=str),
    }))
    return kept


def current_tone_model(kept: dict[str, pd.DataFrame]):
    """The analyst-retrained tone model if one was saved, else None (the shipped default)."""
    from analytics.tone import NewsToneModel

    models = kept["tone_model"]
    if models.empty:
        return None
    return NewsToneModel.from_dict(json.loads(models.sort_values("created").iloc[-1]["model_json"]))


def reusable_prepared(db: Path) -> dict[str, pipeline.Prepared]:
    """Prepared articles from the current store, keyed by content hash."""
    present = set(table_names(db))
    if not {"articles", "sentences", "article_texts"} <= present:
        return {}
    t = load_tables(db, ["articles", "sentences", "article_texts"])
    base_cols = ["article_id", "sentence_idx", "start", "end", "text", "text_hans"]
    meta_cols = ["article_id", "title", "headline", "outlet", "outlet_en", "author", "published", "published_source",
                 "url", "platform", "script", "source_line", "n_chars", "encoding", "source_path", "content_hash"]
    texts = t["article_texts"].set_index("article_id")
    by_article = dict(tuple(t["sentences"][base_cols].groupby("article_id", sort=False)))
    out = {}
    for row in t["articles"][[c for c in meta_cols if c in t["articles"]]].to_dict("records"):
        aid = row["article_id"]
        if aid not in texts.index:
            continue
        sents = by_article.get(aid, pd.DataFrame(columns=base_cols)).reset_index(drop=True)
        row = {k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in row.items()}
        out[row["content_hash"]] = pipeline.Prepared(row, texts.at[aid, "text"], texts.at[aid, "text_hans"], sents)
    return out


@_locked
def build(corpus: Path | str = DEFAULT_CORPUS, db: Path | str = DEFAULT_DB, progress: bool | None = None,
          force: bool = False, engine=None) -> BuildReport:
    """Build or refresh the store from a corpus folder; unchanged stores are left untouched, a damaged
    one is moved aside and rebuilt keeping the analyst's tables (``report.recovered`` says so). An
    ``engine`` (``engine_dask.DaskEngine``) runs the per-article stages elsewhere and publishes Parquet."""
    start = time.perf_counter()
    db, corpus = Path(db), Path(corpus)
    if db.is_dir():
        raise IsADirectoryError(21, "is a folder, not a store file", str(db))
    clean_stale(db)
    read = read_corpus(corpus)
    report = BuildReport(n_articles=len(read.articles), skipped=list(read.skipped))
    digest = corpus_digest(read)
    damage = store_damage(db)
    if damage and not read.articles:
        raise EmptyCorpusError(corpus, report.skipped)
    salvaged: dict[str, pd.DataFrame] = {}
    if damage:
        salvaged, report.recovered = _salvage(db, damage)
    info = _build_info(db)
    if not force and info.get("corpus_digest") == digest and info.get("corpus") == str(corpus.resolve()):
        report.rebuilt = False
        report.skipped = [Skipped(p, r) for p, r in json.loads(info.get("skipped") or "[]")] or report.skipped
        return report
    kept = {**kept_tables(db), **salvaged}
    reuse = reusable_prepared(db)
    prepared = _keep_unreadable(reuse, read, report)
    keys = [pipeline.content_hash(art) for art in read.articles]
    todo = [a for a, k in zip(read.articles, keys) if k not in reuse]
    fresh = iter(engine.prepare_articles(todo) if engine is not None else todo)  # locally prepared in the pass
    for art, key in zip(read.articles, keys):
        if key in reuse:
            prepared.append(reuse[key])
            report.reused.append(art.article_id)
        else:
            prepared.append(next(fresh))
            report.recomputed.append(art.article_id)
    if not prepared:
        raise EmptyCorpusError(corpus, report.skipped)
    if engine is not None:
        kept["snownlp_cache"] = engine.score_snownlp(prepared, kept["snownlp_cache"])
    tables = _analyse(prepared, kept)
    prepared = reuse = None  # type: ignore[assignment]  # free the inputs before the store is written
    report.n_sentences = len(tables["sentences"])
    tables["build_info"] = pd.DataFrame({
        "key": ["corpus_digest", "corpus", "pipeline_version", "built_at", "skipped"],
        "value": [digest, str(corpus.resolve()), pipeline.PIPELINE_VERSION, str(time.time()),
                  json.dumps([[s.path, s.reason] for s in report.skipped], ensure_ascii=False)],
    })
    _write(db, tables)
    if engine is not None:
        engine.publish(db)
    report.seconds = time.perf_counter() - start
    return report


def _source_key(path: str) -> str:
    """A stored article's source as file name plus row (``name.csv:3``), independent of the folder's path."""
    return os.path.basename(path)


def _keep_unreadable(reuse: dict[str, pipeline.Prepared], read: CorpusRead, report: BuildReport) -> list[pipeline.Prepared]:
    """Stored articles whose file (or row) is still there but no longer readable: keep them, say so.

    A file that turns binary, empty or undecodable is a bad input, not a deletion; dropping the good
    version already in the store would lose the analyst's data.
    """
    present = {a.article_id for a in read.articles}
    stored = [(_source_key(str(p.article.get("source_path", ""))), p) for p in reuse.values()]
    keep: list[pipeline.Prepared] = []
    for i, sk in enumerate(report.skipped):
        key = _source_key(sk.path)
        hits = [p for src, p in stored if p.article["article_id"] not in present
                and (src == key or src.startswith(key + ":"))]
        if hits:
            ids = sorted(p.article["article_id"] for p in hits)
            report.skipped[i] = Skipped(sk.path, f"{sk.reason}; kept the version stored earlier ({', '.join(ids)})")
            report.kept.extend(ids)
            present.update(ids)
            keep.extend(hits)
    report.n_articles += len(keep)
    return keep


def _analyse(prepared: list[pipeline.Prepared | Article], kept: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Run the pipeline with the store's caches, returning analysis tables plus the kept tables."""
    cache = dict(zip(kept["snownlp_cache"]["text_key"], kept["snownlp_cache"]["score"]))
    tables = pipeline.analyse(prepared, cache, kept["tone_corrections"], current_tone_model(kept),
                              topic_overrides=kept["topic_overrides"])
    kept = dict(kept)
    kept["snownlp_cache"] = pd.DataFrame({"text_key": list(cache), "score": list(cache.values())})
    return {**tables, **kept}


@_locked
def record_correction(db: Path | str, article_id: str, sentence_idx: int, label: str, user: str = "") -> dict:
    """Store an analyst's tone label for one sentence; it overrides the model now and after rebuilds.

    The row keeps when (``created``), who (``user``, empty when not signed in), the label it replaces
    (``old_label``) and a ``correction_id`` that ``undo_correction`` takes.
    """
    if label not in LABELS:
        raise ValueError(f"label must be one of {', '.join(LABELS)}, not {label!r}")
    db = Path(db)
    tables = load_tables(db)
    s = tables["sentences"]
    hit = s[(s["article_id"] == article_id) & (s["sentence_idx"] == int(sentence_idx))]
    if hit.empty:
        raise KeyError(f"no sentence {article_id}#{sentence_idx} in {db}")
    row = hit.iloc[0]
    corr = pd.DataFrame([{
        "article_id": article_id, "sentence_idx": int(sentence_idx), "text_key": pipeline.text_key(row["text_hans"]),
        "text": row["text"], "label": label, "created": time.time(), "user": user or "",
        "old_label": str(row["tone_label"]), "correction_id": uuid.uuid4().hex[:12], "undone": float("nan"),
    }])
    tables["tone_corrections"] = pd.concat([_with_history_columns(tables["tone_corrections"]), corr], ignore_index=True)
    reapply_tone(tables)
    _write(db, tables)
    return corr.iloc[0].to_dict()


@_locked
def record_topic_override(db: Path | str, level: str, action: str, key: str = "", value: str = "",
                          corpus: Path | str | None = None, user: str = "") -> BuildReport:
    """Keep an analyst's topic choice (number of themes, rename, merge) and rebuild the store with it;
    the choice survives later rebuilds."""
    db = Path(db)
    row = topic_overrides.override(level, action, key, value, user)
    corpus = Path(corpus) if corpus is not None else default_corpus(db)
    tables = load_tables(db)
    tables["topic_overrides"] = pd.concat([kept_tables(db)["topic_overrides"], row], ignore_index=True)
    _write(db, tables)
    return build(corpus, db, force=True)


def _with_history_columns(corr: pd.DataFrame) -> pd.DataFrame:
    """Corrections with the history columns (user, old_label, correction_id, undone) that older stores lack."""
    corr = corr.copy()
    for col, default in (("user", ""), ("old_label", ""), ("undone", float("nan"))):
        if col not in corr:
            corr[col] = default
    if "correction_id" not in corr:
        corr["correction_id"] = [f"legacy{i}" for i in range(len(corr))]
    return corr


@_locked
def undo_correction(db: Path | str, correction_id: str) -> dict:
    """Undo one correction: it stays in the history marked ``undone``; the sentence gets back the label
    it had before (the previous correction still in force, else the model's)."""
    db = Path(db)
    tables = load_tables(db)
    corr = _with_history_columns(tables["tone_corrections"])
    hit = corr.index[(corr["correction_id"] == correction_id) & corr["undone"].isna()]
    if not len(hit):
        raise KeyError(f"no correction {correction_id} in force in {db}")
    corr.loc[hit, "undone"] = time.time()
    tables["tone_corrections"] = corr
    reapply_tone(tables)
    _write(db, tables)
    return corr.loc[hit[0]].to_dict()


def correction_history(db: Path | str) -> pd.DataFrame:
    """Every correction, newest first: when, who, sentence, old and new label, and when it was undone."""
    corr = _with_history_columns(load_tables(db, ["tone_corrections"])["tone_corrections"])
    return corr.sort_values("created", ascending=False, kind="stable").reset_index(drop=True)


def reapply_tone(tables: dict[str, pd.DataFrame]) -> None:
    """Recompute tone labels and aggregates from model output plus corrections, in place."""
    from analytics import tone

    s = tables["sentences"].copy()
    s["tone_label"] = s["model_label"]
    s = tone.apply_corrections(s, pipeline._match_corrections(s, tables["tone_corrections"]))
    tables["sentences"] = s
    arts = tables["articles"].drop(columns=[c for c in ("n_sentences", "tone_mean", "tone_label", "n_pos", "n_neu", "n_neg")
                                            if c in tables["articles"]])
    merged = arts.merge(tone.article_tone(s), on="article_id", how="left")
    merged["n_sentences"] = merged["n_sentences"].fillna(0).astype(int)
    tables["articles"] = merged[[c for c in pipeline.ARTICLE_COLUMNS if c in merged] +
                                [c for c in merged if c not in pipeline.ARTICLE_COLUMNS]]
    cit = tables.get("citations")
    if cit is not None and not cit.empty:
        cit = cit.drop(columns=[c for c in ("tone", "tone_label") if c in cit])
        tables["citations"] = cit.merge(s[["article_id", "sentence_idx", "tone", "tone_label"]],
                                        on=["article_id", "sentence_idx"], how="left")


@_locked
def retrain_tone(db: Path | str) -> dict:
    """Fold the analyst's corrections into the tone model, store it, and re-score the corpus."""
    from analytics import tone
    from analytics.clean import to_simplified

    db = Path(db)
    tables = load_tables(db)
    corr = tone.active_corrections(tables["tone_corrections"])
    corr = corr.sort_values("created").drop_duplicates(["article_id", "text_key"], keep="last")
    if corr.empty:
        raise ValueError("no corrections recorded yet: nothing to retrain on")
    s = tables["sentences"]
    hans = dict(zip([pipeline.text_key(t) for t in s["text_hans"]], s["text_hans"]))
    texts = [hans.get(k) or to_simplified(t) for k, t in zip(corr["text_key"], corr["text"])]
    base_texts, base_labels = tone.dev_set()
    model, metrics = tone.retrain(base_texts, base_labels, texts, list(corr["label"]))
    tables["tone_model"] = pd.concat([tables["tone_model"], pd.DataFrame([{
        "created": time.time(), "model_json": json.dumps(model.to_dict(), ensure_ascii=False),
        "metrics_json": json.dumps(metrics),
    }])], ignore_index=True)
    s = tone.score_sentences(s.drop(columns=["tone", "tone_label", "model_label"], errors="ignore"), model)
    tables["sentences"] = s
    reapply_tone(tables)
    _write(db, tables)
    return metrics


@_locked
def save_view(db: Path | str, name: str, link: str, user: str = "") -> None:
    """Keep a signed-in analyst's named view (its link) in the store's saved_views table, which survives
    rebuilds; the same user saving the same name again replaces it."""
    from analytics import saved_views

    db = Path(db)
    tables = load_tables(db)
    tables["saved_views"] = saved_views.upsert(tables.get("saved_views"), name, link, user)
    _write(db, tables)


@_locked
def delete_view(db: Path | str, name: str, user: str = "") -> None:
    """Forget one of ``user``'s saved views."""
    from analytics import saved_views

    db = Path(db)
    tables = load_tables(db)
    if "saved_views" in tables:
        tables["saved_views"] = saved_views.remove(tables["saved_views"], name, user)
        _write(db, tables)


def saved_views(db: Path | str, user: str = "") -> pd.DataFrame:
    """``user``'s saved views in the store, newest first (empty when none was saved)."""
    from analytics import saved_views as sv

    if "saved_views" not in table_names(db):
        return sv.empty()
    return sv.of_user(load_tables(db, ["saved_views"])["saved_views"], user)
