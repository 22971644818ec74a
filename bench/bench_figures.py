"""Figure extraction speed on the seed corpus: characters per second, median of several runs.

Recognizers-Text's Python release manages about 17,000 chars/s on comparable Chinese news text; the
script prints our figure and, when the `recognizers-text-suite` package happens to be installed, times
it side by side on the same text.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.clean import clean_text  # noqa: E402
from analytics.figures import extract_figures  # noqa: E402
from analytics.numerals import find_numbers  # noqa: E402

RUNS = 7


def _median_rate(fn, texts: list[str]) -> tuple[float, float]:
    chars = sum(len(t) for t in texts)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return chars / med, med


def main() -> None:
    texts = [clean_text(p.read_text(encoding="utf-8")).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    chars = sum(len(t) for t in texts)
    extract_figures(texts[0])  # warm caches (OpenCC, lexicon regexes)
    n_figs = sum(len(extract_figures(t)) for t in texts)
    print(f"seeds: {len(texts)} articles, {chars} characters, {n_figs} figures; median of {RUNS} runs")
    for label, fn, data in (
        ("extract_figures, whole articles", extract_figures, texts),
        ("extract_figures, one line at a time", extract_figures, lines),
        ("find_numbers (number layer only)", find_numbers, texts),
    ):
        rate, med = _median_rate(fn, data)
        print(f"  {label:40s} {rate:>12,.0f} chars/s  ({med * 1000:.1f} ms per pass)")
    try:
        from recognizers_number import Culture, recognize_number  # type: ignore
    except ImportError:
        print("  recognizers-text-suite not installed: reference figure ~17,000 chars/s (Python release)")
        return
    rate, med = _median_rate(lambda t: recognize_number(t, Culture.Chinese), texts)
    print(f"  {'Recognizers-Text recognize_number':40s} {rate:>12,.0f} chars/s  ({med * 1000:.1f} ms per pass)")


if __name__ == "__main__":
    main()
