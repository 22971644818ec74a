"""Command line: ``python -m analytics build | export | figures | correct | retrain | tables | synth``."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

import duckdb

from analytics import store, tables_io
from analytics.corpus import printable

EXIT_ERROR = 2
EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or a termination signal: the store is left as it was (writes are atomic)."""


def _refresh(args: argparse.Namespace, force: bool = False, engine=None) -> store.BuildReport:
    """Build what is stale, saying so first when a damaged store is being rebuilt."""
    if store.store_damage(args.db):
        print(f"store {printable(str(args.db))} is damaged: rebuilding it from {printable(str(args.corpus))}",
              file=sys.stderr)
    report = store.build(args.corpus, args.db, progress=None, force=force, engine=engine)
    if report.recovered:
        print(report.recovered, file=sys.stderr)
    return report


def _build(args: argparse.Namespace) -> int:
    if args.engine != "dask" and args.scheduler:
        print("error: --scheduler goes with --engine dask", file=sys.stderr)
        return EXIT_ERROR
    if args.engine != "dask" and args.workers:
        os.environ["ANALYTICS_WORKERS"] = str(args.workers)  # the local engine's process pool
    if args.engine == "dask":
        from analytics import engine_dask

        with engine_dask.DaskEngine(args.db, args.scheduler, args.workers) as engine:
            report = _refresh(args, force=args.force, engine=engine)
        if not engine_dask.parquet_current(args.db):
            engine_dask.write_parquet(args.db)
    else:
        report = _refresh(args, force=args.force)
    for sk in report.skipped:
        print(sk, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else 0


def _output_problem(out: Path) -> str | None:
    """Why ``-o`` cannot be written (a folder, or a file where a folder is needed), before any work."""
    if out.is_dir():
        return f"cannot write {printable(str(out))}: it is a folder (give a file name)"
    for parent in out.parents:
        if parent.exists():
            return None if parent.is_dir() else f"cannot write {printable(str(out))}: {printable(str(parent))} is a file, not a folder"
    return None


def _export(args: argparse.Namespace) -> int:
    problem = _output_problem(Path(args.output)) if args.output else None
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    report = _refresh(args)
    if report.rebuilt:
        print(report.summary(), file=sys.stderr)
    present = store.table_names(args.db)
    if args.table not in present:
        known = ", ".join(t for t in store.CONTRACT_TABLES if t in present)
        print(f"error: table {args.table!r} is not in the store (available: {known})", file=sys.stderr)
        return 2
    df = store.load_tables(args.db, [args.table])[args.table]
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output else "json")
    if fmt not in tables_io.FORMATS:
        print(f"error: unknown format {fmt!r} (choose {', '.join(tables_io.FORMATS)})", file=sys.stderr)
        return 2
    data = tables_io.serialise(df, fmt)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_bytes(data)
        print(f"wrote {len(df)} rows of {args.table} to {args.output}", file=sys.stderr)
    elif fmt in ("json", "csv"):
        sys.stdout.write(data.decode("utf-8-sig"))
        sys.stdout.write("\n")
    else:
        sys.stdout.buffer.write(data)
    return 0


def _figures(args: argparse.Namespace) -> int:
    from analytics.figures import extract_figures

    for line in sys.stdin:
        print(json.dumps(extract_figures(line.rstrip("\n")), ensure_ascii=False))
    return 0


def _correct(args: argparse.Namespace) -> int:
    _refresh(args)
    row = store.record_correction(args.db, args.article_id, args.sentence_idx, args.label)
    print(f"recorded {row['label']} for {row['article_id']}#{row['sentence_idx']}: {row['text']}", file=sys.stderr)
    return 0


def _retrain(args: argparse.Namespace) -> int:
    _refresh(args)
    metrics = store.retrain_tone(args.db)
    print(json.dumps(metrics, ensure_ascii=False))
    return 0


def _tables(args: argparse.Namespace) -> int:
    damage = store.store_damage(args.db)
    if damage:
        print(f"error: store {printable(str(args.db))} is damaged ({printable(damage)}); "
              "`build` moves it aside and rebuilds it", file=sys.stderr)
        return EXIT_ERROR
    for name in store.table_names(args.db):
        print(name)
    return 0


def _synth(args: argparse.Namespace) -> int:
    from analytics import synth

    out = synth.write_corpus(args.articles, args.seed, args.out, chars=args.chars)
    print(f"wrote {args.articles} synthetic articles and manifest.csv to {out}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default: the one the store was built from, else seeds/)")
        sp.add_argument("--db", type=Path, default=store.DEFAULT_DB, help="DuckDB store (default data/narrative.duckdb)")

    b = sub.add_parser("build", help="build or refresh the store from a corpus folder")
    common(b)
    b.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="dask: per-article stages on a dask.distributed cluster, tables also as Parquet beside the store")
    b.add_argument("--scheduler", help="dask scheduler address (tcp://host:8786); default: a local cluster")
    b.add_argument("--workers", type=int, help="worker processes: the local engine's pool (1 = serial) or the local dask "
                   "cluster's (default: the usable cores)")
    b.set_defaults(func=_build)

    e = sub.add_parser("export", help="write one table (builds what is stale first)")
    e.add_argument("table", help="articles, sentences, topics, figures, claims, citations, entities, ...")
    common(e)
    e.add_argument("--format", choices=tables_io.FORMATS, help="default: from -o's suffix, else json")
    e.add_argument("-o", "--output", help="file to write (default: stdout)")
    e.set_defaults(func=_export)

    f = sub.add_parser("figures", help="read texts from stdin, print one JSON array of figures per line")
    f.set_defaults(func=_figures)

    c = sub.add_parser("correct", help="record an analyst's tone label for one sentence")
    common(c)
    c.add_argument("article_id")
    c.add_argument("sentence_idx", type=int)
    c.add_argument("label", choices=store.LABELS)
    c.set_defaults(func=_correct)

    r = sub.add_parser("retrain", help="fold recorded corrections into the tone model")
    common(r)
    r.set_defaults(func=_retrain)

    t = sub.add_parser("tables", help="list the tables in the store")
    common(t)
    t.set_defaults(func=_tables)

    y = sub.add_parser("synth", help="write a deterministic synthetic corpus for benchmarks (never into seeds/)")
    y.add_argument("--articles", type=int, required=True, help="number of articles")
    y.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    y.add_argument("--out", type=Path, required=True, help="folder to write the .txt files and manifest.csv into")
    y.add_argument("--chars", type=int, default=3000, help="mean article length in characters (default 3000)")
    y.set_defaults(func=_synth)
    return p


def _db_problem(db: Path) -> str | None:
    if db.is_dir():
        return f"--db {printable(str(db))} is a folder, not a store file"
    for parent in db.parents:
        if parent.exists():
            return None if parent.is_dir() else f"--db {printable(str(db))}: {printable(str(parent))} is a file, not a folder"
    return None


def _on_signal(main_pid: int, received: list[int]):
    def handler(signum: int, frame) -> None:
        if os.getpid() != main_pid:  # a forked worker: end quietly, the main process reports once
            os._exit(128 + signum)
        received.append(signum)
        raise Interrupted(signum)

    return handler


def _error_line(exc: BaseException) -> str:
    """One line naming the path for an OS error, else the exception's own message."""
    if isinstance(exc, store.EmptyCorpusError):
        return "".join(f"{sk}\n" for sk in exc.skipped) + f"error: {exc}"
    if isinstance(exc, OSError) and exc.filename:
        return f"error: {printable(str(exc.filename))}: {exc.strerror or exc}"
    if isinstance(exc, KeyError) and exc.args:
        return f"error: {printable(str(exc.args[0]))}"
    return f"error: {printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 0 done, 2 error (one line naming the path), 3 done with skipped input,
    130 interrupted (128 + the signal for a termination signal)."""
    received: list[int] = []
    handler = _on_signal(os.getpid(), received)
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        args = parser().parse_args(argv)
        if getattr(args, "db", None) is not None:
            problem = _db_problem(args.db)
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                return EXIT_ERROR
            if args.corpus is None:
                args.corpus = store.default_corpus(args.db)
        return args.func(args)
    except Interrupted as exc:
        print("interrupted: stopped before finishing; the store was left as it was", file=sys.stderr)
        return 128 + int(exc.args[0]) if exc.args else EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("interrupted: stopped before finishing; the store was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error worth a line
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, KeyError, ValueError, duckdb.Error) as exc:
        print(_error_line(exc), file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        if not received:
            raise
        # the signal's workers ended first (a broken process pool): still an interruption
        print("interrupted: stopped before finishing; the store was left as it was", file=sys.stderr)
        return 128 + received[0]
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


if __name__ == "__main__":
    sys.exit(main())
