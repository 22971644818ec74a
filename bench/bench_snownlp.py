"""SnowNLP loop vs analytics.snownlp_fast.snownlp_scores, cold, side by side, over the seed sentences.

Every run is a fresh Python process (alternating variants), so memo tables start empty.  Prints the
median scoring time, the median end-to-end time (imports and model loading included), the speed-ups
and the max absolute difference between the two score lists.  The fast variant never imports SnowNLP:
it memory-maps tables derived from SnowNLP's model file, built once into a cache directory; the time
of that one-off build (a first run on a new machine) is measured separately and printed.

Run: .venv/bin/python bench/bench_snownlp.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
texts = json.load(open(sys.argv[2], encoding="utf-8"))
if sys.argv[1] == "snownlp":
    from snownlp import SnowNLP
    t1 = time.perf_counter()
    scores = [SnowNLP(t).sentiments for t in texts]
else:
    from analytics.snownlp_fast import default_sentiment, snownlp_scores
    default_sentiment()  # reads the model files (tables stay memory-mapped, read block by block)
    t1 = time.perf_counter()
    scores = snownlp_scores(texts)
t2 = time.perf_counter()
json.dump({"load": t1 - t0, "score": t2 - t1, "scores": scores, "imported_snownlp": "snownlp" in sys.modules},
          sys.stdout)
"""


def seed_sentences() -> list[str]:
    """text_hans of every non-empty seed sentence, as the pipeline prepares them."""
    sys.path.insert(0, str(ROOT))
    from analytics.corpus import read_corpus
    from analytics.pipeline import prepare_article

    texts: list[str] = []
    for art in read_corpus(ROOT / "seeds").articles:
        texts += [t for t in prepare_article(art).sentences["text_hans"] if t]
    return texts


def run(variant: str, path: str, cache: str) -> dict:
    env = {**os.environ, "NARRATIVE_CACHE": cache}
    out = subprocess.run([sys.executable, "-c", CHILD, variant, path], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    texts = seed_sentences()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
    results: dict[str, list[dict]] = {"snownlp": [], "fast": []}
    with tempfile.TemporaryDirectory() as cache:
        first = run("fast", f.name, cache)  # builds the derived tables: a one-off per machine
        for _ in range(args.runs):
            for variant in results:
                results[variant].append(run(variant, f.name, cache))
    Path(f.name).unlink()
    assert not any(r["imported_snownlp"] for r in results["fast"])
    ref = results["snownlp"][0]["scores"]
    fast_runs = results["fast"] + [first]
    max_diff = max(abs(a - b) for r in fast_runs for a, b in zip(ref, r["scores"]))
    identical = all(r["scores"] == ref for r in fast_runs + results["snownlp"])
    med = {v: {k: statistics.median(r[k] for r in rs) for k in ("load", "score")} for v, rs in results.items()}
    n = len(texts)
    print(f"{n} seed sentences ({sum(map(len, texts))} chars), {args.runs} cold processes per variant, alternating")
    print(f"{'variant':<24}{'score s':>10}{'sent/s':>10}{'load s':>10}{'total s':>10}")
    for v, label in (("snownlp", "SnowNLP(t).sentiments"), ("fast", "snownlp_scores")):
        m = med[v]
        print(f"{label:<24}{m['score']:>10.3f}{n / m['score']:>10.0f}{m['load']:>10.3f}{m['load'] + m['score']:>10.3f}")
    print(f"speed-up, scoring (cold memo tables): {med['snownlp']['score'] / med['fast']['score']:.1f}x")
    total = {v: m["load"] + m["score"] for v, m in med.items()}
    print(f"speed-up, end to end incl. imports and model load: {total['snownlp'] / total['fast']:.1f}x")
    print(f"one-off first run on a new machine (builds the derived tables): "
          f"{first['load'] + first['score']:.3f} s total")
    print(f"max abs difference: {max_diff!r}; lists identical (==): {identical}")


if __name__ == "__main__":
    main()
