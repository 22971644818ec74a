"""SnowNLP loop vs analytics.snownlp_fast.snownlp_scores, cold, side by side, over the seed sentences.

Every run is a fresh Python process (alternating variants), so memo tables start empty.  Prints the
median scoring time, the median end-to-end time (imports and SnowNLP's model loading included, which
both variants pay), the speed-ups and the max absolute difference between the two score lists.

Run: .venv/bin/python bench/bench_snownlp.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
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
    from analytics.snownlp_fast import snownlp_scores
    t1 = time.perf_counter()
    scores = snownlp_scores(texts)
t2 = time.perf_counter()
json.dump({"load": t1 - t0, "score": t2 - t1, "scores": scores}, sys.stdout)
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


def run(variant: str, path: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, variant, path], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    texts = seed_sentences()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
    results: dict[str, list[dict]] = {"snownlp": [], "fast": []}
    for _ in range(args.runs):
        for variant in results:
            results[variant].append(run(variant, f.name))
    Path(f.name).unlink()
    ref = results["snownlp"][0]["scores"]
    max_diff = max(abs(a - b) for r in results["fast"] for a, b in zip(ref, r["scores"]))
    identical = all(r["scores"] == ref for r in results["fast"] + results["snownlp"])
    med = {v: {k: statistics.median(r[k] for r in rs) for k in ("load", "score")} for v, rs in results.items()}
    n = len(texts)
    print(f"{n} seed sentences ({sum(map(len, texts))} chars), {args.runs} cold processes per variant, alternating")
    print(f"{'variant':<24}{'score s':>10}{'sent/s':>10}{'load s':>10}{'total s':>10}")
    for v, label in (("snownlp", "SnowNLP(t).sentiments"), ("fast", "snownlp_scores")):
        m = med[v]
        print(f"{label:<24}{m['score']:>10.3f}{n / m['score']:>10.0f}{m['load']:>10.3f}{m['load'] + m['score']:>10.3f}")
    print(f"speed-up, scoring (cold memo tables): {med['snownlp']['score'] / med['fast']['score']:.1f}x")
    total = {v: m["load"] + m["score"] for v, m in med.items()}
    print(f"speed-up, end to end incl. SnowNLP model load paid by both: {total['snownlp'] / total['fast']:.2f}x")
    print(f"max abs difference: {max_diff!r}; lists identical (==): {identical}")


if __name__ == "__main__":
    main()
