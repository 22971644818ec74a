"""News tone: exact fast SnowNLP, a news lexicon with negation/degree words, a calibrated classifier,
analyst corrections and the aggregates the dashboard reads.

Tone is always computed on Simplified text (OpenCC t2s), so both scripts get the same result.
``tone`` is P(pos) - P(neg) in [-1, 1]; ``tone_label`` is the most probable class.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import clean
from analytics.snownlp_fast import EMPTY_SCORE, snownlp_scores

__all__ = [
    "EMPTY_SCORE",
    "LABELS",
    "NewsToneModel",
    "aggregate_tone",
    "apply_corrections",
    "article_tone",
    "dev_set",
    "load_default_model",
    "load_dev_set",
    "load_lexicon",
    "retrain",
    "score_sentences",
    "snownlp_scores",
    "to_simplified",
]

DATA = Path(__file__).parent / "data"
LABELS = ("neg", "neu", "pos")
CORRECTED_TONE = {"pos": 1.0, "neu": 0.0, "neg": -1.0}
"""Tone of a sentence whose label an analyst set: the label is certain, so P(label) = 1."""
ARTICLE_BAND = 0.15
"""An article is pos when its mean tone is >= this, neg when <= -this, else neu."""

_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?、\n]")
_DIGIT = re.compile(r"\d")
_QUESTION = re.compile(r"[?？]|为什么|如何|是否|吗$")
FEATURES = (
    "snownlp_logit",
    "lex_pos",
    "lex_neg",
    "n_pos_hits",
    "n_neg_hits",
    "n_flipped",
    "n_negations",
    "n_neutral_cues",
    "has_number",
    "is_question",
    "has_contrast",
    "log_len",
)


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion (idempotent on Simplified text); empty or None gives ''."""
    return clean.to_simplified(text or "")


def load_lexicon(path: Path | None = None) -> pd.DataFrame:
    """The news lexicon: word, kind (pos/neg/negation/degree/contrast/neutral), weight."""
    return pd.read_csv(path or DATA / "news_lexicon.csv", dtype={"word": str, "kind": str, "weight": float})


def load_dev_set() -> pd.DataFrame:
    """The labelled development set (written for this project; rules in data/tone_rules.md)."""
    return pd.read_csv(DATA / "tone_dev.csv")


def dev_set() -> tuple[list[str], list[str]]:
    """Development-set texts (either script) and labels, the base every (re)fit starts from."""
    dev = load_dev_set()
    return dev.text.tolist(), dev.label.tolist()


class LexiconMatcher:
    """Scores text against a lexicon with jieba tokens, negation scope and degree words."""

    def __init__(self, entries: list[tuple[str, str, float]], neg_window: int = 3, before_contrast: float = 0.4):
        self.entries = [(str(w), str(k), float(x)) for w, k, x in entries]
        self.neg_window = neg_window
        self.before_contrast = before_contrast
        self.kind = {w: k for w, k, _ in self.entries}
        self.weight = {w: x for w, _, x in self.entries}
        from analytics import segment

        segment.add_words(w for w, _, _ in self.entries)
        self.tokenizer = segment.tokenizer()

    def tokens(self, text: str) -> list[str]:
        return [t for t in self.tokenizer.lcut(text, HMM=True) if t.strip()]

    def features(self, text_hans: str) -> dict[str, float]:
        """Lexicon features of one Simplified sentence; a negated hit counts with flipped polarity."""
        pos = neg = 0.0
        n_pos = n_neg = n_flip = n_negations = n_neutral = 0
        has_contrast = 0
        for clause in _CLAUSE_SPLIT.split(text_hans):
            toks = self.tokens(clause)
            if any(self.kind.get(t) == "contrast" for t in toks):
                has_contrast = 1
                pos *= self.before_contrast
                neg *= self.before_contrast
            for i, tok in enumerate(toks):
                kind = self.kind.get(tok)
                if kind == "negation":
                    n_negations += 1
                elif kind == "neutral":
                    n_neutral += 1
                if kind not in ("pos", "neg"):
                    continue
                sign = 1.0 if kind == "pos" else -1.0
                degree = 1.0
                flips = 0
                for prev in toks[max(0, i - self.neg_window): i]:
                    pk = self.kind.get(prev)
                    if pk == "negation":
                        flips += 1
                    elif pk == "degree":
                        degree *= self.weight[prev]
                if flips % 2:
                    sign = -sign
                    n_flip += 1
                value = self.weight[tok] * degree
                if sign > 0:
                    pos += value
                    n_pos += 1
                else:
                    neg += value
                    n_neg += 1
        return {
            "lex_pos": pos,
            "lex_neg": neg,
            "lex_net": pos - neg,
            "n_pos_hits": n_pos,
            "n_neg_hits": n_neg,
            "n_flipped": n_flip,
            "n_negations": n_negations,
            "n_neutral_cues": n_neutral,
            "has_contrast": has_contrast,
        }


@lru_cache(maxsize=4)
def _matcher(entries: tuple, neg_window: int, before_contrast: float) -> LexiconMatcher:
    return LexiconMatcher(list(entries), neg_window, before_contrast)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


class NewsToneModel:
    """SnowNLP score + news lexicon features -> standardised -> multinomial logistic regression."""

    def __init__(self, C: float = 0.1, neg_window: int = 3, before_contrast: float = 0.4,
                 class_weight: str | None = "balanced", random_state: int = 0, lexicon: list | None = None):
        self.C = C
        self.neg_window = neg_window
        self.before_contrast = before_contrast
        self.class_weight = class_weight
        self.random_state = random_state
        self.lexicon = lexicon

    def _entries(self) -> tuple:
        if self.lexicon is None:
            lex = load_lexicon()
            return tuple(zip(lex.word, lex.kind, lex.weight))
        return tuple(tuple(e) for e in self.lexicon)

    def features(self, texts: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """Feature matrix (columns: FEATURES); texts are converted to Simplified first."""
        hans = [to_simplified(t) for t in texts]
        if snownlp is None:
            snownlp = snownlp_scores(hans)
        matcher = _matcher(self._entries(), self.neg_window, self.before_contrast)
        rows = []
        for text, s in zip(hans, snownlp):
            f = matcher.features(text)
            f["snownlp_logit"] = _logit(float(s))
            f["has_number"] = float(bool(_DIGIT.search(text)))
            f["is_question"] = float(bool(_QUESTION.search(text.strip())))
            f["log_len"] = math.log1p(len(text))
            rows.append([f[name] for name in FEATURES])
        return np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURES))

    def fit(self, texts_hans: list[str], labels: list[str], snownlp: list[float] | None = None) -> NewsToneModel:
        from sklearn.linear_model import LogisticRegression

        X = self.features(list(texts_hans), snownlp)
        y = np.asarray(labels)
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                 random_state=self.random_state)
        clf.fit((X - self.mean_) / self.scale_, y)
        self.classes_ = np.asarray(clf.classes_)
        self.coef_ = clf.coef_
        self.intercept_ = clf.intercept_
        self.n_train_ = len(y)
        return self

    def predict_proba(self, texts_hans: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        X = (self.features(list(texts_hans), snownlp) - self.mean_) / self.scale_
        z = X @ self.coef_.T + self.intercept_
        if z.shape[1] == 1:
            z = np.hstack([-z, z]) / 2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def _col(self, proba: np.ndarray, label: str) -> np.ndarray:
        hit = np.flatnonzero(self.classes_ == label)
        return proba[:, hit[0]] if len(hit) else np.zeros(len(proba))

    def predict_tone(self, texts_hans: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """P(pos) - P(neg), in [-1, 1]."""
        proba = self.predict_proba(texts_hans, snownlp)
        return np.clip(self._col(proba, "pos") - self._col(proba, "neg"), -1.0, 1.0)

    def predict_label(self, texts_hans: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """Most probable of 'pos' / 'neu' / 'neg'."""
        proba = self.predict_proba(texts_hans, snownlp)
        return self.classes_[proba.argmax(axis=1)]

    def to_dict(self) -> dict:
        """JSON-serialisable parameters, learned arrays and the lexicon the model was fitted with."""
        return {
            "format": "news-tone-model/1",
            "params": {"C": self.C, "neg_window": self.neg_window, "before_contrast": self.before_contrast,
                       "class_weight": self.class_weight, "random_state": self.random_state},
            "lexicon": [list(e) for e in self._entries()],
            "features": list(FEATURES),
            "classes": [str(c) for c in self.classes_],
            "mean": self.mean_.tolist(),
            "scale": self.scale_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
            "n_train": int(self.n_train_),
        }

    @classmethod
    def from_dict(cls, d: dict) -> NewsToneModel:
        if list(d["features"]) != list(FEATURES):
            raise ValueError("model was saved with a different feature set")
        model = cls(**d["params"], lexicon=[tuple(e) for e in d["lexicon"]])
        model.classes_ = np.asarray(d["classes"])
        model.mean_ = np.asarray(d["mean"], dtype=float)
        model.scale_ = np.asarray(d["scale"], dtype=float)
        model.coef_ = np.asarray(d["coef"], dtype=float)
        model.intercept_ = np.asarray(d["intercept"], dtype=float)
        model.n_train_ = int(d["n_train"])
        return model


def fit_default_model() -> NewsToneModel:
    """Fit the shipped model on the development set only."""
    dev = load_dev_set()
    return NewsToneModel().fit(dev.text.tolist(), dev.label.tolist())


@lru_cache(maxsize=1)
def _default_model_dict() -> str:
    return (DATA / "tone_model.json").read_text(encoding="utf-8")


def load_default_model() -> NewsToneModel:
    """The model fitted on the development set, shipped as data/tone_model.json."""
    return NewsToneModel.from_dict(json.loads(_default_model_dict()))


def score_sentences(sentences: pd.DataFrame, model: NewsToneModel | None = None) -> pd.DataFrame:
    """Copy of ``sentences`` (needs text_hans, snownlp) with tone, tone_label, model_label, model_tone.

    model_label / model_tone keep the model's own output so corrections can be re-applied at any time.
    """
    out = sentences.copy()
    model = model or load_default_model()
    if len(out):
        texts = out["text_hans"].fillna("").astype(str).tolist()
        scores = out["snownlp"].astype(float).tolist()
        proba = model.predict_proba(texts, scores)
        out["tone"] = np.clip(model._col(proba, "pos") - model._col(proba, "neg"), -1.0, 1.0)
        out["tone_label"] = model.classes_[proba.argmax(axis=1)].astype(str)
    else:
        out["tone"] = pd.Series(dtype=float)
        out["tone_label"] = pd.Series(dtype=str)
    out["model_label"] = out["tone_label"]
    out["model_tone"] = out["tone"]
    return out


def apply_corrections(sentences: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """Analyst labels override tone_label (last correction per sentence wins); tone becomes +1/0/-1.

    Starts from the model's own model_label/model_tone, so re-applying a changed set is idempotent;
    adds a bool ``corrected`` column.
    """
    out = sentences.copy()
    if "model_label" not in out:
        out["model_label"] = out["tone_label"]
    if "model_tone" not in out:
        out["model_tone"] = out["tone"]
    out["tone_label"] = out["model_label"]
    out["tone"] = out["model_tone"]
    out["corrected"] = False
    if corrections is None or len(corrections) == 0 or len(out) == 0:
        return out
    bad = set(corrections["label"]) - set(LABELS)
    if bad:
        raise ValueError(f"unknown tone labels in corrections: {sorted(bad)}")
    corr = corrections[["article_id", "sentence_idx", "label"]].copy()
    corr["sentence_idx"] = corr["sentence_idx"].astype(int)
    corr = corr.drop_duplicates(["article_id", "sentence_idx"], keep="last")
    key = pd.MultiIndex.from_frame(out[["article_id", "sentence_idx"]].astype({"sentence_idx": int}))
    lookup = corr.set_index(["article_id", "sentence_idx"])["label"]
    label = pd.Series(lookup.reindex(key).to_numpy(), index=out.index)
    hit = label.notna()
    out.loc[hit, "tone_label"] = label[hit]
    out.loc[hit, "tone"] = label[hit].map(CORRECTED_TONE).astype(float)
    out["corrected"] = hit.to_numpy()
    return out


def retrain(base_texts: list[str], base_labels: list[str], corr_texts: list[str], corr_labels: list[str],
            random_state: int = 0, n_splits: int = 5) -> tuple[NewsToneModel, dict]:
    """Fit on dev set + analyst corrections; report k-fold agreement on the corrected sentences.

    Each fold fits on the dev set plus the other folds' corrections and predicts the held-out ones.
    ``before_*`` is the agreement of a model fitted on the dev set alone.
    """
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import KFold

    base_texts, base_labels = list(base_texts), list(base_labels)
    corr_texts, corr_labels = list(corr_texts), list(corr_labels)
    model = NewsToneModel(random_state=random_state).fit(base_texts + corr_texts, base_labels + corr_labels)
    n = len(corr_texts)
    report: dict = {"n_base": len(base_texts), "n_corrections": n, "k": 0, "macro_f1": None, "accuracy": None,
                    "before_macro_f1": None, "before_accuracy": None}
    if n < 2:
        return model, report
    base_model = NewsToneModel(random_state=random_state).fit(base_texts, base_labels)
    before = base_model.predict_label(corr_texts)
    k = min(n_splits, n)
    pred = np.empty(n, dtype=object)
    for train, test in KFold(k, shuffle=True, random_state=random_state).split(corr_texts):
        fold = NewsToneModel(random_state=random_state).fit(
            base_texts + [corr_texts[i] for i in train], base_labels + [corr_labels[i] for i in train])
        pred[test] = fold.predict_label([corr_texts[i] for i in test])
    truth = np.asarray(corr_labels)
    report.update(
        k=k,
        macro_f1=float(f1_score(truth, pred.astype(str), labels=list(LABELS), average="macro", zero_division=0)),
        accuracy=float(accuracy_score(truth, pred.astype(str))),
        before_macro_f1=float(f1_score(truth, before, labels=list(LABELS), average="macro", zero_division=0)),
        before_accuracy=float(accuracy_score(truth, before)),
    )
    return model, report


def _label_from_mean(mean: float) -> str:
    if mean >= ARTICLE_BAND:
        return "pos"
    if mean <= -ARTICLE_BAND:
        return "neg"
    return "neu"


def article_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article: n_sentences, tone_mean, tone_label (band ARTICLE_BAND), n_pos, n_neu, n_neg."""
    cols = ["article_id", "n_sentences", "tone_mean", "tone_label", "n_pos", "n_neu", "n_neg"]
    if len(sentences) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "tone_mean" else object) for c in cols})
    g = sentences.groupby("article_id", sort=True)
    out = pd.DataFrame({
        "n_sentences": g.size(),
        "tone_mean": g["tone"].mean(),
        **{f"n_{lab}": g["tone_label"].apply(lambda s, lab=lab: int((s == lab).sum())) for lab in LABELS},
    }).reset_index()
    out["tone_label"] = out["tone_mean"].map(_label_from_mean)
    return out[cols]


def aggregate_tone(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of ``by``: n_sentences, tone_mean, share_pos/neu/neg (and n_articles when known)."""
    cols = [by, "n_sentences", "tone_mean", "share_pos", "share_neu", "share_neg"]
    if len(df) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c == by else float) for c in cols})
    d = df.dropna(subset=[by])
    g = d.groupby(by, sort=False)
    out = pd.DataFrame({"n_sentences": g.size(), "tone_mean": g["tone"].mean()})
    for lab in ("pos", "neu", "neg"):
        out[f"share_{lab}"] = g["tone_label"].apply(lambda s, lab=lab: float((s == lab).mean()))
    if "article_id" in d:
        out["n_articles"] = g["article_id"].nunique()
        cols.append("n_articles")
    out = out.reset_index().sort_values(["n_sentences", by], ascending=[False, True], kind="stable")
    return out[cols].reset_index(drop=True)


if __name__ == "__main__":
    (DATA / "tone_model.json").write_text(json.dumps(fit_default_model().to_dict(), ensure_ascii=False, indent=1),
                                          encoding="utf-8")
