"""News tone: word and character n-gram TF-IDF, news lexicon with negation/degree words and the exact
SnowNLP score in a calibrated logistic regression (saved as JSON); analyst corrections, the review
queue and the aggregates the dashboard reads.

Tone is always computed on Simplified text (OpenCC t2s), so both scripts get the same result.
``tone`` is P(pos) - P(neg) in [-1, 1]; ``tone_label`` is the most probable class.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import clean, tone_features as tf
from analytics.snownlp_fast import EMPTY_SCORE, snownlp_scores

__all__ = [
    "EMPTY_SCORE",
    "LABELS",
    "MODEL_VERSION",
    "NewsToneModel",
    "active_corrections",
    "aggregate_tone",
    "apply_corrections",
    "article_tone",
    "dev_set",
    "heldout_agreement",
    "load_heldout",
    "load_default_model",
    "load_dev_set",
    "load_lexicon",
    "retrain",
    "review_queue",
    "score_sentences",
    "snownlp_scores",
    "to_simplified",
    "training_set",
]

DATA = Path(__file__).parent / "data"
LABELS = ("neg", "neu", "pos")
CORRECTED_TONE = {"pos": 1.0, "neu": 0.0, "neg": -1.0}
"""Tone of a sentence whose label an analyst set: the label is certain, so P(label) = 1."""
ARTICLE_BAND = 0.15
"""An article is pos when its mean tone is >= this, neg when <= -this, else neu."""

MODEL_FORMAT = "news-tone-model/2"
MODEL_VERSION = "2.1"
"""Bumped whenever features, training data layout or the classifier change."""
TRAIN_DIR = DATA / "tone_train"
HELDOUT = DATA / "tone_seed_heldout.csv"


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion (idempotent on Simplified text); empty or None gives ''."""
    return clean.to_simplified(text or "")


def load_lexicon(path: Path | None = None) -> pd.DataFrame:
    """The news lexicon: word, kind (pos/neg/negation/degree/contrast/neutral), weight."""
    return pd.read_csv(path or DATA / "news_lexicon.csv", dtype={"word": str, "kind": str, "weight": float})


def load_dev_set() -> pd.DataFrame:
    """The older labelled development set (short written sentences; rules in data/tone_rules.md)."""
    return pd.read_csv(DATA / "tone_dev.csv")


def load_heldout() -> pd.DataFrame:
    """The held-out seeded random sample of seed sentences: evaluation only, never fitting or tuning."""
    out = pd.read_csv(HELDOUT)
    out["text_hans"] = [to_simplified(t) for t in out["text"]]
    return out


def training_set(include_dev: bool = True) -> pd.DataFrame:
    """Every labelled training sentence: text, text_hans, label, beat, source (written / corpus / dev).

    Reads ``tone_train/*.csv`` as they are at call time (files may still be growing) and, when
    ``include_dev``, the older short dev sentences (beat ``dev``).
    """
    frames = []
    for path in sorted(TRAIN_DIR.glob("*.csv")):
        df = pd.read_csv(path, dtype=str).fillna("")
        if not {"text", "label"} <= set(df.columns):
            continue
        df = df[df["label"].isin(LABELS) & (df["text"].str.strip() != "")]
        frames.append(pd.DataFrame({"text": df["text"], "label": df["label"],
                                    "beat": df["beat"] if "beat" in df else path.stem, "source": path.stem}))
    if include_dev:
        dev = load_dev_set()
        frames.append(pd.DataFrame({"text": dev["text"], "label": dev["label"], "beat": "dev", "source": "dev"}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["text", "label", "beat", "source"])
    out["text_hans"] = [to_simplified(t) for t in out["text"]]
    return out.drop_duplicates(["text_hans"], keep="first").reset_index(drop=True)


def dev_set() -> tuple[list[str], list[str]]:
    """Training texts (Simplified) and labels, the base every (re)fit starts from."""
    train = training_set()
    return train["text_hans"].tolist(), train["label"].tolist()


def train_hash(texts: list[str], labels: list[str]) -> str:
    """Order-independent hash of a training set's (text, label) pairs."""
    h = hashlib.sha256()
    for line in sorted(f"{lab}\t{t}" for t, lab in zip(texts, labels)):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _rounded(a: np.ndarray) -> list:
    """Weights to 7 significant digits: a third of the JSON size, probabilities unchanged to ~1e-6."""
    return [float(f"{x:.7g}") for x in np.ravel(a)] if np.ndim(a) == 1 else [_rounded(r) for r in a]


def _frame(texts_hans: list[str], snownlp: list[float] | None) -> pd.DataFrame:
    texts = ["" if t is None else str(t) for t in texts_hans]
    if snownlp is None:
        snownlp = snownlp_scores(texts)
    return pd.DataFrame({"text_hans": texts, "snownlp": np.asarray(snownlp, dtype=float)})


class NewsToneModel:
    """Word (jieba) and character n-gram TF-IDF + bounded lexicon/negation/SnowNLP features ->
    class-balanced logistic regression with temperature-calibrated probabilities (an sklearn Pipeline).
    Word n-grams mark the words in a negation's scope (``neg_scope``) and mask place, person and
    organisation names (``mask_names``); both chosen on 5-fold CV and leave-one-beat-out, not the held-out."""

    def __init__(self, C: float = 4.0, neg_window: int = 3, min_df: int = 2, class_weight: str | None = "balanced",
                 random_state: int = 0, lexicon: list | None = None, dense_weight: float = 1.0,
                 neg_scope: bool = True, mask_names: bool = True):
        self.C = C
        self.neg_scope = neg_scope
        self.mask_names = mask_names
        self.dense_weight = dense_weight
        self.neg_window = neg_window
        self.min_df = min_df
        self.class_weight = class_weight
        self.random_state = random_state
        self.lexicon = lexicon

    def _entries(self) -> tuple:
        if self.lexicon is None:
            lex = load_lexicon()
            return tuple(zip(lex.word, lex.kind, lex.weight))
        return tuple(tuple(e) for e in self.lexicon)

    def pipeline(self):
        """The unfitted sklearn Pipeline: DataFrame(text_hans, snownlp) -> calibrated class probabilities."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        features = ColumnTransformer([
            ("words", TfidfVectorizer(**self._word_params()), "text_hans"),
            ("chars", TfidfVectorizer(**self._char_params()), "text_hans"),
            ("dense", Pipeline([("lex", tf.DenseFeatures(self._entries(), self.neg_window)),
                                ("scale", StandardScaler())]), ["text_hans", "snownlp"]),
        ], sparse_threshold=1.0, transformer_weights={"dense": self.dense_weight})
        clf = CalibratedClassifierCV(
            LogisticRegression(C=self.C, class_weight=self.class_weight, solver="newton-cg", max_iter=1000),
            method="temperature", ensemble=False, cv=StratifiedKFold(5, shuffle=True, random_state=self.random_state))
        return Pipeline([("features", features), ("clf", clf)])

    def _word_params(self) -> dict:
        analyzer = tf.word_ngrams
        if self.neg_scope:
            negations = frozenset(w for w, k, _ in self._entries() if k == "negation")
            analyzer = partial(tf.scoped_word_ngrams, negations=negations, window=self.neg_window,
                               mask_names=self.mask_names)
        return {"analyzer": analyzer, "sublinear_tf": True, "min_df": self.min_df, "dtype": np.float64}

    def _char_params(self) -> dict:
        return {"analyzer": "char_wb", "ngram_range": (1, 3), "preprocessor": tf.char_text, "sublinear_tf": True,
                "min_df": self.min_df, "dtype": np.float64}

    def fit(self, texts_hans: list[str], labels: list[str], snownlp: list[float] | None = None) -> NewsToneModel:
        """Fit the pipeline on Simplified texts; keeps its learned parts for JSON export."""
        from threadpoolctl import threadpool_limits

        tf.keep_whole(self._entries())
        X = _frame(list(texts_hans), snownlp)
        y = np.asarray(labels, dtype=str)
        with threadpool_limits(1):  # BLAS threads on a shared 2-core machine make the solver ~10x slower
            pipe = self.pipeline().fit(X, y)
        ct = pipe.named_steps["features"]
        cal = pipe.named_steps["clf"].calibrated_classifiers_[0]
        lr = cal.estimator
        self.pipeline_ = pipe
        self.words_ = ct.named_transformers_["words"]
        self.chars_ = ct.named_transformers_["chars"]
        self.dense_ = ct.named_transformers_["dense"].named_steps["lex"]
        scaler = ct.named_transformers_["dense"].named_steps["scale"]
        self.mean_, self.scale_ = scaler.mean_.copy(), scaler.scale_ / self.dense_weight
        self.classes_ = np.asarray(pipe.named_steps["clf"].classes_).astype(str)
        self.coef_, self.intercept_ = lr.coef_.copy(), lr.intercept_.copy()
        self.beta_ = float(np.ravel(cal.calibrators[0].beta_)[0])
        dense = self.dense_.frame(X)
        self.dense_min_, self.dense_max_ = dense.min().to_numpy(), dense.max().to_numpy()
        self.n_train_ = len(y)
        self.train_hash_ = train_hash(X["text_hans"].tolist(), y.tolist())
        self.version_ = MODEL_VERSION
        return self

    def dense_features(self, texts_hans: list[str], snownlp: list[float] | None = None) -> pd.DataFrame:
        """The bounded dense features (columns tone_features.DENSE) of Simplified texts."""
        return self.dense_.frame(_frame(list(texts_hans), snownlp))

    def decision(self, texts_hans: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """Logistic-regression scores per class (columns ``classes_``) before calibration."""
        from scipy import sparse

        tf.keep_whole(self.dense_.lexicon)
        X = _frame(list(texts_hans), snownlp)
        if not len(X):
            return np.zeros((0, len(self.classes_)))
        dense = (self.dense_.frame(X).to_numpy() - self.mean_) / self.scale_
        M = sparse.hstack([self.words_.transform(X["text_hans"]), self.chars_.transform(X["text_hans"]),
                           sparse.csr_matrix(dense)]).tocsr()
        return np.asarray(M @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts_hans: list[str], snownlp: list[float] | None = None) -> np.ndarray:
        """Calibrated class probabilities, columns in ``classes_`` order."""
        return _softmax(self.beta_ * self.decision(texts_hans, snownlp))

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

    def word_vocabulary(self) -> set[str]:
        """Single words the model has a weight for (coverage of a corpus is measured against these)."""
        return {t for t in self.words_.vocabulary_ if " " not in t}

    def to_dict(self) -> dict:
        """JSON-serialisable model: parameters, vocabularies, idf, scaler, coefficients, version, data hash."""
        def terms(vec) -> list[str]:
            out = [""] * len(vec.vocabulary_)
            for term, i in vec.vocabulary_.items():
                out[i] = term
            return out

        return {
            "format": MODEL_FORMAT, "version": self.version_, "train_hash": self.train_hash_,
            "n_train": int(self.n_train_),
            "params": {"C": self.C, "dense_weight": self.dense_weight, "neg_window": self.neg_window, "min_df": self.min_df,
                       "class_weight": self.class_weight, "random_state": self.random_state,
                       "neg_scope": self.neg_scope, "mask_names": self.mask_names},
            "lexicon": [list(e) for e in self._entries()],
            "classes": [str(c) for c in self.classes_],
            "words": {"terms": terms(self.words_), "idf": _rounded(self.words_.idf_)},
            "chars": {"terms": terms(self.chars_), "idf": _rounded(self.chars_.idf_)},
            "dense": {"names": list(tf.DENSE), "mean": self.mean_.tolist(), "scale": self.scale_.tolist(),
                      "train_min": self.dense_min_.tolist(), "train_max": self.dense_max_.tolist()},
            "coef": _rounded(self.coef_), "intercept": self.intercept_.tolist(), "beta": self.beta_,
        }

    @classmethod
    def from_dict(cls, d: dict) -> NewsToneModel:
        """Rebuild a saved model; one saved in an older format gives the shipped model (its features are gone)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if d.get("format") != MODEL_FORMAT or list(d["dense"]["names"]) != list(tf.DENSE):
            return load_default_model()
        older = {"neg_scope": False, "mask_names": False}  # a model saved before these options read words plainly
        model = cls(**{**older, **d["params"]}, lexicon=[tuple(e) for e in d["lexicon"]])

        def vectorizer(params: dict, part: dict):
            vec = TfidfVectorizer(**params, vocabulary={t: i for i, t in enumerate(part["terms"])})
            vec._validate_vocabulary()
            vec.idf_ = np.asarray(part["idf"], dtype=float)
            return vec

        model.words_ = vectorizer(model._word_params(), d["words"])
        model.chars_ = vectorizer(model._char_params(), d["chars"])
        model.dense_ = tf.DenseFeatures(model._entries(), model.neg_window).fit(None)
        model.mean_ = np.asarray(d["dense"]["mean"], dtype=float)
        model.scale_ = np.asarray(d["dense"]["scale"], dtype=float)
        model.dense_min_ = np.asarray(d["dense"]["train_min"], dtype=float)
        model.dense_max_ = np.asarray(d["dense"]["train_max"], dtype=float)
        model.classes_ = np.asarray(d["classes"])
        model.coef_ = np.asarray(d["coef"], dtype=float)
        model.intercept_ = np.asarray(d["intercept"], dtype=float)
        model.beta_ = float(d["beta"])
        model.n_train_ = int(d["n_train"])
        model.train_hash_ = str(d["train_hash"])
        model.version_ = str(d["version"])
        return model


def choose_C(texts_hans: list[str], labels: list[str], snownlp: list[float], grid=(8.0, 16.0, 32.0, 64.0),
             random_state: int = 0) -> tuple[float, dict[float, float]]:
    """The C with the best 5-fold cross-validated macro-F1 on the training set (never the held-out sample)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=random_state).split(texts_hans, y))
    scores = {}
    for C in grid:
        pred = np.empty(len(y), dtype=object)
        for tr, te in folds:
            m = NewsToneModel(C=C, random_state=random_state).fit(
                [texts_hans[i] for i in tr], y[tr], [snownlp[i] for i in tr])
            pred[te] = m.predict_label([texts_hans[i] for i in te], [snownlp[i] for i in te])
        scores[C] = float(f1_score(y, pred.astype(str), average="macro"))
    return max(scores, key=lambda c: (scores[c], -c)), scores


def fit_default_model(C: float | None = None) -> NewsToneModel:
    """Fit the shipped model on the whole training set (C chosen by cross-validation on it when not given)."""
    train = training_set()
    texts, labels = train["text_hans"].tolist(), train["label"].tolist()
    scores = snownlp_scores(texts)
    if C is None:
        C, _ = choose_C(texts, labels, scores)
    return NewsToneModel(C=C).fit(texts, labels, scores)


@lru_cache(maxsize=1)
def _default_model_dict() -> str:
    return (DATA / "tone_model.json").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _default_model() -> NewsToneModel:
    return NewsToneModel.from_dict(json.loads(_default_model_dict()))


def load_default_model() -> NewsToneModel:
    """The model fitted on the training set, shipped as data/tone_model.json (loaded once per process)."""
    return _default_model()


PARALLEL_MIN_TEXTS = 4000
"""Below this many sentences a process pool costs more than it saves."""
_POOL_MODEL: NewsToneModel | None = None


def _proba_chunk(texts: list[str], snownlp: list[float]) -> tuple[np.ndarray, list[list[str]]]:
    return _POOL_MODEL.predict_proba(texts, snownlp), [tf.tokens(t) for t in texts]


def predict_proba_parallel(model: NewsToneModel, texts: list[str], snownlp: list[float],
                           workers: int | None = None) -> np.ndarray:
    """``model.predict_proba`` split over forked processes (they inherit the model and the loaded jieba);
    the workers' jieba tokens come back into this process's memo, so the corpus check does not segment again."""
    global _POOL_MODEL
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from analytics.pipeline import default_workers

    workers = default_workers() if workers is None else workers
    if (workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):  # a daemon (e.g. a dask worker) may not have children
        return model.predict_proba(texts, snownlp)
    tf.keep_whole(model.dense_.lexicon)  # load the shared segmenter (and its words) before forking
    _POOL_MODEL = model
    size = -(-len(texts) // workers)
    parts = [(texts[i:i + size], snownlp[i:i + size]) for i in range(0, len(texts), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as ex:
            done = list(ex.map(_proba_chunk, *zip(*parts)))
    finally:
        _POOL_MODEL = None
    for (part, _), (_, toks) in zip(parts, done):
        tf.remember_tokens(part, toks)
    return np.vstack([proba for proba, _ in done])


def score_sentences(sentences: pd.DataFrame, model: NewsToneModel | None = None) -> pd.DataFrame:
    """Copy of ``sentences`` (needs text_hans, snownlp) with tone, tone_label, model_label, model_tone,
    p_neg / p_neu / p_pos, model_version and model_train_hash.

    model_label / model_tone keep the model's own output so corrections can be re-applied at any time.
    """
    out = sentences.copy()
    model = model or load_default_model()
    if len(out):
        texts = out["text_hans"].fillna("").astype(str).tolist()
        proba = predict_proba_parallel(model, texts, out["snownlp"].astype(float).tolist())
        out["tone"] = np.clip(model._col(proba, "pos") - model._col(proba, "neg"), -1.0, 1.0)
        out["tone_label"] = model.classes_[proba.argmax(axis=1)].astype(str)
        for lab in LABELS:
            out[f"p_{lab}"] = model._col(proba, lab)
    else:
        out["tone"] = pd.Series(dtype=float)
        out["tone_label"] = pd.Series(dtype=str)
        for lab in LABELS:
            out[f"p_{lab}"] = pd.Series(dtype=float)
    out["model_label"] = out["tone_label"]
    out["model_tone"] = out["tone"]
    out["model_version"] = model.version_
    out["model_train_hash"] = model.train_hash_
    return out


def active_corrections(corrections: pd.DataFrame | None) -> pd.DataFrame | None:
    """Corrections still in force: rows an analyst undid (``undone`` set) are left out."""
    if corrections is None or "undone" not in corrections:
        return corrections
    return corrections[corrections["undone"].isna()]


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
    corrections = active_corrections(corrections)
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


def review_queue(sentences: pd.DataFrame, n: int = 20, by: str = "uncertain") -> pd.DataFrame:
    """Sentences most worth an analyst's label, uncorrected and one per distinct text.

    ``by="uncertain"``: smallest margin between the model's two most probable classes first;
    ``by="disagree"``: largest gap between the model's tone and SnowNLP's (2 * snownlp - 1) first.
    Adds columns ``margin`` and ``disagreement``.
    """
    if by not in ("uncertain", "disagree"):
        raise ValueError("by must be 'uncertain' or 'disagree'")
    s = sentences.copy()
    if "corrected" in s:
        s = s[~s["corrected"].fillna(False).astype(bool)]
    if s.empty:
        return s.assign(margin=pd.Series(dtype=float), disagreement=pd.Series(dtype=float))
    tone_col = "model_tone" if "model_tone" in s else "tone"
    if {"p_neg", "p_neu", "p_pos"} <= set(s.columns):
        p = np.sort(s[["p_neg", "p_neu", "p_pos"]].to_numpy(dtype=float), axis=1)
        s["margin"] = p[:, -1] - p[:, -2]
    else:  # a store built before the class probabilities were kept: |tone| stands in for confidence
        s["margin"] = s[tone_col].astype(float).abs()
    s["disagreement"] = (s[tone_col].astype(float) - (2 * s["snownlp"].astype(float) - 1)).abs()
    key, asc = (["margin", "disagreement"], [True, False]) if by == "uncertain" else (["disagreement", "margin"], [False, True])
    s = s.sort_values(key + ["article_id", "sentence_idx"], ascending=asc + [True, True], kind="stable")
    return s.drop_duplicates("text_hans").head(n).reset_index(drop=True)


def heldout_agreement(model: NewsToneModel, exclude_texts: set[str] | None = None) -> dict:
    """Macro-F1 and accuracy of ``model`` on the held-out seed sample (minus any sentence in ``exclude_texts``)."""
    from sklearn.metrics import accuracy_score, f1_score

    held = load_heldout()
    if exclude_texts:
        held = held[~held["text_hans"].isin(exclude_texts)]
    if held.empty:
        return {"n": 0, "macro_f1": None, "accuracy": None}
    pred = model.predict_label(held["text_hans"].tolist())
    return {"n": int(len(held)),
            "macro_f1": float(f1_score(held["label"], pred, labels=list(LABELS), average="macro", zero_division=0)),
            "accuracy": float(accuracy_score(held["label"], pred))}


def retrain(base_texts: list[str], base_labels: list[str], corr_texts: list[str], corr_labels: list[str],
            random_state: int = 0, before: NewsToneModel | None = None) -> tuple[NewsToneModel, dict]:
    """Fit on the training set + analyst corrections; report held-out agreement before and after.

    The held-out seed sample is only evaluated on, and sentences an analyst corrected are left out of
    that evaluation (their label was given to the model).
    """
    base_texts, base_labels = list(base_texts), list(base_labels)
    corr_texts, corr_labels = list(corr_texts), list(corr_labels)
    before = before or load_default_model()
    model = NewsToneModel(C=before.C, random_state=random_state).fit(base_texts + corr_texts, base_labels + corr_labels)
    exclude = set(corr_texts)
    b, a = heldout_agreement(before, exclude), heldout_agreement(model, exclude)
    report = {"n_base": len(base_texts), "n_corrections": len(corr_texts), "heldout_n": a["n"],
              "before_macro_f1": b["macro_f1"], "before_accuracy": b["accuracy"],
              "macro_f1": a["macro_f1"], "accuracy": a["accuracy"],
              "version": model.version_, "train_hash": model.train_hash_}
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
    _train = training_set()
    _texts, _labels = _train["text_hans"].tolist(), _train["label"].tolist()
    _scores = snownlp_scores(_texts)
    _C, _grid = choose_C(_texts, _labels, _scores)
    print(f"{len(_texts)} training sentences; 5-fold CV macro-F1 by C: {_grid}; chosen C={_C}")
    (DATA / "tone_model.json").write_text(
        json.dumps(NewsToneModel(C=_C).fit(_texts, _labels, _scores).to_dict(), ensure_ascii=False), encoding="utf-8")
