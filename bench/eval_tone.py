"""Macro-F1 of raw SnowNLP vs SnowNLP retrained vs the news tone model, on the dev set (5-fold CV)
and on the held-out labelled seed sentences (never used for fitting or tuning).

Run: .venv/bin/python bench/eval_tone.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from snownlp.classification.bayes import Bayes  # noqa: E402

from analytics.snownlp_fast import FastBayes, default_sentiment  # noqa: E402
from analytics.tone import DATA, LABELS, NewsToneModel, load_dev_set, snownlp_scores, to_simplified  # noqa: E402

K = 5
SEED = 0


def macro_f1(y, p) -> float:
    """Three-class macro-F1 (a class absent from both truth and prediction scores 0, as sklearn's)."""
    y, p = np.asarray(y), np.asarray(p)
    f = []
    for lab in LABELS:
        tp = np.sum((y == lab) & (p == lab))
        denom = np.sum(y == lab) + np.sum(p == lab)
        f.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f))


def band_labels(scores, lo: float, hi: float) -> np.ndarray:
    s = np.asarray(scores)
    return np.where(s > hi, "pos", np.where(s < lo, "neg", "neu"))


def best_band(scores, labels) -> tuple[float, float]:
    """The fixed neutral band [lo, hi] that maximises macro-F1 on the given (training) sentences."""
    grid = np.round(np.arange(0.0, 1.0001, 0.02), 2)
    best = (-1.0, 0.5, 0.5)
    for lo in grid:
        for hi in grid[grid >= lo]:
            f = macro_f1(labels, band_labels(scores, lo, hi))
            if f > best[0]:
                best = (f, float(lo), float(hi))
    return best[1], best[2]


def bayes_fit(texts: list[str], labels: list[str]) -> FastBayes:
    """SnowNLP's own Bayes classifier trained on news sentences (3 classes), SnowNLP tokens."""
    words = default_sentiment().words
    bayes = Bayes()
    bayes.train([[words(t), lab] for t, lab in zip(texts, labels)])
    return FastBayes(bayes)


def bayes_predict(model: FastBayes, texts: list[str]) -> np.ndarray:
    words = default_sentiment().words
    return np.asarray([model.classify(words(t))[0] for t in texts])


def binary_bayes_scores(train_t, train_y, test_t) -> tuple[np.ndarray, np.ndarray]:
    """SnowNLP ``sentiment.train``-style retraining (pos vs neg docs only): P(pos) on train and test."""
    keep = [i for i, y in enumerate(train_y) if y != "neu"]
    model = bayes_fit([train_t[i] for i in keep], [train_y[i] for i in keep])
    words = default_sentiment().words

    def score(t):
        ret, p = model.classify(words(t))
        return p if ret == "pos" else 1 - p

    return np.asarray([score(t) for t in train_t]), np.asarray([score(t) for t in test_t])


def main() -> None:
    dev = load_dev_set()
    seeds = pd.read_csv(DATA / "tone_seed_labels.csv")
    dev_h = [to_simplified(t) for t in dev.text]
    seed_h = [to_simplified(t) for t in seeds.text]
    y_dev, y_seed = dev.label.to_numpy(), seeds.label.to_numpy()
    s_dev, s_seed = np.asarray(snownlp_scores(dev_h)), np.asarray(snownlp_scores(seed_h))
    folds = list(StratifiedKFold(K, shuffle=True, random_state=SEED).split(dev_h, y_dev))
    rows = []

    def add(name, dev_pred, seed_pred, note=""):
        rows.append({"method": name, "dev_macro_f1": macro_f1(y_dev, dev_pred),
                     "dev_acc": accuracy_score(y_dev, dev_pred), "seed_macro_f1": macro_f1(y_seed, seed_pred),
                     "seed_acc": accuracy_score(y_seed, seed_pred), "note": note})

    add("SnowNLP raw, 0.5 threshold", band_labels(s_dev, 0.5, 0.5), band_labels(s_seed, 0.5, 0.5), "never neu")
    lo, hi = best_band(s_dev, y_dev)
    cv_band = np.empty(len(dev), dtype=object)
    for tr, te in folds:
        flo, fhi = best_band(s_dev[tr], y_dev[tr])
        cv_band[te] = band_labels(s_dev[te], flo, fhi)
    add("SnowNLP raw, best band in-sample", band_labels(s_dev, lo, hi), band_labels(s_seed, lo, hi),
        f"band [{lo:.2f}, {hi:.2f}] chosen on all dev (optimistic)")
    add("SnowNLP raw, band chosen per CV fold", cv_band.astype(str), band_labels(s_seed, lo, hi), "")

    cv_bin = np.empty(len(dev), dtype=object)
    for tr, te in folds:
        tr_s, te_s = binary_bayes_scores([dev_h[i] for i in tr], list(y_dev[tr]), [dev_h[i] for i in te])
        flo, fhi = best_band(tr_s, y_dev[tr])
        cv_bin[te] = band_labels(te_s, flo, fhi)
    full_tr, full_seed = binary_bayes_scores(dev_h, list(y_dev), seed_h)
    blo, bhi = best_band(full_tr, y_dev)
    add("SnowNLP retrained pos/neg (sentiment.train style) + band", cv_bin.astype(str),
        band_labels(full_seed, blo, bhi), f"band [{blo:.2f}, {bhi:.2f}]")

    cv_b3 = np.empty(len(dev), dtype=object)
    for tr, te in folds:
        m = bayes_fit([dev_h[i] for i in tr], list(y_dev[tr]))
        cv_b3[te] = bayes_predict(m, [dev_h[i] for i in te])
    add("SnowNLP Bayes retrained, 3 classes", cv_b3.astype(str),
        bayes_predict(bayes_fit(dev_h, list(y_dev)), seed_h), "")

    cv_model = np.empty(len(dev), dtype=object)
    for tr, te in folds:
        m = NewsToneModel().fit([dev_h[i] for i in tr], list(y_dev[tr]), list(s_dev[tr]))
        cv_model[te] = m.predict_label([dev_h[i] for i in te], list(s_dev[te]))
    final = NewsToneModel().fit(dev_h, list(y_dev), list(s_dev))
    add("News tone model (lexicon + SnowNLP, LogisticRegression)", cv_model.astype(str),
        final.predict_label(seed_h, list(s_seed)), "shipped model")

    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 60)
    print(f"dev set: {len(dev)} sentences ({ {k: int(v) for k, v in dev.label.value_counts().items()} }), {K}-fold stratified CV")
    print(f"held-out seeds: {len(seeds)} sentences ({ {k: int(v) for k, v in seeds.label.value_counts().items()} })")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    hant = dev.script == "Hant"
    flips = (band_labels(snownlp_scores(dev.text[hant].tolist()), lo, hi)
             != band_labels(s_dev[hant.to_numpy()], lo, hi)).mean()
    print(f"raw SnowNLP on Traditional text vs its t2s conversion: {flips:.0%} of labels differ "
          f"({hant.sum()} Traditional dev sentences); the model always scores t2s text")


if __name__ == "__main__":
    main()
