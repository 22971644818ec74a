"""Model selection figures for analytics.narratives on the seeds: method x number of topics.

Prints, per method (NMF, KMeans, agglomerative) and k in 4..12: resampling stability (mean adjusted
Rand index against fits on 80% subsamples, the selection criterion), silhouette (cosine), NPMI coherence
of the top terms, and the purity of two reference narratives (stock crash, export controls); then the k
each method would choose and median fit times measured side by side.
Run: .venv/bin/python bench/bench_narratives.py
"""
from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import clean, narratives as N  # noqa: E402
from analytics.corpus import read_corpus  # noqa: E402
from analytics.sentences import split_sentences  # noqa: E402

STOCK, FALL = "股|市值|博通|纳斯达克", "跌|蒸发|抛售|下滑"
EXPORT = "出口管制|制裁|禁令|出口限制|对华限制|芯片法案"


def seed_sentences() -> pd.DataFrame:
    rows = []
    for art in read_corpus(ROOT / "seeds").articles:
        for s in split_sentences(clean.clean_text(art.raw).text):
            rows.append({"article_id": art.article_id, "sentence_idx": s.idx, "text": s.text,
                         "text_hans": clean.to_simplified(s.text)})
    return pd.DataFrame(rows)


def npmi(tokens: list[set[str]], terms: list[list[tuple[str, float]]], n: int = 8) -> float:
    """Mean NPMI of top-term pairs, with sentence co-occurrence as the reference corpus."""
    docs = len(tokens)
    vals = []
    for topic in terms:
        top = [t for t, _ in topic[:n]]
        for a, b in itertools.combinations(top, 2):
            pa = sum(a in d for d in tokens) / docs
            pb = sum(b in d for d in tokens) / docs
            pab = sum(a in d and b in d for d in tokens) / docs
            vals.append(-1.0 if pab == 0 else np.log(pab / (pa * pb)) / -np.log(pab))
    return float(np.mean(vals)) if vals else float("nan")


def purity(labels: np.ndarray, mask: np.ndarray) -> float:
    lab = labels[mask]
    lab = lab[lab >= 0]
    return float(np.bincount(lab).max() / mask.sum()) if len(lab) else 0.0


def main() -> None:
    s = seed_sentences()
    texts, groups = s["text_hans"], s["article_id"]
    tokens = [set(N.tokenize(t)) for t in texts]
    crash = (s["text_hans"].str.contains(STOCK) & s["text_hans"].str.contains(FALL)).to_numpy()
    export = s["text_hans"].str.contains(EXPORT).to_numpy()
    print(f"{len(s)} sentences, {crash.sum()} about the stock crash, {export.sum()} about export controls\n")
    rows, chosen, times = [], {}, {m: [] for m in N.METHODS}
    for method in N.METHODS:
        sel = N.TopicModel(method=method).fit(texts, groups=groups)
        chosen[method] = sel.n_topics_
        for k, stab, sil in sel.selection_[["k", "stability", "silhouette"]].itertuples(index=False):
            m = N.TopicModel(n_topics=int(k), method=method).fit(texts, groups=groups)
            rows.append({"method": method, "k": int(k), "stability": stab, "silhouette": sil,
                         "npmi": npmi(tokens, m.terms_), "crash": purity(m.labels_, crash),
                         "export": purity(m.labels_, export), "unassigned": int((m.labels_ == -1).sum()),
                         "largest": int(np.bincount(m.labels_[m.labels_ >= 0]).max())})
    for _ in range(3):  # fit with selection, methods interleaved so load affects them alike
        for method in N.METHODS:
            t0 = time.perf_counter()
            N.TopicModel(method=method).fit(texts, groups=groups)
            times[method].append(time.perf_counter() - t0)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
        print("\nper method, mean over k:")
        print(table.groupby("method")[["stability", "silhouette", "npmi", "crash", "export"]].mean())
    print("\nchosen k (max stability) and median fit time incl. selection:")
    for method in N.METHODS:
        print(f"  {method:14s} k={chosen[method]:2d}  {statistics.median(times[method]):.2f}s")
    nmf = statistics.median(times["nmf"])
    print("  time ratio vs nmf: " + ", ".join(f"{m} {statistics.median(t) / nmf:.2f}x" for m, t in times.items()))
    _, topics = N.assign_topics(s)
    print("\ntopic table (default: NMF, k by stability):")
    with pd.option_context("display.width", 200, "display.max_colwidth", 80):
        print(topics[["topic_id", "label", "n_sentences", "n_articles", "terms"]].to_string(index=False))


if __name__ == "__main__":
    main()
