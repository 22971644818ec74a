"""A SYNTHETIC store of N articles for dashboard benchmarks, written straight into DuckDB (no build).

Every table of a source store (the seeds' by default) is copied N / n_source times inside DuckDB with
new article ids (``syn000042_<seed id>``), one of 40 synthetic outlets per copy, dates spread over
2023-2025 and tone jittered per copy, so filters and charts see realistic row counts and skew. The text
repeats the source's sentences: good for timing filters, aggregates and charts, not for analytics.
``build_info`` says ``synthetic = true``; never mix such a store with real data.

Usage: python bench/synth_store.py --articles 100000 --out /tmp/synth100k.duckdb [--source DB]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUTLETS = 40
KEYED = ("sentences", "mentions", "citations", "figures", "article_texts")
KEPT = ("topics", "entities", "claims", "co_mentions", "tone_corrections", "tone_model", "topic_overrides",
        "tone_check", "entity_candidates", "snownlp_cache")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'main' and table_catalog = 'src' "
        "and table_name = ? order by ordinal_position", [table]).fetchall()]


def synthesise(source: Path, out: Path, n_articles: int) -> dict[str, int]:
    """Write a store of about ``n_articles`` synthetic articles copied from ``source``; row counts back."""
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute(f"attach '{source}' as src (read_only)")
    n_src = con.execute("select count(*) from src.articles").fetchone()[0]
    copies = max(1, -(-n_articles // n_src))
    con.execute(f"create temp table copy as select range as c from range({copies})")
    art_cols = _columns(con, "articles")
    repl = {
        "article_id": "printf('syn%06d_', c) || a.article_id",
        "outlet": f"printf('合成媒体%02d', c % {OUTLETS})",
        "outlet_en": f"printf('Synthetic outlet %02d', c % {OUTLETS})",
        "published": "strftime(date '2023-01-01' + cast((c * 7919 + hash(a.article_id) % 1095) % 1095 as integer), '%Y-%m-%d')",
        "title": "'[synthetic] ' || coalesce(a.title, '')",
        "headline": "'[synthetic] ' || coalesce(a.headline, '')",
    }
    select = ", ".join(f"{repl.get(col, 'a.' + col)} as {col}" for col in art_cols)
    con.execute(f"create table articles as select {select} from src.articles a, copy "
                f"qualify row_number() over () <= {n_articles}")
    con.execute("create temp table ids as select article_id, substr(article_id, 11) as src_id, "
                "cast(substr(article_id, 4, 6) as integer) as c from articles")
    for table in KEYED:
        cols = _columns(con, table)
        if not cols:
            continue
        jitter = {"tone": "greatest(-1.0, least(1.0, t.tone + (cast(hash(i.article_id, t.sentence_idx) % 41 as bigint) - 20) / 100.0))",
                  "map_x": "t.map_x + (cast(hash(i.article_id) % 100 as bigint) - 50) / 500.0",
                  "map_y": "t.map_y + (cast(hash(i.article_id, 1) % 100 as bigint) - 50) / 500.0",
                  "article_id": "i.article_id",
                  "outlet": f"printf('合成媒体%02d', i.c % {OUTLETS})"}
        if table == "figures":
            jitter["figure_id"] = "i.article_id || '_' || t.figure_id"
        select = ", ".join(f"{jitter.get(col, 't.' + col)} as {col}" for col in cols)
        con.execute(f"create table {table} as select {select} from src.{table} t join ids i on t.article_id = i.src_id")
    con.execute("update sentences set tone_label = case when tone > 0.15 then 'pos' when tone < -0.15 then 'neg' "
                "else 'neu' end where not coalesce(corrected, false)")
    for table in KEPT:
        if _columns(con, table):
            con.execute(f"create table {table} as select * from src.{table}")
    con.execute("create table build_info as select * from src.build_info")
    con.execute("insert into build_info values ('synthetic', 'true'), ('synthetic_articles', ?)", [str(n_articles)])
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", *KEYED)}
    con.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--source", type=Path, help="a built store to copy (default: the seeds, built in a temp dir)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source
        if source is None:
            from analytics import store

            source = Path(tmp) / "seed.duckdb"
            store.build(ROOT / "seeds", source, progress=False)
        t0 = time.perf_counter()
        counts = synthesise(source, args.out, args.articles)
    print(f"SYNTHETIC store {args.out}: {counts} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
