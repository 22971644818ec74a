"""Themes and narratives, measured: agreement with known beats, coherence, outliers and fit time.

1. Multi-beat development corpus (tests/data/beats, 12 beats): article-level NMI of themes against
   beats over several random states (mean and range) for the shipped method and the alternatives tried
   (k by consensus, by silhouette, at the true k; the previous version; plain TF-IDF), narrative
   coherence (NPMI of top terms) and the unassigned share.
2. Seeds: the stock-crash and export-control sentences stay in different narratives.
3. Scale: synthetic corpora (python -m analytics synth) of 200, 2,000 and 20,000 articles: theme and
   narrative fit time, unassigned share, NMI against the synthetic beats; time per article shows
   whether cost grows linearly.
Run: .venv/bin/python bench/bench_narratives.py [--sizes 200,2000,20000] [--keep DIR] [--only beats|seeds|scale]
     [--beats-only [--cache FILE]]: theme NMI on the multi-beat corpus only (variants, no narratives),
     with the tokenised articles cached in FILE between runs.
"""
from __future__ import annotations

import argparse
import itertools
import os
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

sys.path.insert(0, str(ROOT / "tests" / "data" / "beats"))
from validate import load_gold  # noqa: E402

STOCK, FALL = "股|市值|博通|纳斯达克", "跌|蒸发|抛售|下滑"
EXPORT = "出口管制|制裁|禁令|出口限制|对华限制|芯片法案"


def sentences_of(folder: Path) -> pd.DataFrame:
    """The pipeline's sentence rows for every readable article of a folder (prepared across processes)."""
    read = corpus.read_corpus(folder)
    frames = [p.sentences for p in pipeline.prepare_articles(read.articles)]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def tokens_of(s: pd.DataFrame) -> pd.Series:
    """``narratives.tokenize`` of every sentence, segmenting each distinct text once (synthetic corpora
    repeat sentences; tokenising is not part of the fit time)."""
    unique = {t: N.tokenize(t) for t in pd.unique(s["text_hans"])}
    return pd.Series([unique[t] for t in s["text_hans"]], index=s.index, dtype=object)


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


def run(s: pd.DataFrame, n_themes: int | None = None, tokens: pd.Series | None = None) -> dict:
    """Themes then narratives, as the pipeline runs them; returns labels, tables and timings."""
    t0 = time.perf_counter()
    if tokens is None:
        tokens = pd.Series([N.tokenize(t) for t in s["text_hans"]], index=s.index, dtype=object)
    t1 = time.perf_counter()
    theme_of, theme_rows = themes.assign_themes(s, tokens, n_themes=n_themes)
    t2 = time.perf_counter()
    out, topics = N.assign_topics(s, themes=theme_of, tokens=tokens)
    t3 = time.perf_counter()
    return {"theme_of": theme_of, "themes": theme_rows, "sentences": out, "topics": topics, "tokens": tokens,
            "t_tokens": t1 - t0, "t_themes": t2 - t1, "t_narratives": t3 - t2}


class PreviousThemes(themes.ThemeModel):
    """The previous version, for comparison: corpus LSA beside 2 x the log-count section profile, k by
    silhouette in 2..sqrt(n/2)."""

    def __init__(self, random_state: int = 0, n_themes: int | None = None):
        super().__init__(n_themes=n_themes, selection="silhouette", random_state=random_state)

    def _embed(self, docs):
        from sklearn.preprocessing import normalize

        lsa = themes._reduce(self.vectorizer_.transform(docs), self.svd_)
        ids, index = themes._sections()
        counts = np.zeros((len(docs), len(ids)))
        for r, doc in enumerate(docs):
            for tok in doc:
                for c in index.get(tok, ()):
                    counts[r, c] += 1
        return normalize(np.hstack([lsa, 2.0 * normalize(np.log1p(counts))]))


class PlainThemes(themes.ThemeModel):
    """Baseline: corpus TF-IDF LSA alone, no news-section knowledge."""

    def __init__(self, random_state: int = 0, n_themes: int | None = None, selection: str = "consensus"):
        super().__init__(n_themes=n_themes, prior_weight=0.0, selection=selection, random_state=random_state)


def beat_of(ids) -> list[str]:
    return [str(a).rsplit("_", 1)[0] for a in ids]


def _beats_tokens(cache: Path | None) -> tuple[pd.DataFrame, pd.Series]:
    """Sentences and tokens of the multi-beat corpus, read from / written to ``cache`` (a pickle) when given."""
    if cache is not None and cache.exists():
        return pd.read_pickle(cache)
    s = sentences_of(ROOT / "tests" / "data" / "beats" / "articles")
    tokens = pd.Series([N.tokenize(t) for t in s["text_hans"]], index=s.index, dtype=object)
    if cache is not None:
        pd.to_pickle((s, tokens), cache)
    return s, tokens


def beats_section(states: int = 5, themes_only: bool = False, cache: Path | None = None) -> None:
    s, tokens = _beats_tokens(cache)
    gold = load_gold()
    n_art = s["article_id"].nunique()
    docs: dict[str, list[str]] = {}
    for a, tk in zip(s["article_id"].astype(str), tokens):
        docs.setdefault(a, []).extend(tk)
    ids = sorted(docs)
    beats = [gold[a]["beat"] for a in ids]
    k_true = len(set(beats))
    print(f"## Multi-beat corpus: {n_art} articles, {len(s)} sentences, {k_true} beats (gold: load_gold)\n")
    print(f"Article-level NMI of themes against beats over random states 0..{states - 1}: mean [min-max].\n")
    print("| themes | k chosen | NMI mean [range] | fit s (median) |")
    print("| --- | --- | --- | --- |")
    variants = [
        ("shipped: corpus LSA + 2 x section profile, k by consensus (EAC) cut at 0.8",
         lambda rs: themes.ThemeModel(random_state=rs)),
        ("same, consensus cut at 0.7", lambda rs: themes.ThemeModel(cut=0.7, random_state=rs)),
        ("same, 1.5 x section profile", lambda rs: themes.ThemeModel(profile_weight=1.5, random_state=rs)),
        ("same, 3 x section profile", lambda rs: themes.ThemeModel(profile_weight=3.0, random_state=rs)),
        ("same + 0.5 x section-vocabulary LSA",
         lambda rs: themes.ThemeModel(section_lsa_weight=0.5, random_state=rs)),
        ("before: corpus LSA + section-vocabulary LSA + 1 x section profile, cut at 0.7",
         lambda rs: themes.ThemeModel(profile_weight=1.0, section_lsa_weight=1.0, cut=0.7, random_state=rs)),
        ("before, cut at 0.8",
         lambda rs: themes.ThemeModel(profile_weight=1.0, section_lsa_weight=1.0, random_state=rs)),
        ("same embedding, k by silhouette in 2..sqrt(n/2)",
         lambda rs: themes.ThemeModel(selection="silhouette", random_state=rs)),
        (f"same embedding at the true k={k_true}", lambda rs: themes.ThemeModel(n_themes=k_true, random_state=rs)),
        ("previous: LSA + 2 x log section profile, k by silhouette", lambda rs: PreviousThemes(random_state=rs)),
        (f"previous at the true k={k_true}", lambda rs: PreviousThemes(n_themes=k_true, random_state=rs)),
        ("plain TF-IDF LSA (no section knowledge), k by consensus", lambda rs: PlainThemes(random_state=rs)),
        (f"plain TF-IDF LSA at the true k={k_true}", lambda rs: PlainThemes(n_themes=k_true, random_state=rs)),
    ]
    for name, make in variants:
        scores, ks, secs = [], [], []
        for rs in range(states):
            t = time.perf_counter()
            m = make(rs).fit([docs[a] for a in ids])
            secs.append(time.perf_counter() - t)
            scores.append(nmi(beats, m.labels_))
            ks.append(m.n_themes_)
        print(f"| {name} | {'/'.join(map(str, ks))} | {np.mean(scores):.3f} [{min(scores):.3f}-{max(scores):.3f}] | "
              f"{np.median(secs):.2f} |", flush=True)
    if themes_only:
        return
    shipped = run(s, tokens=tokens)
    sent, topics = shipped["sentences"], shipped["topics"]
    toks = [set(t) for t in shipped["tokens"]]
    terms = [[t.lower() for t in str(x).split(", ")] for x in topics[topics["topic_id"] >= 0]["terms"]]
    un = float((sent["topic_id"] == N.UNASSIGNED).mean())
    print(f"\nnarratives: {len(terms)} in {shipped['theme_of'].nunique()} themes; NPMI coherence "
          f"{npmi(toks, terms):.3f}; unassigned {un:.1%}; tokenise {shipped['t_tokens']:.2f}s, themes "
          f"{shipped['t_themes']:.2f}s, narrative fit {shipped['t_narratives']:.2f}s\n")


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


def _synthetic(n: int, keep: Path | None, tmp: str) -> Path:
    """A synthetic corpus of ``n`` articles: ``keep``/synth<n> when it exists (generated once), else new."""
    folder = keep / f"synth{n}" if keep else Path(tmp) / f"synth{n}"
    if not (folder / "manifest.csv").exists():
        subprocess.run([sys.executable, "-m", "analytics", "synth", "--articles", str(n), "--seed", "1",
                        "--out", str(folder), "--chars", "1500"], check=True, cwd=ROOT, capture_output=True)
    return folder


def scale_section(sizes: list[int], keep: Path | None = None) -> None:
    print("## Scale (synthetic corpora, `python -m analytics synth --seed 1 --chars 1500`)\n")
    print("Tokenise segments each distinct sentence once; the fit is themes + narratives.\n")
    print("| articles | sentences | themes | narratives | NMI vs synthetic beats | unassigned | tokenise s | "
          "themes s | narratives s | ms per article (fit) | ms per article (incl. tokenise) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = _synthetic(n, keep, tmp)
            manifest = pd.read_csv(folder / "manifest.csv")
            s = sentences_of(folder)
        t = time.perf_counter()
        tokens = tokens_of(s)
        t_tokens = time.perf_counter() - t
        r = run(s, tokens=tokens)
        r["t_tokens"] = t_tokens
        beat = dict(zip(manifest["article_id"].astype(str), manifest["beat"]))
        th = r["theme_of"]
        un = float((r["sentences"]["topic_id"] == N.UNASSIGNED).mean())
        fit = r["t_themes"] + r["t_narratives"]
        n_nar = int((r["topics"]["topic_id"] >= 0).sum())
        print(f"| {n:,} | {len(s):,} | {th.nunique()} | {n_nar} | "
              f"{nmi([beat.get(a, '') for a in th.index], th.to_numpy()):.3f} | {un:.1%} | {r['t_tokens']:.1f} | "
              f"{r['t_themes']:.1f} | {r['t_narratives']:.1f} | {1000 * fit / n:.1f} | "
              f"{1000 * (fit + r['t_tokens']) / n:.1f} |", flush=True)
        del s, r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="200,2000,20000")
    ap.add_argument("--states", type=int, default=5, help="random states for the multi-beat NMI")
    ap.add_argument("--keep", type=Path, default=None,
                    help="folder to keep synthetic corpora in (synth<N>), generated once and reused")
    ap.add_argument("--only", choices=["beats", "seeds", "scale"], default=None)
    ap.add_argument("--beats-only", action="store_true",
                    help="theme NMI on the multi-beat corpus only (all variants, no narratives, seeds or scale)")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the tokenised multi-beat corpus, written once and reused (delete it when "
                         "segmentation changes)")
    args = ap.parse_args()
    if args.beats_only:
        beats_section(args.states, themes_only=True, cache=args.cache)
        return
    print(f"load average at start: {os.getloadavg()[0]:.2f}, {os.getloadavg()[1]:.2f}, {os.getloadavg()[2]:.2f}\n")
    if args.only in (None, "beats"):
        beats_section(args.states, cache=args.cache)
    if args.only in (None, "seeds"):
        seeds_section()
    if args.only in (None, "scale"):
        scale_section([int(x) for x in args.sizes.split(",") if x], args.keep)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}, {os.getloadavg()[1]:.2f}, {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
