"""Tone speed: 20,000 distinct news sentences through SnowNLP (exact, once per unique sentence, on every
core via the pipeline's scorer), the tone model and the build's corpus check, each run in a fresh process;
medians of 3 runs. CPU seconds (this process and its workers) are printed beside wall time, since the
machine is shared.

Sentences are real clauses of the multi-beat corpus, the training set and the seeds, recombined in
pairs so that all 20,000 are distinct (no cache or repeat helps). Run: .venv/bin/python bench/bench_tone.py
With ``--baseline REV`` the ``analytics`` package of git revision REV (read with ``git archive``) runs
alternately with the working tree's, side by side.
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
sys.path.insert(0, os.environ.get("BENCH_TONE_ROOT", str(ROOT)))
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


def _cpu() -> float:
    import resource

    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def run_once(path: str) -> dict:
    import pandas as pd

    from analytics import pipeline, tone, tone_check

    texts = json.loads(Path(path).read_text(encoding="utf-8"))
    frame = pd.DataFrame({"article_id": "x", "sentence_idx": range(len(texts)), "text_hans": texts})
    c0, t0 = _cpu(), time.perf_counter()
    model = tone.load_default_model()
    t1 = time.perf_counter()
    frame["snownlp"] = pipeline.score_snownlp(frame, {})
    t2 = time.perf_counter()
    scored = tone.score_sentences(frame, model)
    t3, c3 = time.perf_counter(), _cpu()
    tone_check.corpus_check(scored, model)
    t4, c4 = time.perf_counter(), _cpu()
    from snownlp import SnowNLP

    exact = [SnowNLP(t).sentiments for t in texts[:: len(texts) // 200]] == frame["snownlp"].iloc[:: len(texts) // 200].tolist()
    return {"load_model": t1 - t0, "snownlp": t2 - t1, "model": t3 - t2, "total": t3 - t0, "cpu_total": c3 - c0,
            "check": t4 - t3, "cpu_check": c4 - c3, "exact": exact, "n": len(scored), "workers": pipeline.default_workers()}


def baseline_tree(rev: str) -> Path:
    """The ``analytics`` package of git revision ``rev`` in a temporary directory (read-only git use)."""
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="bench_tone_base_"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "analytics"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--once":
        print(json.dumps(run_once(sys.argv[2])))
        return
    trees = {"working tree": ROOT}
    if len(sys.argv) == 3 and sys.argv[1] == "--baseline":
        trees = {f"baseline {sys.argv[2]}": baseline_tree(sys.argv[2]), **trees}
    texts = sentences()
    path = Path("/tmp/bench_tone_sentences.json")
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    lengths = sorted(len(t) for t in texts)
    print(f"{len(texts)} distinct sentences, median length {lengths[len(lengths) // 2]} characters")
    print(f"load average before the runs (2 shared cores): {os.getloadavg()[0]:.1f}")
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(RUNS):
        for name, tree in trees.items():
            env = {**os.environ, "PYTHONPATH": str(tree), "BENCH_TONE_ROOT": str(tree)}
            out = subprocess.run([sys.executable, __file__, "--once", str(path)], capture_output=True, text=True,
                                 check=True, env=env)
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"{name}: " + ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}"
                                          for k, v in runs[name][-1].items()))
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}")
    for name, rs in runs.items():
        print(f"{name} medians: " + ", ".join(f"{k} {statistics.median(r[k] for r in rs):.2f} s"
                                              for k in ("load_model", "snownlp", "model", "total", "cpu_total", "check")))
        print(f"{name}: SnowNLP scores identical to SnowNLP itself on a 200-sentence sample: {all(r['exact'] for r in rs)}")


if __name__ == "__main__":
    main()
