"""Upload cost: a 1 MB Chinese .txt (built from the multi-beat corpus articles, whatever is there)
analysed through the dashboard's upload worker against the seed store, and whether the server's own
interpreter stays responsive meanwhile.

Prints the characters, wall time, the worker's peak memory, and the median time of a small pandas task
in the server process while idle and while the upload runs (the worker is a separate niced process, so
the two should match). Run: .venv/bin/python bench/bench_upload.py [--mb 1] [--db PATH]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analytics import store, uploads  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "beats" / "articles"


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="ignore").strip() for p in sorted(ARTICLES.glob("*.txt"))]
    return texts or [p.read_text(encoding="utf-8").strip() for p in sorted((ROOT / "seeds").glob("*.txt"))]


def one_megabyte(mb: float) -> bytes:
    """Article texts (paragraphs kept) joined into one .txt of ``mb`` MB of UTF-8."""
    texts, out, size, i = corpus_texts(), [], 0, 0
    limit = int(mb * 1024 * 1024)
    while size < limit:
        chunk = texts[i % len(texts)] + "\n\n"
        out.append(chunk)
        size += len(chunk.encode("utf-8"))
        i += 1
    return "".join(out).encode("utf-8")[:limit].decode("utf-8", errors="ignore").encode("utf-8")


def one_megabyte_rows(mb: float) -> bytes:
    """The same articles as a .jsonl upload, one article per row, up to ``mb`` MB."""
    rows, size, limit = [], 0, int(mb * 1024 * 1024)
    for i, text in enumerate(corpus_texts()):
        row = (json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n").encode("utf-8")
        if size + len(row) > limit:
            break
        rows.append(row)
        size += len(row)
    return b"".join(rows)


def small_task() -> float:
    """What a page run does a lot of: a group-by over a few thousand rows (seconds)."""
    df = pd.DataFrame({"k": [i % 50 for i in range(20_000)], "v": range(20_000)})
    t0 = time.perf_counter()
    df.groupby("k")["v"].mean()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp()) / "narrative.duckdb"
        store.build(ROOT / "seeds", db, progress=False)
    n_files = len(list(ARTICLES.glob("*.txt")))
    t0 = time.monotonic()
    warm = uploads.Job(db, [("warm.txt", one_megabyte(0.002))], [], 0)
    while not warm.done:
        time.sleep(0.1)
    print(f"worker start and warm-up (once per server) with a 2 kB upload: {time.monotonic() - t0:.1f} s"
          + (f" ({warm.error})" if warm.error else ""))
    idle = [small_task() for _ in range(30)]
    for name, data in (("upload_1mb.txt", one_megabyte(args.mb)), ("upload_1mb.jsonl", one_megabyte_rows(args.mb))):
        print(f"upload {name}: {len(data) / 1024 / 1024:.2f} MB, {len(data.decode('utf-8')):,} characters "
              f"(from {n_files} corpus articles), store: {db.name}")
        t0 = time.monotonic()
        job = uploads.Job(db, [(name, data)], [], 0)
        busy = []
        while not job.done:
            busy.append(small_task())
            time.sleep(0.05)
        wall = time.monotonic() - t0
        if job.error:
            print(f"  error: {job.error}")
            continue
        out = job.outcome
        print(f"  analysed: {out.added} article(s), {out.chars:,} characters, "
              f"{len(out.tables['sentences']) if out.tables else 0:,} sentences in the session tables (store + upload)")
        print(f"  wall time (queue + fork + analysis, worker already warm): {wall:.1f} s; "
              f"worker peak memory (max RSS): {out.peak_rss_mb:.0f} MB; worker CPU: {out.cpu_s:.1f} s")
        print(f"  server-side small task, median of {len(idle)} idle: {statistics.median(idle) * 1000:.2f} ms; "
              f"median of {len(busy)} during the upload: {statistics.median(busy) * 1000:.2f} ms "
              f"(ratio {statistics.median(busy) / statistics.median(idle):.2f})")
    over = one_megabyte(uploads.MAX_SESSION_CHARS / 300_000 + 0.5)
    try:
        uploads.check_size([("big.txt", over)])
        over_job = uploads.Job(db, [("big.txt", over)], [], 0)
        while not over_job.done:
            time.sleep(0.2)
        print(f"over the allowance ({len(over.decode('utf-8')):,} characters): {over_job.error}")
    except uploads.LimitError as exc:
        print(f"over the allowance: {exc}")


if __name__ == "__main__":
    main()
