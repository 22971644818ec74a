"""Publication dates on the multi-beat development corpus: share of gold dates read correctly.

Gold: every `tests/data/beats/gold/*.jsonl` record whose `published_text` is non-empty (a date the text
states); the articles with no stated date count how often a date is invented. Prints the previous
version (clean.py's stamp lines) beside `analytics.dates`, per-source and per-form figures and each miss. Usage: `python bench/eval_dates.py [--corpus tests/data/beats]`.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import clean, dates  # noqa: E402
from analytics.corpus import read_bytes  # noqa: E402


def form(written: str) -> str:
    """The shape of a written date, for per-form figures (2024年3月15日 -> Y年M月D日)."""
    s = re.sub(r"\d{4}", "Y", written)
    s = re.sub(r"\d{1,2}:\d{2}(:\d{2})?", "", s).strip()
    s = re.sub(r"(?<=Y)([-/.])\d{1,2}\1\d{1,2}", r"\1M\1D", s)
    s = re.sub(r"\d{1,2}月", "M月", s)
    s = re.sub(r"\d{1,2}日", "D日", s)
    return re.sub(r"^\d{1,2} [A-Z][a-z]{2}", "D Mon", s).split(" （")[0]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return float("nan"), float("nan")
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    return mid - half, mid + half


def bootstrap(hits: list[int], reps: int = 2000, seed: int = 0) -> tuple[float, float]:
    rng = random.Random(seed)
    n = len(hits)
    means = sorted(sum(rng.choices(hits, k=n)) / n for _ in range(reps)) if n else [float("nan")]
    return means[int(0.025 * len(means))], means[int(0.975 * len(means)) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="tests/data/beats")
    args = ap.parse_args()
    root = Path(args.corpus)
    gold = [json.loads(line) for f in sorted((root / "gold").glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    stated, unstated, baseline = [], [], []
    by_form: dict[str, list[int]] = {}
    by_source: Counter[str] = Counter()
    misses = []
    for rec in gold:
        path = root / "articles" / f"{rec['article_id']}.txt"
        if not path.exists():
            continue
        arts = read_bytes(str(path), path.read_bytes()).articles
        if not arts:
            continue
        found = dates.read_published(arts[0].manifest, arts[0].meta, arts[0].raw)
        if rec.get("published_text"):
            ok = int(found.date == rec["published"])
            stated.append(ok)
            baseline.append(int(clean.clean_text(arts[0].raw).meta.get("published", "") == rec["published"]))
            by_form.setdefault(form(rec["published_text"]), []).append(ok)
            by_source[(found.source or "none") + ("" if ok else " (wrong)")] += 1
            if not ok:
                misses.append((rec["article_id"], rec["published"], rec["published_text"], found))
        else:
            unstated.append(int(bool(found.date)))
            if found.date:
                misses.append((rec["article_id"], "", "", found))
    n, k = len(stated), sum(stated)
    lo, hi = bootstrap(stated)
    print(f"gold records: {len(gold)}; with a stated date: {n}; without: {len(unstated)}")
    print(f"dates read correctly: {k}/{n} = {k / n:.1%} (bootstrap 95% CI {lo:.1%}-{hi:.1%})" if n else "no gold dates")
    if n:
        print(f"baseline (clean.py stamp lines only, the previous version): {sum(baseline)}/{n} = {sum(baseline) / n:.1%}")
    print(f"dates invented where the text states none: {sum(unstated)}/{len(unstated)}")
    print("by source:", ", ".join(f"{s} {c}" for s, c in by_source.most_common()))
    print("by written form:")
    for f, hits in sorted(by_form.items(), key=lambda kv: -len(kv[1])):
        print(f"  {f:<22} {sum(hits):>3}/{len(hits):<3} {sum(hits) / len(hits):.0%}")
    for aid, want, written, found in misses:
        print(f"  miss {aid}: gold {want or '(none)'} [{written}] read {found.date or '(none)'} "
              f"({found.source or '-'}: {found.text})")


if __name__ == "__main__":
    main()
