"""Themes and narratives, measured: agreement with known beats, coherence, outliers and fit time.

1. Multi-beat development corpus (tests/data/beats, 12 beats): article-level NMI of themes against
   beats for the shipped method and the alternatives tried (k chosen automatically and at the true k),
   narrative coherence (NPMI of top terms) and the unassigned share.
2. Seeds: the stock-crash and export-control sentences stay in different narratives.
3. Scale: synthetic corpora (python -m analytics synth) of 200, 2,000 and 20,000 articles: theme and
   narrative fit time, unassigned share, NMI against the synthetic beats; time per article shows
   whether cost grows linearly.
Run: .venv/bin/python bench/bench_narratives.py [--sizes 200,2000,20000]
"""
from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score as nmi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import corpus, narratives as N, packs, pipeline, themes  # noqa: E402

STOCK, FALL = "股|市值|博通|纳斯达克", "跌|蒸发|抛售|下滑"
EXPORT = "出口管制|制裁|禁令|出口限制|对华限制|芯片法案"


def sentences_of(folder: Path) -> pd.DataFrame:
    """The pipeline's sentence rows for every readable article of a folder."""
    read = corpus.read_corpus(folder)
    frames = [pipeline.prepare_article(a).sentences for a in read.articles]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def npmi(tokens: list[set[str]], terms: list[list[str]], n: int = 8) -> float:
    """Mean NPMI of top-term pairs, with sentence co-occurrence as the reference corpus."""
    docs = len(tokens)
    vals = []
    for topic in terms:
        for a, b in itertools.combinations(topic[:n], 2):
            pa = sum(a in d for d in tokens) / docs
            pb = sum(b in d for d in tokens) / docs
            pab = sum(a in d and b in d for d in tokens) / docs
            vals.append(-1.0 if pab == 0 else np.log(pab / (pa * pb)) / -np.log(pab))
    return float(np.mean(vals)) if vals else float("nan")


def run(s: pd.DataFrame, n_themes: int | None = None, prior: float = 2.0) -> dict:
    """Themes then narratives, as the pipeline runs them; returns labels, tables and timings."""
    t0 = time.perf_counter()
    tokens = pd.Series([N.tokenize(t) for t in s["text_hans"]], index=s.index, dtype=object)
    t1 = time.perf_counter()
    theme_of, theme_rows = themes.assign_themes(s, tokens, n_themes=n_themes) if prior == 2.0 else \
        _themes_with_prior(s, tokens, n_themes, prior)
    t2 = time.perf_counter()
    out, topics = N.assign_topics(s, themes=theme_of, tokens=tokens)
    t3 = time.perf_counter()
    return {"theme_of": theme_of, "themes": theme_rows, "sentences": out, "topics": topics, "tokens": tokens,
            "t_tokens": t1 - t0, "t_themes": t2 - t1, "t_narratives": t3 - t2}


def _themes_with_prior(s, tokens, n_themes, prior):
    docs: dict[str, list[str]] = {}
    for a, tk in zip(s["article_id"].astype(str), tokens):
        docs.setdefault(a, []).extend(tk)
    ids = sorted(docs)
    m = themes.ThemeModel(n_themes=n_themes, prior_weight=prior).fit([docs[a] for a in ids])
    return pd.Series(m.labels_ + N.THEME_BASE, index=ids), None


def beat_of(ids) -> list[str]:
    return [str(a).rsplit("_", 1)[0] for a in ids]


def beats_section() -> None:
    s = sentences_of(ROOT / "tests" / "data" / "beats" / "articles")
    n_art = s["article_id"].nunique()
    k_true = len(set(beat_of(s["article_id"].unique())))
    print(f"## Multi-beat corpus: {n_art} articles, {len(s)} sentences, {k_true} beats\n")
    print("| themes | k | NMI vs beats | fit s |")
    print("| --- | --- | --- | --- |")
    for name, kw in [("shipped: LSA + section prior, k by silhouette", {}),
                     ("no section prior, k by silhouette", {"prior": 0.0}),
                     (f"shipped at the true k={k_true}", {"n_themes": k_true}),
                     (f"no prior at the true k={k_true}", {"n_themes": k_true, "prior": 0.0})]:
        r = run(s, **kw)
        th = r["theme_of"]
        print(f"| {name} | {th.nunique()} | {nmi(beat_of(th.index), th.to_numpy()):.3f} | {r['t_themes']:.2f} |")
        if not kw:
            shipped = r
    sent, topics = shipped["sentences"], shipped["topics"]
    toks = [set(t) for t in shipped["tokens"]]
    terms = [[t.lower() for t in str(x).split(", ")] for x in topics[topics["topic_id"] >= 0]["terms"]]
    un = float((sent["topic_id"] == N.UNASSIGNED).mean())
    print(f"\nnarratives: {len(terms)} in {shipped['theme_of'].nunique()} themes; NPMI coherence "
          f"{npmi(toks, terms):.3f}; unassigned {un:.1%}; narrative fit {shipped['t_narratives']:.2f}s\n")


def seeds_section() -> None:
    with packs.using(["ai2025"]):
        s = sentences_of(ROOT / "seeds")
        r = run(s)
    out = r["sentences"]
    crash = out["text_hans"].str.contains(STOCK) & out["text_hans"].str.contains(FALL)
    export = out["text_hans"].str.contains(EXPORT)
    c, e = out[crash]["topic_id"].value_counts(), out[export]["topic_id"].value_counts()
    print(f"## Seeds: {len(out)} sentences, {r['theme_of'].nunique()} theme(s), "
          f"{(r['topics']['topic_id'] >= 0).sum()} narratives")
    print(f"stock crash: {c.iloc[0] / c.sum():.0%} in narrative {c.index[0]}; export controls: "
          f"{e.iloc[0] / e.sum():.0%} in narrative {e.index[0]}; apart: {c.index[0] != e.index[0]}\n")


def scale_section(sizes: list[int]) -> None:
    print("## Scale (synthetic corpora, `python -m analytics synth`)\n")
    print("| articles | sentences | themes | NMI vs synthetic beats | unassigned | tokenise s | themes s | "
          "narratives s | ms per article (fit) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "analytics", "synth", "--articles", str(n), "--seed", "1",
                            "--out", tmp, "--chars", "1500"], check=True, cwd=ROOT, capture_output=True)
            manifest = pd.read_csv(Path(tmp) / "manifest.csv")
            s = sentences_of(Path(tmp))
        r = run(s)
        beat = dict(zip(manifest["article_id"].astype(str), manifest["beat"]))
        th = r["theme_of"]
        un = float((r["sentences"]["topic_id"] == N.UNASSIGNED).mean())
        fit = r["t_themes"] + r["t_narratives"]
        print(f"| {n:,} | {len(s):,} | {th.nunique()} | {nmi([beat.get(a, '') for a in th.index], th.to_numpy()):.3f}"
              f" | {un:.1%} | {r['t_tokens']:.1f} | {r['t_themes']:.1f} | {r['t_narratives']:.1f} | "
              f"{1000 * fit / n:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="200,2000,20000")
    args = ap.parse_args()
    beats_section()
    seeds_section()
    scale_section([int(x) for x in args.sizes.split(",") if x])


if __name__ == "__main__":
    main()
