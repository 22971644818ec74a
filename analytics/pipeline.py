"""The analysis pipeline, in memory: Article records in, the contract's tables out.

Per-article work (cleaning, splitting, script conversion, SnowNLP, tone model, topic tokens, voices and
figures) runs in one pass over chunks of articles, across a process pool forked once per build; the
prepared text is cached by content so the store can reuse it; corpus-level work (topics, entities,
claims, aggregates) then runs over all sentences. The store persists the result; the dashboard calls the same function for a
visitor's uploads, so both paths compute identical tables.
"""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import clean, dates, sentences as sent
from analytics.corpus import Article

PIPELINE_VERSION = "4"
SENTENCE_HANT_SHARE = 0.1  # Traditional sentences change >= 15% under t2s; 昇 in a Simplified one is ~5%
Progress = Callable[[int, int, str], None]
PARALLEL_MIN_ARTICLES = 50  # below this a process pool costs more than it saves
CHUNK_ARTICLES = 20  # articles per task of the per-article pass; fixed, so results never depend on workers
ORDER_STRIDE = 10_000_000  # sentence order numbers of chunk k start at k * ORDER_STRIDE
BASE_COLUMNS = ["article_id", "sentence_idx", "start", "end", "text", "text_hans"]
_CONTEXT: dict = {}  # the build's tone model and SnowNLP cache, set before forking so workers inherit them
SIDE_MIN_ARTICLES = 150  # below this (~5,000 sentences) a side process for entities and claims costs more than it saves
_WARM_TEXT = ("新华社北京3月5日电 今年一季度全市社会消费品零售总额同比增长4.2%，多家券商认为消费需求仍在恢复。"
              "分析人士表示：“股市下跌之后已有反弹，但市场情绪仍未完全稳定。”")

ARTICLE_COLUMNS = [
    "article_id", "title", "headline", "outlet", "outlet_en", "author", "published", "published_source", "url",
    "platform", "script", "n_sentences", "tone_mean", "tone_label", "theme_id", "source_line", "n_chars", "encoding",
    "source_path", "content_hash",
]
SENTENCE_COLUMNS = [
    "article_id", "sentence_idx", "start", "end", "text", "text_hans", "snownlp", "tone",
    "tone_label", "model_label", "corrected", "topic_id", "map_x", "map_y",
]


def content_hash(article: Article) -> str:
    """Hash of everything that determines an article's per-article results."""
    h = hashlib.sha256()
    for part in (PIPELINE_VERSION, article.raw, json.dumps(article.meta, sort_keys=True),
                 json.dumps(article.manifest, sort_keys=True)):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def text_key(text: str) -> str:
    """Key for per-sentence caches (SnowNLP scores, corrections): hash of the Simplified text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class Prepared:
    """One article after the per-article stage."""

    article: dict
    text: str
    text_hans: str
    sentences: pd.DataFrame


def _merge_meta(art: Article, inferred: dict[str, str]) -> dict[str, str]:
    """Manifest wins over the source's explicit fields, which win over inference from the text."""
    merged = {k: "" for k in ("title", "outlet", "author", "published", "url", "platform", "source_line")}
    for layer in (inferred, art.meta, art.manifest):
        for k, v in layer.items():
            if v:
                merged[k] = v
    return merged


def _simplified_sentence(text: str, script: str) -> str:
    """The Simplified copy of a sentence: converted in a Traditional article, or where the sentence
    itself is Traditional (a quote); left alone otherwise, since t2s rewrites valid Simplified (昇腾 -> 升腾)."""
    if script == "Hant" or clean.detect_script(text, threshold=SENTENCE_HANT_SHARE) == "Hant":
        return clean.to_simplified(text)
    return text


def prepare_article(art: Article) -> Prepared:
    """Clean, split and convert one article (no scoring)."""
    from analytics import packs
    from analytics.voices import normalise_outlet

    packs.activate_for([art.path])
    result = clean.clean_text(art.raw)
    meta = _merge_meta(art, result.meta)
    found = dates.read_published(art.manifest, art.meta, art.raw)
    meta["published"], meta["published_source"] = found.date, found.source
    script = art.manifest.get("script") or clean.detect_script(result.text)
    outlet, outlet_en = normalise_outlet(meta["outlet"])
    rows = []
    hans_text = clean.to_simplified(result.text) if script == "Hant" else result.text
    for s in sent.split_sentences(result.text):
        hans = _simplified_sentence(s.text, script)
        if script != "Hant" and hans != s.text and len(hans) == len(s.text):
            hans_text = hans_text[:s.start] + hans + hans_text[s.end:]
        rows.append({
            "article_id": art.article_id, "sentence_idx": s.idx, "start": s.start, "end": s.end,
            "text": s.text, "text_hans": hans,
        })
    frame = pd.DataFrame(rows, columns=["article_id", "sentence_idx", "start", "end", "text", "text_hans"])
    first = frame["text"].iloc[0] if len(frame) else art.article_id
    headline = meta["title"] or (first if len(first) <= 40 else first[:39] + "…")
    article = {
        "article_id": art.article_id, **meta, "headline": headline, "outlet": outlet, "outlet_en": outlet_en,
        "script": script, "n_chars": len(result.text), "encoding": art.encoding,
        "source_path": art.path, "content_hash": content_hash(art),
    }
    return Prepared(article, result.text, hans_text, frame)


def default_workers() -> int:
    """Processes for the per-article stage: ``ANALYTICS_WORKERS`` if set (1 = serial), else the usable cores."""
    env = os.environ.get("ANALYTICS_WORKERS", "").strip()
    if env:
        return max(1, int(env))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers, so they inherit the loaded segmenter and converter instead of reloading them."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _prepare_chunk(arts: list[Article]) -> list[Prepared]:
    return [prepare_article(a) for a in arts]


def prepare_articles(arts: list[Article], workers: int | None = None) -> list[Prepared]:
    """``prepare_article`` over many articles, in input order; across processes when there are enough."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(arts) <= PARALLEL_MIN_ARTICLES:
        return _prepare_chunk(arts)
    size = max(1, min(50, -(-len(arts) // (workers * 4))))
    chunks = [arts[i:i + size] for i in range(0, len(arts), size)]
    from analytics import packs

    packs.activate_for(a.path for a in arts)
    clean.to_simplified("中")
    with _pool(workers) as ex:
        return [p for chunk in ex.map(_prepare_chunk, chunks) for p in chunk]


def score_snownlp(sentences: pd.DataFrame, cache: dict[str, float]) -> pd.Series:
    """SnowNLP probability for each ``text_hans``, scoring only texts missing from ``cache``."""
    from analytics.tone import snownlp_scores

    keys = [text_key(t) for t in sentences["text_hans"]]
    todo = {k: t for k, t in zip(keys, sentences["text_hans"]) if k not in cache}
    if todo:
        cache.update(zip(todo.keys(), snownlp_scores(list(todo.values()))))
    return pd.Series([cache[k] for k in keys], index=sentences.index, dtype=float)


def analyse(
    prepared: list[Prepared | Article],
    snownlp_cache: dict[str, float] | None = None,
    corrections: pd.DataFrame | None = None,
    tone_model=None,
    progress: Progress | None = None,
    topic_overrides: pd.DataFrame | None = None,
    workers: int | None = None,
) -> dict[str, pd.DataFrame]:
    """Run every stage over articles (prepared ones, or raw ``Article`` records prepared on the way) and
    return every contract table: the per-article pass in chunks across the process pool, then the
    corpus-level stages (topics, entities, claims, aggregates) in this process."""
    from analytics import narratives, packs, themes, tone, tone_check, topic_overrides as overrides

    packs.activate_for(_source_path(p) for p in prepared)
    cache = snownlp_cache if snownlp_cache is not None else {}
    tone_model = tone_model or tone.load_default_model()
    total = 6
    step = 0

    def tick(label: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total, label)

    tick("tone")
    with side_process(len(prepared), default_workers() if workers is None else workers) as feed:
        done = article_pass(prepared, cache, tone_model, workers, side=feed)
        prepared = done.prepared
        articles = pd.DataFrame([p.article for p in prepared])
        published = dict(zip(articles["article_id"], articles["published"]))
        side = feed.start(published) if feed else lambda: _side_stages(done, published)
        sentences, tokens = done.sentences, done.tokens
        corr = _match_corrections(sentences, corrections)
        sentences = tone.apply_corrections(sentences, corr)

        tick("narratives")
        theme_of, theme_rows = themes.assign_themes(sentences, tokens, n_themes=overrides.n_themes(topic_overrides))
        sentences, topics = narratives.assign_topics(sentences, themes=theme_of, tokens=tokens)
        topics = pd.concat([theme_rows, topics], ignore_index=True) if len(theme_rows) else topics
        articles["theme_id"] = articles["article_id"].astype(str).map(theme_of).fillna(-1).astype(int)
        sentences, articles, topics = overrides.apply(sentences, articles, topics, topic_overrides)
        coords = narratives.sentence_map(sentences, tokens=tokens)
        sentences["map_x"], sentences["map_y"] = coords["x"], coords["y"]

        tick("voices")
        citations = done.citations.merge(
            sentences[["article_id", "sentence_idx", "tone", "tone_label"]], on=["article_id", "sentence_idx"], how="left"
        )
        citations = citations.merge(articles[["article_id", "outlet"]], on="article_id", how="left")

        tick("figures")
        entities, mentions, co, candidates, figures, claims = side()

    tick("aggregates")
    per_article = tone.article_tone(sentences)
    articles = articles.merge(per_article, on="article_id", how="left")
    articles["n_sentences"] = articles["n_sentences"].fillna(0).astype(int)
    articles = articles[[c for c in ARTICLE_COLUMNS if c in articles] + [c for c in articles if c not in ARTICLE_COLUMNS]]
    sentences = sentences[[c for c in SENTENCE_COLUMNS if c in sentences] + [c for c in sentences if c not in SENTENCE_COLUMNS]]
    texts = pd.DataFrame(
        [{"article_id": p.article["article_id"], "text": p.text, "text_hans": p.text_hans} for p in prepared],
        columns=["article_id", "text", "text_hans"],
    )
    stats = tone_check.merge_stats(done.check) if done.check else None
    if stats is not None and stats["n"] != len(sentences):
        stats = None
    tick("done")
    return {
        "tone_check": tone_check.corpus_check(sentences, tone_model, stats=stats),
        "articles": articles, "sentences": sentences, "topics": topics, "figures": figures,
        "claims": claims, "citations": citations, "entities": entities, "mentions": mentions,
        "co_mentions": co, "entity_candidates": candidates, "article_texts": texts,
    }


def _side_stages(done: PassResult, published: dict[str, str]) -> tuple:
    """The corpus-level stages that need only the per-article pass: entity merge, co-mentions, candidates and
    claims (entities, mentions, co_mentions, candidates, figures, claims)."""
    from analytics import figures as fig_mod, voices

    entities, mentions = voices.entities_from_parts(done.entity_parts)
    co = voices.co_mentions(mentions)
    candidates = voices.candidates_from_stats(done.candidate_stats)
    figures, claims = fig_mod.build_claims(done.figures, published=published)
    return entities, mentions, co, candidates, figures, claims


class SideFeed:
    """A forked process that receives each chunk's entity parts, candidate statistics and figures as the
    per-article pass streams them, then runs ``_side_stages`` beside themes and narratives. Forked before the
    pass, it shares little with this process, and this process never holds those inputs. (Forked after the
    pass, at 10,000 articles the child copied most of the pass's results, 2.4 GB; computing here cost 23 s.)"""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_side_serve, args=(child,), daemon=True)
        self._proc.start()
        child.close()

    def send(self, part: ChunkResult) -> None:
        """Pass one chunk's side inputs on, in chunk order, and drop them here."""
        self._conn.send((part.entity_parts, part.candidate_stats, part.figures))
        part.entity_parts, part.candidate_stats = ((), {}), {}
        part.figures = part.figures.iloc[:0]

    def start(self, published: dict[str, str]) -> Callable[[], tuple]:
        """Start the side stages; the returned function waits for their tables."""
        self._conn.send(published)

        def result() -> tuple:
            try:
                status, value = self._conn.recv()
                if status == "ok":
                    return tuple(self._conn.recv() for _ in range(value))
            except EOFError:
                self._proc.join(timeout=5)
                raise RuntimeError(f"the entities and claims process ended without a result "
                                   f"(exit code {self._proc.exitcode}; out of memory?)") from None
            raise RuntimeError(f"entities and claims failed in their process:\n{value}")

        return result

    def close(self) -> None:
        self._conn.close()
        self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()


def _side_serve(conn) -> None:
    """The side process: gather chunk parts until the articles' dates arrive, then answer with the tables."""
    import traceback

    from analytics.entity_tables import mention_frame

    parts: list[tuple] = []
    try:
        while not isinstance(msg := conn.recv(), dict):
            (rows, names), stats, figures = msg
            parts.append(((mention_frame(rows), names), stats, figures))
        done = PassResult([], pd.DataFrame(), pd.Series(dtype=object), pd.DataFrame(), [p[0] for p in parts],
                          [p[1] for p in parts], _concat([p[2] for p in parts]) if parts else pd.DataFrame(), [])
        parts.clear()
        tables = _side_stages(done, msg)
        done = None  # type: ignore[assignment]  # the inputs go before the tables are pickled
        reply = ("ok", len(tables))
    except EOFError:  # the build stopped before asking for the tables
        return
    except Exception:  # noqa: BLE001  # reported to the build, which raises it
        tables, reply = (), ("error", traceback.format_exc())
    with contextlib.suppress(OSError):  # the build may have stopped meanwhile
        conn.send(reply)
        for table in tables:  # one at a time: one table pickled at once, not all six (379 MB at 10,000)
            conn.send(table)


@contextlib.contextmanager
def side_process(n_articles: int, workers: int):
    """A ``SideFeed`` for a build of ``n_articles`` when it pays (None when serial, small or unable to fork),
    closed on the way out, whatever happened."""
    if (workers <= 1 or n_articles < SIDE_MIN_ARTICLES or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):
        yield None
        return
    feed = SideFeed()
    try:
        yield feed
    finally:
        feed.close()


def _source_path(item: Prepared | Article) -> str:
    return str(item.article.get("source_path") or "") if isinstance(item, Prepared) else str(item.path)


def _article_id(item: Prepared | Article) -> str:
    return str(item.article["article_id"]) if isinstance(item, Prepared) else str(item.article_id)


@dataclass
class ChunkResult:
    """What the per-article pass computes for one run of whole articles."""

    prepared: list[Prepared]
    sizes: list[int]  # sentences of each article
    sentences: pd.DataFrame  # the articles' sentences with snownlp and the tone model's columns
    tokens: list[list[str]]  # narratives.tokenize of each sentence
    scores: dict[str, float]  # SnowNLP scores computed here (text_key -> score), for the store's cache
    citations: pd.DataFrame
    entity_parts: tuple
    candidate_stats: dict
    figures: pd.DataFrame
    check: dict  # tone_check.check_stats of the chunk's sentences


@dataclass
class PassResult:
    """The per-article pass over a corpus, in the caller's article order (citations, entity parts and figures
    in chunk order: articles sorted by id)."""

    prepared: list[Prepared]
    sentences: pd.DataFrame
    tokens: pd.Series
    citations: pd.DataFrame
    entity_parts: list
    candidate_stats: list
    figures: pd.DataFrame
    check: list  # tone_check.check_stats of each chunk


def _article_chunk(job: tuple[int, list[Prepared | Article]]) -> ChunkResult:
    """Every per-article stage of one chunk, in one process, so each sentence is segmented once for all of
    them (the segmenter memoises its cuts): prepare, SnowNLP, tone model, topic tokens, voices, figures."""
    from analytics import figures as fig_mod, narratives, tone, tone_check, voices
    from analytics.tone import snownlp_scores

    k, items = job
    prepared = [it if isinstance(it, Prepared) else prepare_article(it) for it in items]
    sizes = [len(p.sentences) for p in prepared]
    frames = [p.sentences[BASE_COLUMNS] for p in prepared if len(p.sentences)]
    sentences = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=BASE_COLUMNS)
    cache = _CONTEXT["cache"]
    keys = [text_key(t) for t in sentences["text_hans"]]
    todo = {key: t for key, t in zip(keys, sentences["text_hans"]) if key not in cache}
    scores = dict(zip(todo, snownlp_scores(list(todo.values())))) if todo else {}
    sentences["snownlp"] = pd.Series([scores[key] if key in scores else cache[key] for key in keys],
                                     index=sentences.index, dtype=float)
    sentences = tone.score_sentences(sentences, _CONTEXT["model"])
    check = tone_check.check_stats(sentences["text_hans"].fillna("").astype(str).tolist(),
                                   sentences["snownlp"].astype(float).tolist(), _CONTEXT["model"])
    tokens = [narratives.tokenize(t) for t in sentences["text_hans"].fillna("").astype(str)]
    outlets = {p.article["article_id"]: p.article.get("outlet", "") for p in prepared}
    part = sentences[["article_id", "sentence_idx", "text", "text_hans"]].assign(
        _row=k * ORDER_STRIDE + np.arange(len(sentences)))
    part = part.sort_values(["article_id", "sentence_idx"], kind="stable", ignore_index=True)
    citations = voices.extract_citations(part, outlets)
    stated = {p.article["article_id"]: voices.stated_media(p.article) for p in prepared}
    entity_parts = voices.entity_parts(part, stated)
    mentions = pd.DataFrame(entity_parts[0], columns=voices.MENTION_COLUMNS)
    stats = voices.candidate_stats(part, mentions, order=part["_row"])
    ids = list(dict.fromkeys(part["article_id"]))
    arts = pd.DataFrame({"article_id": ids, "outlet": [outlets.get(i, "") for i in ids]})
    figures = fig_mod.figures_table(part, arts, citations)
    slim = [p if isinstance(it, Prepared) else Prepared(p.article, p.text, p.text_hans, p.sentences.iloc[:0])
            for it, p in zip(items, prepared)]  # the sentences travel once, in ``sentences``
    return ChunkResult(slim, sizes, sentences, tokens, scores, citations, entity_parts, stats, figures, check)


def _warm() -> None:
    """Run the per-article pass once on a short article (results discarded) before forking, so every worker
    inherits the loaded segmenter, POS tags, converter, SnowNLP, tone model and voices dictionary, and every
    process segments with the same words; the active packs stay as they were."""
    from analytics import packs
    from analytics.corpus import read_bytes

    active = packs.active()
    try:
        for art in read_bytes("warm.txt", _WARM_TEXT.encode("utf-8")).articles:
            _article_chunk((0, [art]))
    finally:
        if packs.active() != active:
            packs.activate(active)


def _worker_init() -> None:
    """A pool worker runs its stages serially (no pool inside the pool)."""
    os.environ["ANALYTICS_WORKERS"] = "1"


@contextlib.contextmanager
def worker_pool(workers: int):
    """The build's process pool, forked once after the caller warmed the shared state (None when serial)."""
    if workers <= 1:
        yield None
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init) as ex:
        yield ex


def _streamed(ex: ProcessPoolExecutor | None, func, jobs, ahead: int):
    """``map(func, jobs)`` in order, at most ``ahead`` jobs in flight, so results stream back as they finish."""
    jobs = iter(jobs)
    if ex is None:
        yield from map(func, jobs)
        return
    pending = deque(ex.submit(func, job) for job in itertools.islice(jobs, ahead))
    while pending:
        fut = pending.popleft()
        nxt = next(jobs, None)
        if nxt is not None:
            pending.append(ex.submit(func, nxt))
        yield fut.result()


def article_pass(items: list[Prepared | Article], cache: dict[str, float], model,
                 workers: int | None = None, chunk: int = CHUNK_ARTICLES, side: SideFeed | None = None) -> PassResult:
    """The per-article stages over all articles, by chunks of ``chunk`` articles in article-id order, across
    the build's process pool when there are enough; identical results for any number of workers. New
    SnowNLP scores are added to ``cache``. With a ``side`` feed, entity parts, candidate statistics and figures
    go there as each chunk arrives and the result holds none."""
    workers = default_workers() if workers is None else workers
    if len(items) <= PARALLEL_MIN_ARTICLES:
        workers = 1
    order = sorted(range(len(items)), key=lambda i: _article_id(items[i]))
    jobs = [(k, [items[i] for i in order[s:s + chunk]]) for k, s in enumerate(range(0, len(order), chunk))] \
        or [(0, [])]
    _CONTEXT.update(cache=cache, model=model)
    try:
        _warm()
        with worker_pool(workers) as ex:
            parts = [_compact(part, side) for part in _streamed(ex, _article_chunk, jobs, ahead=2 * workers)]
    finally:
        _CONTEXT.clear()
    for part in parts:
        for key, score in part.scores.items():
            cache.setdefault(key, score)
    flat = [(p, n) for part in parts for p, n in zip(part.prepared, part.sizes)]
    prepared: list[Prepared] = [None] * len(items)  # type: ignore[list-item]
    sizes = np.zeros(len(items), dtype=np.int64)
    for pos, (p, n) in zip(order, flat):
        prepared[pos] = p
        sizes[pos] = n
    frames = [part.sentences for part in parts if len(part.sentences)]
    sentences = pd.concat(frames, ignore_index=True) if frames else parts[0].sentences
    tokens = [t for part in parts for t in part.tokens]
    del frames
    for part in parts:  # the chunks' copies go as soon as the whole frame exists
        part.sentences = part.tokens = None  # type: ignore[assignment]
    if order != sorted(order):
        start = np.zeros(len(items), dtype=np.int64)
        start[order] = np.concatenate([[0], np.cumsum(sizes[order])[:-1]]) if len(items) else []
        perm = np.concatenate([np.arange(start[i], start[i] + sizes[i]) for i in range(len(items))]) \
            if len(items) else np.zeros(0, dtype=np.int64)
        sentences = sentences.iloc[perm].reset_index(drop=True)
        tokens = [tokens[i] for i in perm]
    return PassResult(prepared, sentences, pd.Series(tokens, index=sentences.index, dtype=object),
                      _concat([part.citations for part in parts]), [part.entity_parts for part in parts],
                      [part.candidate_stats for part in parts], _concat([part.figures for part in parts]),
                      [part.check for part in parts])


def _compact(part: ChunkResult, side: SideFeed | None = None) -> ChunkResult:
    """A chunk's result with one string object per distinct token, and a sentence's Simplified text sharing
    its original's object when they are equal: what a pickled result duplicates, held once (memory at 10k+);
    the side stages' inputs handed to ``side`` when there is one."""
    if side is not None:
        side.send(part)
    part.tokens = [[sys.intern(t) for t in toks] for toks in part.tokens]
    if len(part.sentences):
        part.sentences["text_hans"] = [a if a == b else b for a, b in
                                       zip(part.sentences["text"], part.sentences["text_hans"])]
    for p in part.prepared:
        if p.text_hans == p.text:
            p.text_hans = p.text
    return part


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    full = [f for f in frames if len(f)]
    return pd.concat(full, ignore_index=True) if full else frames[0]


def _match_corrections(sentences: pd.DataFrame, corrections: pd.DataFrame | None) -> pd.DataFrame:
    """Re-attach stored corrections to current sentences by article and sentence text, not index."""
    cols = ["article_id", "sentence_idx", "label"]
    if corrections is not None and "undone" in corrections:
        corrections = corrections[corrections["undone"].isna()]
    if corrections is None or corrections.empty or sentences.empty:
        return pd.DataFrame(columns=cols)
    keyed = sentences[["article_id", "sentence_idx", "text_hans"]].copy()
    keyed["text_key"] = [text_key(t) for t in keyed["text_hans"]]
    latest = corrections.sort_values("created").drop_duplicates(["article_id", "text_key"], keep="last")
    merged = keyed.merge(latest[["article_id", "text_key", "label"]], on=["article_id", "text_key"])
    return merged[cols]
