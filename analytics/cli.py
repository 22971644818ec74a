"""Command line: ``python -m analytics build | export | figures | correct | retrain | tables``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics import store, tables_io

EXIT_SKIPPED = 3


def _build(args: argparse.Namespace) -> int:
    report = store.build(args.corpus, args.db, progress=None, force=args.force)
    for sk in report.skipped:
        print(sk, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else 0


def _export(args: argparse.Namespace) -> int:
    report = store.build(args.corpus, args.db, progress=None)
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
    store.build(args.corpus, args.db, progress=None)
    row = store.record_correction(args.db, args.article_id, args.sentence_idx, args.label)
    print(f"recorded {row['label']} for {row['article_id']}#{row['sentence_idx']}: {row['text']}", file=sys.stderr)
    return 0


def _retrain(args: argparse.Namespace) -> int:
    store.build(args.corpus, args.db, progress=None)
    metrics = store.retrain_tone(args.db)
    print(json.dumps(metrics, ensure_ascii=False))
    return 0


def _tables(args: argparse.Namespace) -> int:
    for name in store.table_names(args.db):
        print(name)
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "db", None) is not None and args.corpus is None:
        args.corpus = store.default_corpus(args.db)
    try:
        return args.func(args)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        print(f"error: {exc.args[0] if isinstance(exc, KeyError) and exc.args else exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
