"""CPU time of the voices and figures stages, the last commit vs this checkout, side by side in one run.

Each version runs in its own fresh process (cold caches, as in a build): read a corpus, clean and split
every article (not timed), then time citations, entity parts, candidate counts, the figures table and
claims on all its sentences. Versions alternate over ``--repeat`` rounds; medians of CPU seconds are printed
with their ratio. Usage: ``python bench/bench_voices_speed.py tests/data/beats/articles /tmp/v_synth``;
``--head-files analytics/voices.py analytics/figures.py`` compares against this checkout with only those
files as last committed (other modules' uncommitted changes then count on both sides).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("citations", "entities", "candidates", "figures", "claims")


def run_version(root: Path, articles: Path, profile: bool) -> dict:
    """CPU seconds per stage of the analytics package under ``root`` (run in a child process)."""
    sys.path.insert(0, str(root))
    import pandas as pd

    from analytics import corpus, figures, pipeline, voices

    read = corpus.read_corpus(articles)
    prepared = [pipeline.prepare_article(a) for a in read.articles]
    sentences = pd.concat([p.sentences for p in prepared], ignore_index=True)
    outlets = {p.article["article_id"]: p.article["outlet"] for p in prepared}
    arts = pd.DataFrame([p.article for p in prepared])
    voices.recognise("预热")
    out: dict[str, float] = {}
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.process_time()
    cites = voices.extract_citations(sentences, outlets)
    out["citations"] = time.process_time() - t
    t = time.process_time()
    parts = voices.entity_parts(sentences)
    out["entities"] = time.process_time() - t
    t = time.process_time()
    mentions = pd.DataFrame(parts[0], columns=voices.MENTION_COLUMNS)
    voices.candidate_stats(sentences, mentions)
    out["candidates"] = time.process_time() - t
    t = time.process_time()
    table = figures.figures_table(sentences, arts, cites)
    out["figures"] = time.process_time() - t
    t = time.process_time()
    figures.build_claims(table)
    out["claims"] = time.process_time() - t
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(35)
    out["n_articles"] = len(prepared)
    out["n_sentences"] = len(sentences)
    return out


def head_checkout(only: list[str] | None = None, rev: str = "HEAD") -> Path:
    """A temporary folder holding the last commit's analytics/ package, file by file from git show; with
    ``only``, this checkout's package with just those files (analytics/voices.py...) from the last commit."""
    tmp = Path(tempfile.mkdtemp(prefix="speed_head_"))
    if only:
        shutil.copytree(ROOT / "analytics", tmp / "analytics", ignore=shutil.ignore_patterns("__pycache__"))
        names = only
    else:
        names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "analytics"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.split()
    for name in names:
        data = subprocess.run(["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, check=True).stdout
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(data)
    return tmp


def _child(root: Path, articles: str, profile: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", str(root), articles] + (["--profile"] if profile else [])
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    if profile:
        print(out.stderr[-12000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpora", nargs="*", default=[str(ROOT / "tests" / "data" / "beats" / "articles")])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of this checkout (one run)")
    ap.add_argument("--now-only", action="store_true")
    ap.add_argument("--head-files", nargs="*", help="previous = this checkout with only these files from --rev")
    ap.add_argument("--rev", default="HEAD", help="the commit the previous version comes from")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_version(Path(args.child), Path(args.corpora[0]), args.profile)))
        return
    if args.profile:
        for c in args.corpora:
            print(_child(ROOT, str(Path(c).resolve()), profile=True))
        return
    versions = {"now": ROOT} if args.now_only else {
        f"previous ({args.rev[:7]})": head_checkout(args.head_files, args.rev), "now": ROOT}
    for corpus_dir in [str(Path(c).resolve()) for c in args.corpora]:
        runs: dict[str, list[dict]] = {v: [] for v in versions}
        for _ in range(args.repeat):
            for name, root in versions.items():
                runs[name].append(_child(root, corpus_dir))
        first = next(iter(runs.values()))[0]
        print(f"\n{corpus_dir}: {first['n_articles']} articles, {first['n_sentences']} sentences, "
              f"median CPU s of {args.repeat} runs")
        print(f"{'stage':12s}" + "".join(f"{v:>18s}" for v in versions) + ("      ratio" if len(versions) > 1 else ""))
        for stage in (*STAGES, "total"):
            meds = []
            for name in versions:
                vals = [sum(r[s] for s in STAGES) if stage == "total" else r[stage] for r in runs[name]]
                meds.append(statistics.median(vals))
            ratio = f"{meds[0] / meds[-1]:>10.2f}x" if len(meds) > 1 and meds[-1] else ""
            print(f"{stage:12s}" + "".join(f"{m:>18.2f}" for m in meds) + ratio)


if __name__ == "__main__":
    main()
