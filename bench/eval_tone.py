"""Tone, side by side on the same data in one run: raw SnowNLP, a plain word TF-IDF model, the previous
shipped model (tone.py + tone_model.json of the last commit that shipped it) and the new model.

Held-out seeded random seed sample (never fitted or tuned on): macro-F1 with a bootstrap 95% interval,
per-class P/R/F1, confusion matrix, predicted vs labelled class shares. Training set: 5-fold CV and
leave-one-beat-out. Also the length histogram of training sentences beside the seeds' and the dense
feature ranges. Run: .venv/bin/python bench/eval_tone.py
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import tone, tone_features as tf  # noqa: E402

LABELS = ["neg", "neu", "pos"]
SEED = 0
N_BOOT = 2000
pd.set_option("display.width", 200)


def macro_f1(y, p) -> float:
    return float(precision_recall_fscore_support(y, p, labels=LABELS, average="macro", zero_division=0)[2])


def boot_ci(y, p, n: int = N_BOOT, seed: int = SEED) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of macro-F1 (sentences resampled with replacement)."""
    rng = np.random.default_rng(seed)
    y, p = np.asarray(y), np.asarray(p)
    stats = [macro_f1(y[i], p[i]) for i in (rng.integers(0, len(y), len(y)) for _ in range(n))]
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))


def band(scores, lo: float, hi: float) -> np.ndarray:
    s = np.asarray(scores)
    return np.where(s > hi, "pos", np.where(s < lo, "neg", "neu"))


def best_band(scores, labels) -> tuple[float, float]:
    """SnowNLP's neutral band [lo, hi] with the best macro-F1 on the given training sentences."""
    grid = np.round(np.arange(0.0, 1.0001, 0.05), 2)
    best = max(((macro_f1(labels, band(scores, lo, hi)), lo, hi) for lo in grid for hi in grid[grid >= lo]))
    return best[1], best[2]


class SnowBand:
    """Raw SnowNLP with a neutral band fitted on the training labels."""

    def fit(self, texts, labels, snow):
        self.lo, self.hi = best_band(snow, labels)
        return self

    def predict(self, texts, snow):
        return band(snow, self.lo, self.hi)


class PlainTfidf:
    """Word 1-2-gram TF-IDF (jieba) + class-balanced logistic regression, nothing else."""

    def fit(self, texts, labels, snow):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.m = make_pipeline(TfidfVectorizer(analyzer=tf.word_ngrams, sublinear_tf=True, min_df=2),
                               LogisticRegression(C=4.0, class_weight="balanced", solver="newton-cg", max_iter=1000))
        self.m.fit(texts, labels)
        return self

    def predict(self, texts, snow):
        return self.m.predict(texts)


class NewModel:
    def __init__(self, C: float):
        self.C = C

    def fit(self, texts, labels, snow):
        self.m = tone.NewsToneModel(C=self.C).fit(texts, labels, snow)
        return self

    def predict(self, texts, snow):
        return self.m.predict_label(texts, snow)


PREVIOUS_FORMAT = '"format": "news-tone-model/1"'


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True).stdout


def previous_commit() -> str | None:
    """The newest commit whose shipped tone model is the previous (format 1, dense-feature) model."""
    for commit in _git("log", "--format=%H", "--", "analytics/data/tone_model.json").decode().split():
        if PREVIOUS_FORMAT in _git("show", f"{commit}:analytics/data/tone_model.json")[:200].decode("utf-8", "ignore"):
            return commit
    return None


def previous_model():
    """The previous shipped model: its commit's tone.py and tone_model.json, loaded from a temporary directory."""
    try:
        commit = previous_commit()
    except subprocess.CalledProcessError:
        return None
    if commit is None:
        return None
    print(f"previous shipped model: commit {commit[:10]}")
    tmp = Path(tempfile.mkdtemp(prefix="tone_prev_"))
    (tmp / "data").mkdir()
    for src, dst in (("analytics/tone.py", "tone.py"), ("analytics/data/tone_model.json", "data/tone_model.json")):
        (tmp / dst).write_bytes(_git("show", f"{commit}:{src}"))
    spec = importlib.util.spec_from_file_location("tone_prev", tmp / "tone.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.load_default_model()


def committed_model(shipped):
    """The model of the last commit's tone_model.json when the working tree ships a different one (else None)."""
    import json

    try:
        d = json.loads(_git("show", "HEAD:analytics/data/tone_model.json"))
    except (subprocess.CalledProcessError, ValueError):
        return None
    if d.get("format") != tone.MODEL_FORMAT or d.get("train_hash") == shipped.train_hash_:
        return None
    return tone.NewsToneModel.from_dict(d)


def report(name: str, y, p) -> dict:
    lo, hi = boot_ci(y, p)
    shares = pd.Series(p).value_counts(normalize=True)
    return {"method": name, "macro_f1": macro_f1(y, p), "ci95": f"[{lo:.3f}, {hi:.3f}]",
            "accuracy": float(np.mean(np.asarray(y) == np.asarray(p))),
            **{f"pred_{lab}": float(shares.get(lab, 0.0)) for lab in LABELS}}


def details(name: str, y, p) -> None:
    P, R, F, S = precision_recall_fscore_support(y, p, labels=LABELS, zero_division=0)
    print(f"\n{name}: per class")
    print(pd.DataFrame({"P": P, "R": R, "F1": F, "n": S}, index=LABELS).to_string(float_format=lambda x: f"{x:.3f}"))
    cm = pd.DataFrame(confusion_matrix(y, p, labels=LABELS), index=[f"true {x}" for x in LABELS],
                      columns=[f"pred {x}" for x in LABELS])
    print(cm.to_string())


def cross_val(make, texts, labels, snow, folds) -> np.ndarray:
    pred = np.empty(len(labels), dtype=object)
    for tr, te in folds:
        m = make().fit([texts[i] for i in tr], labels[tr], snow[tr])
        pred[te] = m.predict([texts[i] for i in te], snow[te])
    return pred.astype(str)


def histogram(lengths, bins) -> pd.Series:
    cut = pd.cut(pd.Series(lengths), bins=bins, right=False)
    return cut.value_counts(normalize=True, sort=False)


def main() -> None:
    train = tone.training_set()
    held = tone.load_heldout()
    texts, labels = train["text_hans"].tolist(), train["label"].to_numpy()
    h_texts, y_held = held["text_hans"].tolist(), held["label"].to_numpy()
    snow = np.asarray(tone.snownlp_scores(texts))
    h_snow = np.asarray(tone.snownlp_scores(h_texts))
    shipped = tone.load_default_model()
    C = shipped.C
    print(f"training set: {len(train)} sentences, hash {tone.train_hash(texts, list(labels))} "
          f"(shipped model: {shipped.n_train_} sentences, hash {shipped.train_hash_}, version {shipped.version_}, C={C})")
    print("  by source:", train["source"].value_counts().to_dict())
    print("  labels:", {k: f"{v:.1%}" for k, v in train["label"].value_counts(normalize=True).items()},
          " scripts:", train["text"].map(lambda t: "Hant" if tone.to_simplified(t) != t else "Hans").value_counts().to_dict())
    print(f"held-out seed sample: {len(held)} sentences, labelled shares "
          + ", ".join(f"{lab} {np.mean(y_held == lab):.1%}" for lab in LABELS))

    print("\n== Held-out seed sample (never used for fitting, tuning or choosing features) ==")
    rows, preds = [], {}
    methods = {"raw SnowNLP (neutral band fitted on training set)": SnowBand,
               "plain word TF-IDF + LR": PlainTfidf,
               "new model (fitted now on the training set)": lambda: NewModel(C)}
    prev = previous_model()
    if prev is not None:
        preds["previous shipped model"] = prev.predict_label(h_texts, list(h_snow))
    last = committed_model(shipped)
    if last is not None:
        print(f"last committed model: {last.n_train_} sentences, hash {last.train_hash_}, C={last.C}")
        preds["last committed model (HEAD tone_model.json)"] = last.predict_label(h_texts, list(h_snow))
    for name, make in methods.items():
        preds[name] = make().fit(texts, labels, snow).predict(h_texts, h_snow)
    preds["new model as shipped (tone_model.json)"] = shipped.predict_label(h_texts, list(h_snow))
    for name, p in preds.items():
        rows.append(report(name, y_held, p))
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("labelled shares:       " + "  ".join(f"{lab} {np.mean(y_held == lab):.3f}" for lab in LABELS))
    for name, p in preds.items():
        details(name, y_held, p)
    gap = max(abs(np.mean(preds["new model as shipped (tone_model.json)"] == lab) - np.mean(y_held == lab))
              for lab in LABELS)
    print(f"\nshipped model: largest gap between predicted and labelled share {gap * 100:.1f} points")

    legacy = pd.read_csv(tone.DATA / "tone_seed_labels.csv")
    lp = shipped.predict_label([tone.to_simplified(t) for t in legacy["text"]])
    print(f"legacy figure (87 chosen seed sentences, superseded): shipped model macro-F1 {macro_f1(legacy['label'], lp):.3f}")

    print("\n== 5-fold stratified CV on the training set ==")
    folds = list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, labels))
    cv_rows = []
    for name, make in methods.items():
        p = cross_val(make, texts, labels, snow, folds)
        cv_rows.append({"method": name.replace(" (fitted now on the training set)", ""), "macro_f1": macro_f1(labels, p),
                        "accuracy": float(np.mean(p == labels))})
    print(pd.DataFrame(cv_rows).to_string(index=False, float_format=lambda x: f"{x:.3f}"))

    print("\n== Leave-one-beat-out (train on every other beat + the dev sentences, test on the beat) ==")
    beats = sorted(b for b in train["beat"].unique() if b != "dev")
    lobo = []
    for b in beats:
        te = np.flatnonzero(train["beat"].to_numpy() == b)
        tr = np.flatnonzero(train["beat"].to_numpy() != b)
        row = {"beat": b, "n": len(te)}
        for name, make in (("snownlp", SnowBand), ("plain_tfidf", PlainTfidf), ("new", lambda: NewModel(C))):
            m = make().fit([texts[i] for i in tr], labels[tr], snow[tr])
            row[name] = macro_f1(labels[te], m.predict([texts[i] for i in te], snow[te]))
        lobo.append(row)
    lobo = pd.DataFrame(lobo)
    print(lobo.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("mean " + "  ".join(f"{c} {lobo[c].mean():.3f}" for c in ("snownlp", "plain_tfidf", "new")))

    print("\n== Sentence length (characters): training set vs held-out seed sample ==")
    bins = [0, 8, 16, 32, 64, 128, 256, 10_000]
    hist = pd.DataFrame({"training": histogram(train["text_hans"].str.len(), bins),
                         "seeds": histogram(held["text_hans"].str.len(), bins)})
    print(hist.to_string(float_format=lambda x: f"{x:.1%}"))
    print(f"median length: training {train['text_hans'].str.len().median():.0f}, seeds {held['text_hans'].str.len().median():.0f}")

    print("\n== Dense feature ranges: training set vs seeds ==")
    dtr, dse = shipped.dense_features(texts, list(snow)), shipped.dense_features(h_texts, list(h_snow))
    ranges = pd.DataFrame({"train_min": dtr.min(), "train_max": dtr.max(), "seed_min": dse.min(), "seed_max": dse.max()})
    ranges["in_range"] = (ranges.seed_min >= ranges.train_min) & (ranges.seed_max <= ranges.train_max)
    print(ranges.to_string(float_format=lambda x: f"{x:.2f}"))


if __name__ == "__main__":
    main()
