"""The analysis pipeline, in memory: Article records in, the contract's tables out.

Per-article work (cleaning, sentence splitting, script conversion, SnowNLP scoring) is cached by
content so the store can reuse it; corpus-level work (tone model, topics, figures, claims, voices)
runs over all sentences. The store persists the result; the dashboard calls the same function for a
visitor's uploads, so both paths compute identical tables.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
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
STAGE_CHUNK_ARTICLES = 20  # articles per task of the voices-and-figures stage
_STAGE: dict = {}  # the stage's input, set before forking so workers inherit it instead of unpickling it

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
    prepared: list[Prepared],
    snownlp_cache: dict[str, float] | None = None,
    corrections: pd.DataFrame | None = None,
    tone_model=None,
    progress: Progress | None = None,
    topic_overrides: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the corpus-level stages over prepared articles and return every contract table."""
    from analytics import figures as fig_mod, narratives, packs, themes, tone, tone_check, topic_overrides as overrides, voices

    packs.activate_for(str(p.article.get("source_path") or "") for p in prepared)
    cache = snownlp_cache if snownlp_cache is not None else {}
    total = 6
    step = 0

    def tick(label: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total, label)

    articles = pd.DataFrame([p.article for p in prepared])
    frames = [p.sentences for p in prepared if not p.sentences.empty]
    sentences = (pd.concat(frames, ignore_index=True) if frames
                 else pd.DataFrame(columns=["article_id", "sentence_idx", "start", "end", "text", "text_hans"]))
    sentences["snownlp"] = score_snownlp(sentences, cache) if len(sentences) else pd.Series(dtype=float)
    tick("tone")
    sentences = tone.score_sentences(sentences, tone_model)
    corr = _match_corrections(sentences, corrections)
    sentences = tone.apply_corrections(sentences, corr)

    tick("narratives")
    tokens = pd.Series([narratives.tokenize(t) for t in sentences["text_hans"].fillna("").astype(str)],
                       index=sentences.index, dtype=object)
    theme_of, theme_rows = themes.assign_themes(sentences, tokens, n_themes=overrides.n_themes(topic_overrides))
    sentences, topics = narratives.assign_topics(sentences, themes=theme_of, tokens=tokens)
    topics = pd.concat([theme_rows, topics], ignore_index=True) if len(theme_rows) else topics
    articles["theme_id"] = articles["article_id"].astype(str).map(theme_of).fillna(-1).astype(int)
    sentences, articles, topics = overrides.apply(sentences, articles, topics, topic_overrides)
    coords = narratives.sentence_map(sentences, tokens=tokens)
    sentences["map_x"], sentences["map_y"] = coords["x"], coords["y"]

    tick("voices")
    citations, entity_parts, candidate_stats, figures = voices_and_figures(
        sentences, dict(zip(articles["article_id"], articles["outlet"])))
    citations = citations.merge(
        sentences[["article_id", "sentence_idx", "tone", "tone_label"]], on=["article_id", "sentence_idx"], how="left"
    )
    citations = citations.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    entities, mentions = voices.entities_from_parts(entity_parts)
    co = voices.co_mentions(mentions)
    candidates = voices.candidates_from_stats(candidate_stats)

    tick("figures")
    figures, claims = fig_mod.build_claims(figures)

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
    tick("done")
    return {
        "tone_check": tone_check.corpus_check(sentences, tone_model),
        "articles": articles, "sentences": sentences, "topics": topics, "figures": figures,
        "claims": claims, "citations": citations, "entities": entities, "mentions": mentions,
        "co_mentions": co, "entity_candidates": candidates, "article_texts": texts,
    }


def _stage_chunk(rows: tuple[int, int]) -> tuple[pd.DataFrame, tuple, dict, pd.DataFrame]:
    """Citations, entity parts, candidate counts and figures of one run of whole articles of the stage frame;
    one worker does all four so each sentence is segmented and tagged once."""
    from analytics import figures as fig_mod, voices

    frame, outlets = _STAGE["frame"], _STAGE["outlets"]
    part = frame.iloc[rows[0]:rows[1]]
    citations = voices.extract_citations(part, outlets)
    entity_parts = voices.entity_parts(part)
    mentions = pd.DataFrame(entity_parts[0], columns=voices.MENTION_COLUMNS)
    stats = voices.candidate_stats(part, mentions, order=part["_row"])
    ids = [i for i in dict.fromkeys(part["article_id"]) if i in outlets]
    arts = pd.DataFrame({"article_id": ids, "outlet": [outlets[i] for i in ids]})
    return citations, entity_parts, stats, fig_mod.figures_table(part, arts, citations)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    full = [f for f in frames if len(f)]
    return pd.concat(full, ignore_index=True) if full else frames[0]


def voices_and_figures(sentences: pd.DataFrame, outlets: dict[str, str], workers: int | None = None,
                       chunk: int = STAGE_CHUNK_ARTICLES) -> tuple[pd.DataFrame, list, list, pd.DataFrame]:
    """(citations, entity parts, candidate counts, figures) over all sentences, by chunks of whole articles
    in article order, across forked processes when there are enough articles; the same tables either way."""
    from analytics import voices

    frame = sentences[["article_id", "sentence_idx", "text", "text_hans"]].assign(_row=range(len(sentences)))
    frame = frame.sort_values(["article_id", "sentence_idx"], kind="stable", ignore_index=True)
    ids = frame["article_id"].to_numpy()
    starts = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist()]
    bounds = [(starts[k], starts[k + chunk] if k + chunk < len(starts) else len(ids))
              for k in range(0, len(starts), chunk)] if len(ids) else [(0, 0)]
    workers = default_workers() if workers is None else workers
    _STAGE.update(frame=frame, outlets=outlets)
    try:
        if workers > 1 and len(starts) > PARALLEL_MIN_ARTICLES:
            voices.load_dictionary()
            with _pool(workers) as ex:
                parts = list(ex.map(_stage_chunk, bounds))
        else:
            parts = [_stage_chunk(b) for b in bounds]
    finally:
        _STAGE.clear()
    return (_concat([p[0] for p in parts]), [p[1] for p in parts], [p[2] for p in parts],
            _concat([p[3] for p in parts]))


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
