"""Tone speed: 20,000 distinct news sentences through SnowNLP (exact, once per unique sentence, on every
core via the pipeline's scorer) and the tone model, each run in a fresh process; medians of 3 runs.

Sentences are real clauses of the multi-beat corpus, the training set and the seeds, recombined in
pairs so that all 20,000 are distinct (no cache or repeat helps). Run: .venv/bin/python bench/bench_tone.py
"""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
N = 20_000
RUNS = 3


def sentences(n: int = N, seed: int = 0) -> list[str]:
    """``n`` distinct sentences built from real clauses (deterministic)."""
    import numpy as np

    from analytics import clean, sentences as sent, tone
    from analytics.corpus import read_corpus

    texts = tone.training_set()["text_hans"].tolist()
    for folder in (ROOT / "tests/data/beats/articles", ROOT / "seeds"):
        for art in read_corpus(folder).articles:
            texts += [clean.to_simplified(s.text) for s in sent.split_sentences(clean.clean_text(art.raw).text)]
    clauses = sorted({c.strip() for t in texts for c in re.split(r"[，。；！？]", t) if len(c.strip()) >= 4})
    rng = np.random.default_rng(seed)
    out: dict[str, None] = {}
    while len(out) < n:
        a, b = rng.integers(0, len(clauses), 2)
        out[f"{clauses[a]}，{clauses[b]}。"] = None
    return list(out)


def run_once(path: str) -> dict:
    import pandas as pd

    from analytics import pipeline, tone

    texts = json.loads(Path(path).read_text(encoding="utf-8"))
    frame = pd.DataFrame({"article_id": "x", "sentence_idx": range(len(texts)), "text_hans": texts})
    t0 = time.perf_counter()
    model = tone.load_default_model()
    t1 = time.perf_counter()
    frame["snownlp"] = pipeline.score_snownlp(frame, {})
    t2 = time.perf_counter()
    scored = tone.score_sentences(frame, model)
    t3 = time.perf_counter()
    check = tone.snownlp_scores(texts[:300])
    return {"load_model": t1 - t0, "snownlp": t2 - t1, "model": t3 - t2, "total": t3 - t0,
            "exact": check == frame["snownlp"].iloc[:300].tolist(), "n": len(scored),
            "workers": pipeline.default_workers()}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--once":
        print(json.dumps(run_once(sys.argv[2])))
        return
    texts = sentences()
    path = Path("/tmp/bench_tone_sentences.json")
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    lengths = sorted(len(t) for t in texts)
    print(f"{len(texts)} distinct sentences, median length {lengths[len(lengths) // 2]} characters")
    print(f"load average before the runs (2 shared cores): {os.getloadavg()[0]:.1f}")
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, __file__, "--once", str(path)], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print("run: " + ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}" for k, v in runs[-1].items()))
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}")
    for k in ("load_model", "snownlp", "model", "total"):
        print(f"median {k}: {statistics.median(r[k] for r in runs):.2f} s")
    print(f"SnowNLP scores identical to serial snownlp_scores on a 300-sentence check: {all(r['exact'] for r in runs)}")


if __name__ == "__main__":
    main()
