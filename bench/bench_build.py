"""Build time, articles/s and peak memory of `python -m analytics build` on synthetic corpora: serial, parallel
and the dask engine (a LocalCluster of 1 and 2 worker processes).

Each build is a fresh Python process on a fresh store (`--force`), with the serial path (ANALYTICS_WORKERS=1)
and the parallel path (all cores) alternated in one run so the shared machine's load hits both alike;
then an unchanged rebuild of the last store, and optionally a cProfile of one build. Prints a Markdown
table ready for the README.

Run: .venv/bin/python bench/bench_build.py [--sizes 200 1000] [--runs 1] [--profile 1000] [--dask 1 2] [--json F]
Peak memory is the proportional set size (shared pages split) summed over the build process and all its
children (the pool's workers), sampled every 0.5 s; ru_maxrss of the main process and largest child too.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, threading, time
import psutil
t0 = time.perf_counter()
peak = [0]


def sample():
    me = psutil.Process()
    while True:
        total = 0
        for p in [me, *me.children(recursive=True)]:
            try:
                total += p.memory_full_info().pss
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total)
        time.sleep(0.5)


threading.Thread(target=sample, daemon=True).start()
from analytics import store
if sys.argv[4]:
    from analytics import engine_dask
    with engine_dask.DaskEngine(sys.argv[2], workers=int(sys.argv[4])) as engine:
        report = store.build(sys.argv[1], sys.argv[2], force=sys.argv[3] == "force", engine=engine)
else:
    report = store.build(sys.argv[1], sys.argv[2], force=sys.argv[3] == "force")
seconds = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(sys.argv[5], json.dumps({"seconds": seconds, "cpu": cpu, "rebuilt": report.rebuilt,
      "n_sentences": report.n_sentences, "rss_main_mb": me, "rss_worker_mb": kids, "rss_total_mb": peak[0] / 2**20}))
"""

RESULT = "BENCH_RESULT"
"""Marks the child's result line (DuckDB may print progress bars on the same stdout)."""

PROFILE = r"""
import cProfile, pstats, sys
from analytics import store
pr = cProfile.Profile()
pr.enable()
store.build(sys.argv[1], sys.argv[2], force=True)
pr.disable()
st = pstats.Stats(pr)
st.sort_stats("cumulative").print_stats(30)
st.sort_stats("tottime").print_stats(15)
"""


def synth_corpus(n: int, seed: int, chars: int, cache: Path) -> Path:
    """The synthetic corpus for one size (written once into the cache folder, then reused)."""
    out = cache / f"synth_{n}_s{seed}_c{chars}"
    if not (out / "manifest.csv").exists():
        subprocess.run([sys.executable, "-m", "analytics", "synth", "--articles", str(n), "--seed", str(seed),
                        "--out", str(out), "--chars", str(chars)], cwd=ROOT, check=True)
    return out


def run_build(corpus: Path, db: Path, workers: str, force: bool = True) -> dict:
    """One build in a fresh process; ``workers`` is ANALYTICS_WORKERS, or ``dask:N`` for the dask engine with
    N local workers. A forced build starts from no store, so no variant reuses another's prepared articles."""
    if force:
        shutil.rmtree(db.with_suffix(".parquet"), ignore_errors=True)
        for p in (db, db.with_name(f".{db.name}.kept")):
            p.unlink(missing_ok=True)
    dask_workers = workers[len("dask:"):] if workers.startswith("dask:") else ""
    workers = "" if dask_workers else workers
    env = {**os.environ}
    if workers:
        env["ANALYTICS_WORKERS"] = workers
    else:
        env.pop("ANALYTICS_WORKERS", None)
    out = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(db), "force" if force else "", dask_workers,
                          RESULT], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    lines = out.stdout.splitlines()
    other = [line for line in lines if not line.startswith(RESULT + " ")]
    if other:  # anything else the build printed, shown rather than mistaken for the result
        print("\n".join(other), file=sys.stderr)
    return json.loads(next(line for line in reversed(lines) if line.startswith(RESULT + " "))[len(RESULT) + 1:])


def mean_chars(corpus: Path) -> float:
    files = list(corpus.glob("*.txt"))
    return sum(len(p.read_text(encoding="utf-8")) for p in files) / max(1, len(files))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--runs", type=int, default=1, help="builds per size and variant (median reported)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chars", type=int, default=3000)
    ap.add_argument("--profile", type=int, default=0, help="also cProfile one parallel build of this many articles")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench_build")
    ap.add_argument("--serial-max", type=int, default=1000, help="skip the serial and dask variants above this size")
    ap.add_argument("--dask", type=int, nargs="*", default=[1, 2], help="dask engine variants: local workers each")
    ap.add_argument("--json", type=Path, help="append the result rows to this JSON file (for bench/plot_build.py)")
    args = ap.parse_args()
    load_start = os.getloadavg()[0]
    args.cache.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {cores} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    rows = []
    for n in args.sizes:
        corpus = synth_corpus(n, args.seed, args.chars, args.cache)
        variants = [("1", "serial"), ("", f"parallel ({cores} workers)")] if n <= args.serial_max else \
            [("", f"parallel ({cores} workers)")]
        if n <= args.serial_max:
            variants += [(f"dask:{w}", f"dask ({w} worker{'s' if w > 1 else ''})") for w in args.dask]
        results: dict[str, list[dict]] = {label: [] for _, label in variants}
        db = args.cache / f"bench_{n}.duckdb"
        for _ in range(args.runs):
            for workers, label in variants:
                r = run_build(corpus, db, workers)
                results[label].append(r)
                print(f"  {n} articles, {label}: {r['seconds']:.1f} s, {r['cpu']:.1f} CPU s", flush=True)
        again = run_build(corpus, db, "", force=False)
        for _, label in variants:
            rs = results[label]
            sec = statistics.median(r["seconds"] for r in rs)
            rows.append({"n": n, "chars": mean_chars(corpus), "label": label, "seconds": sec,
                         "cpu": statistics.median(r["cpu"] for r in rs),
                         "sentences": rs[0]["n_sentences"], "rss_main": max(r["rss_main_mb"] for r in rs),
                         "rss_worker": max(r["rss_worker_mb"] for r in rs),
                         "rss_total": max(r.get("rss_total_mb", float("nan")) for r in rs), "runs": len(rs),
                         "noop": again["seconds"] if not again["rebuilt"] else float("nan")})
    print()
    print(f"Build of synthetic corpora (`python -m analytics synth`, seed {args.seed}), fresh store each time, "
          f"{cores} cores, load average {os.getloadavg()[0]:.1f} at end; median of {args.runs} run(s).")
    print()
    print("| articles | chars/article | sentences | variant | build s | CPU s | articles/s | articles/s per core "
          "| peak RSS main MB | peak RSS largest child process MB | peak PSS all processes MB | unchanged rebuild s |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        used = 1 if r["label"] == "serial" else min(cores, int(r["label"].split()[1].strip("("))) \
            if r["label"].startswith("dask") else cores
        print(f"| {r['n']:,} | {r['chars']:,.0f} | {r['sentences']:,} | {r['label']} | {r['seconds']:.1f} | {r['cpu']:.1f} | "
              f"{r['n'] / r['seconds']:.1f} | {r['n'] / r['seconds'] / used:.1f} | {r['rss_main']:,.0f} | "
              f"{r['rss_worker']:,.0f} | {r['rss_total']:,.0f} | {r['noop']:.2f} |")
        r["cores_used"] = used
    if args.json:
        rows_out = json.loads(args.json.read_text()) if args.json.exists() else []
        rows_out += [{**r, "load_end": os.getloadavg()[0], "load_start": load_start} for r in rows]
        args.json.write_text(json.dumps(rows_out, indent=1))
    by = {(r["n"], r["label"] == "serial"): r["seconds"] for r in rows if not r["label"].startswith("dask")}
    for n in args.sizes:
        if (n, True) in by and (n, False) in by:
            print(f"\n{n:,} articles: parallel is {by[(n, True)] / by[(n, False)]:.2f}x the serial speed")
        for r in rows:
            if r["n"] == n and r["label"].startswith("dask") and (n, False) in by:
                print(f"{n:,} articles: {r['label']} is {by[(n, False)] / r['seconds']:.2f}x the local parallel speed")
    if args.profile:
        corpus = synth_corpus(args.profile, args.seed, args.chars, args.cache)
        print(f"\ncProfile of one parallel build of {args.profile:,} articles (main process only):\n", flush=True)
        subprocess.run([sys.executable, "-c", PROFILE, str(corpus), str(args.cache / "profile.duckdb")],
                       cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
