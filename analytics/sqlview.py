"""Filtered views read through DuckDB SQL, for stores too big to hold in pandas.

Every filter is pushed down into one query over the store (outlet, cited source, narrative, tone,
entity, dates, search); headline numbers and filter choices are aggregated in SQL over the whole
filtered set, and the rows charts and tables draw on are a bounded sample of whole articles (chosen by
a hash of the id, so the same view always shows the same sample), with the counts it stands for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics import filters as flt, query
from analytics.clean import to_simplified
from analytics.display import NOT_STATED
from analytics.voices import UNKNOWN_OUTLET

KEYED = ("figures", "citations", "mentions")
SMALL = ("topics", "entities", "claims", "co_mentions", "build_info", "tone_corrections", "tone_model", "topic_overrides",
         "tone_check", "entity_candidates")
UNNAMED = ("", UNKNOWN_OUTLET, NOT_STATED["zh"])


@dataclass
class View:
    """A filtered view: ``tables`` (rows of a sample of whole articles when the view is large), the
    exact ``summary`` of the whole view, and how many sentences/articles the view and the sample hold."""

    tables: dict[str, pd.DataFrame]
    summary: dict
    n_sentences: int
    n_articles: int
    shown_sentences: int
    shown_articles: int
    notes: list[str] = field(default_factory=list)

    @property
    def sampled(self) -> bool:
        return self.shown_sentences < self.n_sentences


def connect(db: Path | str) -> duckdb.DuckDBPyConnection:
    """A short-lived read-only connection with the ``named_articles`` view (outlets named as the
    dashboard shows them: the platform, else 未注明, for articles without a stated outlet)."""
    con = duckdb.connect(str(db), read_only=True)
    cols = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                      "where table_name = 'articles'").fetchall()}
    platform = "nullif(trim(platform), '')" if "platform" in cols else "null"
    unnamed = "coalesce(trim(outlet), '') in ('', ?)"
    outlet_en = (f", case when {unnamed} then coalesce({platform}, ?) else outlet_en end as outlet_en"
                 if "outlet_en" in cols else "")
    params = [UNKNOWN_OUTLET, NOT_STATED["zh"]] + ([UNKNOWN_OUTLET, NOT_STATED["en"]] if outlet_en else [])
    sql = (f"create temp view named_articles as select * replace (case when {unnamed} then coalesce({platform}, ?) "
           f"else outlet end as outlet{outlet_en}) from articles")
    con.execute(_inline(sql, params))
    return con


def _inline(sql: str, params: list) -> str:
    """Views cannot take prepared parameters: inline string literals, quotes doubled."""
    for p in params:
        sql = sql.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
    return sql


def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join("?" for _ in values) or "null", values


def _exists(table: str, cond: str) -> str:
    return (f"exists (select 1 from {table} x where x.article_id = s.article_id "
            f"and x.sentence_idx = s.sentence_idx and {cond})")


def _entities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from entities").df()


@dataclass
class Search:
    """The search box in SQL over the sentences ``source`` (text lower-cased once, mention hits joined
    as columns ``m0, m1``...). Short aliases count only as whole tokens, which SQL cannot tell: a row
    holding one is decided in SQL when the query's value is the same with that alias found or not, and
    left to ``query.Query.mask`` otherwise."""

    source: str
    source_params: list
    sql: str
    params: list
    query: query.Query | None = None
    unsure: str = "false"
    unsure_params: list = field(default_factory=list)
    mentioned: dict[str, str] = field(default_factory=dict)


_COLUMNS = "s.article_id, s.sentence_idx, s.topic_id, s.tone, s.tone_label, s.text, s.text_hans, lower(s.text_hans) as th"


def _hits(named: set[str], column: str) -> tuple[str, list]:
    ph, vals = _in(sorted(named))
    return (f" left join (select distinct article_id, sentence_idx, true as {column} from mentions "
            f"where entity_id in ({ph})) {column}_t using (article_id, sentence_idx)"), vals


def _tree_sql(q: query.Query, node: object, mentioned: dict[str, str], tokens: str) -> tuple[str, list]:
    """SQL for a query node; ``tokens`` says how short aliases count: 'contains', 'true' or 'false'."""
    if isinstance(node, query.Term):
        nd = q.needles(node)
        parts = ["contains(s.th, ?)" for _ in nd.plain]
        params: list = list(nd.plain)
        if tokens == "contains":
            parts += ["contains(s.th, ?)" for _ in nd.tokens]
            params += list(nd.tokens)
        elif nd.tokens and tokens == "true":
            parts.append("true")
        if node.text in mentioned and not node.phrase:
            parts.append(f"coalesce(s.{mentioned[node.text]}, false)")
        return "(" + (" or ".join(parts) or "false") + ")", params
    if isinstance(node, query.Not):
        sql, params = _tree_sql(q, node.node, mentioned, tokens)
        return f"(not {sql})", params
    parts = [_tree_sql(q, n, mentioned, tokens) for n in node.nodes]
    op = " and " if isinstance(node, query.And) else " or "
    return "(" + op.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


def search_sql(con: duckdb.DuckDBPyConnection, q: str) -> Search:
    """The search box as SQL (see ``Search``); a malformed query is a plain substring search, as in
    ``filters.select_sentences``."""
    ents = _entities(con)
    try:
        compiled = query.compile(q, query.aliases_from_entities(ents))
    except query.QueryError:
        named = flt.entities_named({"entities": ents}, q)
        join, vals = _hits(named, "m0") if named else ("", [])
        source = f"(select {_COLUMNS}{', m0' if named else ''} from sentences s{join}) s"
        sql = "(contains(lower(s.text), lower(?)) or contains(s.th, lower(?))" + (" or coalesce(s.m0, false)" if named else "")
        return Search(source, vals, sql + ")", [q, to_simplified(q)])
    terms = [t for t in compiled.positive_terms() if not t.phrase]
    mentioned, joins, source_params = {}, [], []
    for term in dict.fromkeys(t.text for t in terms):
        named = flt.entities_named({"entities": ents}, term)
        if named:
            column = f"m{len(mentioned)}"
            mentioned[term] = column
            join, vals = _hits(named, column)
            joins.append(join)
            source_params += vals
    cols = "".join(f", {c}" for c in mentioned.values())
    source = f"(select {_COLUMNS}{cols} from sentences s{''.join(joins)}) s"
    sql, params = _tree_sql(compiled, compiled.tree, mentioned, "contains")
    out = Search(source, source_params, sql, params, compiled, mentioned=mentioned)
    tokens = sorted({tok for t in compiled.positive_terms() for tok in compiled.needles(t).tokens})
    if tokens:
        yes, yes_p = _tree_sql(compiled, compiled.tree, mentioned, "true")
        no, no_p = _tree_sql(compiled, compiled.tree, mentioned, "false")
        holds = " or ".join("contains(s.th, ?)" for _ in tokens)
        out.sql = f"((not ({holds}) and {sql}) or (({holds}) and {yes} and {no}))"
        out.params = list(tokens) + params + list(tokens) + yes_p + no_p
        out.unsure = f"(({holds}) and {yes} and not {no})"
        out.unsure_params = list(tokens) + yes_p + no_p
    return out


def predicate(con: duckdb.DuckDBPyConnection, f: flt.Filters) -> tuple[str, list, Search | None]:
    """The filters as one SQL condition over sentences ``s`` (parameters in order), plus the search
    when there is one (its ``source`` replaces the sentences table; its unsure rows need refining)."""
    conds, params = ["true"], []
    choices = [
        (f.outlet, lambda ph: f"s.article_id in (select article_id from named_articles where outlet in ({ph}))"),
        (f.cited, lambda ph: _exists("citations", f"x.source in ({ph})")),
        ([int(t) for t in f.topic] if f.topic else f.topic, lambda ph: f"s.topic_id in ({ph})"),
        (f.tone, lambda ph: f"s.tone_label in ({ph})"),
        (f.entity, lambda ph: _exists("mentions", f"x.entity_id in ({ph})")),
    ]
    for chosen, condition in choices:
        if chosen:
            ph, vals = _in(chosen)
            conds.append(condition(ph))
            params += vals
    date_from, date_to = getattr(f, "date_from", ""), getattr(f, "date_to", "")
    if date_from or date_to:
        day = "substr(coalesce(published, ''), 1, 10)"
        cond = f"regexp_full_match({day}, '\\d{{4}}-\\d{{2}}-\\d{{2}}')"
        for op, value in ((">=", date_from), ("<=", date_to)):
            if value:
                cond += f" and {day} {op} ?"
                params.append(value)
        conds.append(f"s.article_id in (select article_id from articles where {cond})")
    search = None
    if f.q.strip():
        search = search_sql(con, f.q.strip())
        conds.append(search.sql)
        params += search.params
    return " and ".join(conds), params, search


SEL = "s.article_id, s.sentence_idx, s.tone, s.tone_label, s.topic_id"


def _select(con: duckdb.DuckDBPyConnection, f: flt.Filters) -> None:
    """The view's sentences (keys, tone, narrative) into temp table ``sel``: the one scan of the
    sentences table every count of the view is made from."""
    where, params, search = predicate(con, f)
    source, pre = (search.source, search.source_params) if search else ("sentences s", [])
    con.execute("drop table if exists sel")
    con.execute(f"create temp table sel as select {SEL} from {source} where {where}", pre + params)
    if search is None or search.unsure == "false":
        return
    where_base = where[:len(where) - len(search.sql)] + search.unsure
    base_params = params[:len(params) - len(search.params)] + search.unsure_params
    cols = "".join(f", s.{c}" for c in search.mentioned.values())
    cand = con.execute(f"select {SEL}, s.text_hans{cols} from {source} where {where_base}", pre + base_params).df()
    if cand.empty:
        return
    column = {term: c for term, c in search.mentioned.items()}
    hits = search.query.mask(cand, also=lambda term: cand[column[term]].fillna(False).astype(bool)
                             if term in column else None)
    con.register("keep_df", cand.loc[hits, ["article_id", "sentence_idx", "tone", "tone_label", "topic_id"]])
    con.execute("insert into sel select * from keep_df")
    con.unregister("keep_df")


def _summary(con: duckdb.DuckDBPyConnection, present: set[str]) -> dict:
    """``filters.summary`` of the view in ``sel``, computed in SQL over every row of it."""
    n, tone, neg, pos, n_art = con.execute(
        "select count(*), avg(tone), avg((tone_label = 'neg')::int), avg((tone_label = 'pos')::int), "
        "count(distinct article_id) from sel").fetchone()
    ph, vals = _in(UNNAMED)
    n_out, n_unk = con.execute(
        f"select count(distinct outlet) filter (where coalesce(outlet, '') not in ({ph})), "
        f"count(*) filter (where coalesce(outlet, '') in ({ph})) from named_articles "
        "where article_id in (select article_id from sel)", vals + vals).fetchone()
    nan = float("nan")
    out = {"n_articles": int(n_art), "n_outlets": int(n_out), "n_unknown_outlet": int(n_unk), "n_sentences": int(n),
           "tone_mean": float(tone) if n else nan, "share_neg": float(neg) if n else nan,
           "share_pos": float(pos) if n else nan, "n_figures": 0, "n_sources": 0,
           "top_topic": None, "top_source": None, "n_disputed": 0}
    top = con.execute("select topic_id, count(*) c from sel where topic_id >= 0 group by 1 order by c desc, 1 limit 1"
                      ).fetchone()
    if n and top:
        label = con.execute("select label from topics where topic_id = ? and coalesce(level, '') <> 'theme'",
                            [top[0]]).fetchone()
        out["top_topic"] = label[0] if label else None
        out["top_topic_share"] = top[1] / n
    if "figures" in present:
        out["n_figures"] = int(con.execute("select count(*) from fsel").fetchone()[0])
        cols = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                          "where table_name = 'claims'").fetchall()}
        if "disagree" in cols:
            out["n_disputed"] = int(con.execute(
                "select count(*) from claims where coalesce(disagree, false) and claim_id in "
                "(select claim_id from fsel)").fetchone()[0])
    if "citations" in present:
        out["n_sources"] = int(con.execute("select count(distinct source) from csel").fetchone()[0])
        src = con.execute("select source, count(*) c from csel group by 1 order by c desc, 1 limit 1").fetchone()
        if src:
            out["top_source"], out["top_source_n"] = src[0], int(src[1])
    return out


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables "
                                      "where table_schema = 'main'").fetchall()}


def view(db: Path | str, f: flt.Filters, max_sentences: int = 20_000) -> View:
    """The filtered view of store ``db``: exact summary, and tables restricted to the view's rows from a
    hash-chosen sample of whole articles holding at most ``max_sentences`` sentences (all of them when
    the view is smaller); per-view counts (articles, narratives, entities, co-mentions) are those of the
    rows shown, as ``filters.restrict`` computes them. Each large table is scanned at most twice."""
    with connect(db) as con:
        present = _tables(con)
        _select(con, f)
        n_sent, = con.execute("select count(*) from sel").fetchone()
        con.execute("create temp table pick as select article_id from (select article_id, sum(n) over "
                    "(order by hash(article_id), article_id rows unbounded preceding) as upto from "
                    "(select article_id, count(*) as n from sel group by 1)) where upto <= ?", [max_sentences])
        con.execute("create temp table shown as select article_id, sentence_idx from sel "
                    "where article_id in (select article_id from pick)")
        if "figures" in present:
            con.execute("create temp table fsel as select f.article_id, f.sentence_idx, f.claim_id from figures f "
                        "semi join sel using (article_id, sentence_idx)")
        if "citations" in present:
            con.execute("create temp table csel as select c.article_id, c.sentence_idx, c.source from citations c "
                        "semi join sel using (article_id, sentence_idx)")
        summary = _summary(con, present)
        whole = not f.active and con.execute("select count(*) from shown").fetchone()[0] == n_sent
        tables = {name: con.execute(f"select * from {name}").df() for name in SMALL if name in present}
        tables["sentences"] = con.execute(
            "select s.* from sentences s semi join shown using (article_id, sentence_idx) "
            "order by s.article_id, s.sentence_idx").df()
        for name in ("figures", "citations"):
            if name in present:
                tables[name] = con.execute(f"select t.* from {name} t semi join shown using (article_id, sentence_idx)").df()
        if "mentions" in present:
            con.execute("create temp table men as select m.* from mentions m semi join shown using (article_id, sentence_idx)")
            tables["mentions"] = con.execute("select * from men").df()
        if "article_texts" in present:
            tables["article_texts"] = con.execute("select * from article_texts where article_id in "
                                                  "(select article_id from pick)").df()
        if whole:
            tables["articles"] = con.execute("select * from named_articles where article_id in "
                                             "(select article_id from pick) order by article_id").df()
        else:
            _recount(con, tables, present)
    tables = flt.split_levels(tables)
    return View(tables, summary, int(n_sent), int(summary["n_articles"]), len(tables["sentences"]),
                len(tables["articles"]))


def _recount(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame], present: set[str]) -> None:
    """Counts of the rows shown, in SQL: articles' n_sentences and tone_mean, narratives' sentences and
    articles, entities' mentions and articles, co-mentions, and the claims with a figure in view."""
    con.execute("create temp table shown_s as select * from sel where article_id in (select article_id from pick)")
    tables["articles"] = con.execute(
        "select a.* replace (v.n_sentences as n_sentences, v.tone_mean as tone_mean) from named_articles a join "
        "(select article_id, count(*) as n_sentences, avg(tone) as tone_mean from shown_s group by 1) v "
        "using (article_id) order by article_id").df()
    tables["topics"] = con.execute(
        "select t.* replace (coalesce(v.n, 0) as n_sentences, coalesce(v.a, 0) as n_articles) from topics t left join "
        "(select topic_id, count(*) as n, count(distinct article_id) as a from shown_s group by 1) v using (topic_id) "
        "where t.level = 'theme' or v.n is not null order by t.topic_id").df()
    if "mentions" in present and "entities" in present:
        tables["entities"] = con.execute(
            "select e.* replace (v.n as n_mentions, v.a as n_articles) from entities e join "
            "(select entity_id, count(*) as n, count(distinct article_id) as a from men group by 1) v "
            "using (entity_id)").df()
        tables["co_mentions"] = con.execute(
            "with m as (select distinct entity_id, article_id, sentence_idx from men) "
            "select x.entity_id as entity_a, y.entity_id as entity_b, count(*) as n_sentences, "
            "count(distinct x.article_id) as n_articles from m x join m y using (article_id, sentence_idx) "
            "where x.entity_id < y.entity_id group by 1, 2 order by 1, 2").df()
    if "claims" in present and "figures" in present:
        tables["claims"] = con.execute("select * from claims where claim_id in (select t.claim_id from fsel t "
                                       "semi join shown using (article_id, sentence_idx))").df()


def options(db: Path | str) -> dict[str, pd.DataFrame]:
    """``filters.options`` computed in SQL: outlets, cited sources, narratives and entities with counts."""
    with connect(db) as con:
        present = _tables(con)
        outlet_en = "any_value(outlet_en)" if "outlet_en" in {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = 'articles'").fetchall()} else "outlet"
        outlet = con.execute(f"select outlet, {outlet_en} as outlet_en, count(*) as n from named_articles "
                             "group by outlet order by n desc, outlet").df()
        cited = con.execute("select source, any_value(source_en) as source_en, count(*) as n from citations "
                            "group by source order by n desc, source").df() if "citations" in present else \
            pd.DataFrame(columns=["source", "source_en", "n"])
        topics = flt.split_levels({"topics": con.execute("select * from topics").df()})["topics"]
        ents = con.execute("select * from entities").df()
    topic = topics.sort_values("topic_id")[[c for c in ("topic_id", "label", "label_hant", "n_sentences") if c in topics]]
    entity = ents.sort_values(["n_mentions", "name"], ascending=[False, True])[
        [c for c in ("entity_id", "name", "name_en", "type", "n_mentions") if c in ents]]
    return {"outlet": outlet, "cited": cited, "topic": topic.reset_index(drop=True),
            "entity": entity.reset_index(drop=True)}


def light_tables(db: Path | str) -> dict[str, pd.DataFrame]:
    """The tables the app needs whole for names and metadata, without the per-sentence ones: every
    article (outlets named), narratives and themes, entities, claims, build information, and one row
    per cited source (for its English name)."""
    with connect(db) as con:
        present = _tables(con)
        tables = {name: con.execute(f"select * from {name}").df() for name in SMALL if name in present}
        tables["articles"] = con.execute("select * from named_articles").df()
        if "citations" in present:
            tables["citations"] = con.execute("select source, any_value(source_en) as source_en, count(*) as n "
                                              "from citations group by source").df()
    return flt.split_levels(tables)


def article_rows(db: Path | str, article_id: str) -> dict[str, pd.DataFrame]:
    """One article's sentences, figures, citations and text (for the reader)."""
    with connect(db) as con:
        present = _tables(con)
        out = {name: con.execute(f"select * from {name} where article_id = ? order by sentence_idx", [article_id]).df()
               for name in ("sentences", "figures", "citations") if name in present}
        if "article_texts" in present:
            out["article_texts"] = con.execute("select * from article_texts where article_id = ?", [article_id]).df()
    return out


def n_sentences(db: Path | str) -> int:
    """Rows in the store's sentences table (0 when it has none)."""
    with duckdb.connect(str(db), read_only=True) as con:
        if "sentences" not in _tables(con):
            return 0
        return int(con.execute("select count(*) from sentences").fetchone()[0])


def sentences_with_text(db: Path | str, texts: list[str]) -> pd.DataFrame:
    """Sentences whose text is one of ``texts`` (for agreement with hand-labelled sentences)."""
    with duckdb.connect(str(db), read_only=True) as con:
        con.register("wanted", pd.DataFrame({"text": list(dict.fromkeys(texts))}))
        return con.execute("select s.* from sentences s semi join wanted w on s.text = w.text").df()
