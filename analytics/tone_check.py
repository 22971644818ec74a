"""Corpus check for the tone model, run on every build: is this corpus like the text the model learned from?

Vocabulary coverage and dense-feature ranges against the training data, and the corpus's class mix
estimated without labels by EM prior adjustment (Saerens, Latinne & Decaestecker 2002).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import tone, tone_features as tf

MIN_COVERAGE = 0.6
"""Warn when fewer of the corpus's word tokens than this are in the model's vocabulary."""
MAX_OUT_OF_RANGE = 0.01
"""Warn when more sentences than this have a dense feature outside the training range."""
COLUMNS = ["metric", "value", "expected", "ok", "detail"]


def em_prior(proba: np.ndarray, train_prior: np.ndarray, n_iter: int = 100, tol: float = 1e-6) -> np.ndarray:
    """Class priors of a new set from posteriors fitted under ``train_prior`` (Saerens et al. 2002 EM)."""
    proba = np.asarray(proba, dtype=float)
    train_prior = np.asarray(train_prior, dtype=float)
    if not len(proba):
        return train_prior.copy()
    prior = train_prior.copy()
    for _ in range(n_iter):
        adj = proba * (prior / train_prior)
        adj /= adj.sum(axis=1, keepdims=True)
        new = adj.mean(axis=0)
        if np.abs(new - prior).max() < tol:
            return new
        prior = new
    return prior


def check_stats(texts_hans: list[str], snownlp: list[float], model: tone.NewsToneModel) -> dict:
    """Additive sums of one run of sentences for ``corpus_check`` (token counts, each dense feature's
    out-of-range count, minimum and maximum), so the per-article pass computes them where the tokens are."""
    vocabulary = model.word_vocabulary()
    tags = tf.word_tags() if model.mask_names else {}  # names count as the model reads them
    known = total = with_known = 0
    for text in texts_hans:
        toks = [tf.as_read(t, tags) for t in tf.words(text) if t != "0"]
        k = sum(t in vocabulary for t in toks)
        known, total, with_known = known + k, total + len(toks), with_known + (k > 0)
    n_dense = len(tf.DENSE)
    if texts_hans:
        dense = model.dense_features(texts_hans, snownlp).to_numpy()
        out = ((dense < model.dense_min_) | (dense > model.dense_max_)).sum(axis=0)
        lo, hi = dense.min(axis=0), dense.max(axis=0)
    else:
        out, lo, hi = np.zeros(n_dense, dtype=np.int64), np.full(n_dense, np.inf), np.full(n_dense, -np.inf)
    return {"n": len(texts_hans), "known": known, "total": total, "with_known": with_known,
            "out": out, "min": lo, "max": hi}


def merge_stats(parts: list[dict]) -> dict:
    """The ``check_stats`` of several runs of sentences combined into the stats of all of them."""
    return {"n": sum(p["n"] for p in parts), "known": sum(p["known"] for p in parts),
            "total": sum(p["total"] for p in parts), "with_known": sum(p["with_known"] for p in parts),
            "out": np.sum([p["out"] for p in parts], axis=0), "min": np.min([p["min"] for p in parts], axis=0),
            "max": np.max([p["max"] for p in parts], axis=0)}


def corpus_check(sentences: pd.DataFrame, model: tone.NewsToneModel | None = None,
                 stats: dict | None = None) -> pd.DataFrame:
    """One row per check (columns COLUMNS): coverage, each dense feature's out-of-range share, class mix.
    ``stats`` (``check_stats`` of exactly these sentences, e.g. merged from the per-article pass) spares
    segmenting them again."""
    model = model or tone.load_default_model()
    rows: list[dict] = []
    n = len(sentences)
    rows.append({"metric": "n_sentences", "value": float(n), "expected": "", "ok": True,
                 "detail": f"model {model.version_}, training set {model.train_hash_} ({model.n_train_} sentences)"})
    if not n:
        return pd.DataFrame(rows, columns=COLUMNS)
    texts = snow = None
    if stats is None:
        texts = sentences["text_hans"].fillna("").astype(str).tolist()
        snow = sentences["snownlp"].astype(float).tolist()
        stats = check_stats(texts, snow, model)
    tok_cov = stats["known"] / stats["total"] if stats["total"] else 1.0
    sent_cov = stats["with_known"] / stats["n"] if stats["n"] else 1.0
    rows.append({"metric": "token_coverage", "value": tok_cov, "expected": f">= {MIN_COVERAGE:.2f}",
                 "ok": bool(tok_cov >= MIN_COVERAGE), "detail": "share of word tokens the model has a weight for"})
    rows.append({"metric": "sentence_coverage", "value": sent_cov, "expected": "", "ok": True,
                 "detail": "share of sentences with at least one known word"})
    for i, name in enumerate(tf.DENSE):
        lo, hi = model.dense_min_[i], model.dense_max_[i]
        out = float(stats["out"][i] / stats["n"])
        rows.append({"metric": f"out_of_range:{name}", "value": out, "expected": f"<= {MAX_OUT_OF_RANGE:.2f}",
                     "ok": bool(out <= MAX_OUT_OF_RANGE),
                     "detail": f"training range [{lo:.2f}, {hi:.2f}], corpus [{stats['min'][i]:.2f}, {stats['max'][i]:.2f}]"})
    cols = [f"p_{c}" for c in model.classes_]
    if set(cols) <= set(sentences.columns):
        proba = sentences[cols].to_numpy(dtype=float)
    else:
        texts = sentences["text_hans"].fillna("").astype(str).tolist() if texts is None else texts
        snow = sentences["snownlp"].astype(float).tolist() if snow is None else snow
        proba = model.predict_proba(texts, snow)
    # class_weight="balanced" fits the classifier as if the classes were equally frequent
    prior = em_prior(proba, np.full(len(model.classes_), 1.0 / len(model.classes_)))
    predicted = np.bincount(proba.argmax(axis=1), minlength=len(model.classes_)) / len(proba)
    for c, est, pred in zip(model.classes_, prior, predicted):
        rows.append({"metric": f"share_{c}", "value": float(est), "expected": "", "ok": True,
                     "detail": f"EM-estimated share {est:.3f} (no labels used), predicted (argmax) share {pred:.3f}"})
    return pd.DataFrame(rows, columns=COLUMNS)


def warnings(check: pd.DataFrame) -> list[str]:
    """One line per failed check, for the Method page."""
    if check is None or check.empty:
        return []
    bad = check[~check["ok"].astype(bool)]
    return [f"{r.metric} = {r.value:.3f} (expected {r.expected}; {r.detail})" for r in bad.itertuples()]
