"""Global filters for the dashboard: restrict every table to the sentences a view is about.

A filter selects sentences (outlet of their article, a cited source, narrative, tone label, an entity
mentioned, free text in either script); every other table is cut down to those sentences and its
counts recomputed, so charts and tables in one view always agree. Pure pandas: no Streamlit here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pandas as pd

from analytics.clean import to_simplified
from analytics.display import NOT_STATED, topic_label
from analytics.voices import UNKNOWN_OUTLET

SENTENCE_KEY = ["article_id", "sentence_idx"]
TONES = ("neg", "neu", "pos")


@dataclass(frozen=True)
class Filters:
    """The active filter values; an empty field means no restriction."""

    outlet: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    topic: tuple[int, ...] = ()
    tone: tuple[str, ...] = ()
    entity: tuple[str, ...] = ()
    q: str = ""
    date_from: str = ""  # ISO date, inclusive; undated articles fall outside any range
    date_to: str = ""

    @property
    def active(self) -> bool:
        return any(bool(getattr(self, f.name)) for f in fields(self))



def _keys(df: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(df[SENTENCE_KEY].astype({"article_id": str, "sentence_idx": int}))


def _keep(df: pd.DataFrame | None, keys: pd.MultiIndex) -> pd.DataFrame | None:
    if df is None or df.empty or not set(SENTENCE_KEY) <= set(df.columns):
        return df
    return df[_keys(df).isin(keys)].reset_index(drop=True)


def select_sentences(tables: dict[str, pd.DataFrame], f: Filters) -> pd.DataFrame:
    """The sentences matching every active filter."""
    s = tables["sentences"]
    mask = pd.Series(True, index=s.index)
    keys = _keys(s)
    if f.outlet:
        arts = tables["articles"]
        ids = set(arts.loc[arts["outlet"].isin(f.outlet), "article_id"])
        mask &= s["article_id"].isin(ids)
    if f.cited:
        cit = tables.get("citations")
        hit = cit[cit["source"].isin(f.cited)] if cit is not None and not cit.empty else cit
        mask &= keys.isin(_keys(hit)) if hit is not None and not hit.empty else False
    if f.topic:
        mask &= s["topic_id"].isin([int(t) for t in f.topic])
    if f.tone:
        mask &= s["tone_label"].isin(f.tone)
    if f.entity:
        men = tables.get("mentions")
        hit = men[men["entity_id"].isin(f.entity)] if men is not None and not men.empty else men
        mask &= keys.isin(_keys(hit)) if hit is not None and not hit.empty else False
    if f.date_from or f.date_to:
        mask &= s["article_id"].isin(articles_between(tables["articles"], f.date_from, f.date_to))
    q = f.q.strip()
    if q:
        from analytics import query

        men = tables.get("mentions")

        def mentioned(term: str) -> pd.Series | None:
            named = entities_named(tables, term)
            if named and men is not None and not men.empty:
                return pd.Series(keys.isin(_keys(men[men["entity_id"].isin(named)])), index=s.index)
            return None

        try:  # Boolean query (AND OR NOT, quotes, parentheses, 与或非); each term also finds its entity's mentions
            mask &= query.compile(q, query.aliases_from_entities(tables.get("entities"))).mask(s, also=mentioned)
        except query.QueryError:  # malformed: still a plain substring search; the page shows query.error_message
            qh = to_simplified(q)
            hit = (s["text"].str.contains(q, case=False, regex=False, na=False)
                   | s["text_hans"].str.contains(qh, case=False, regex=False, na=False))
            named = entities_named(tables, q)
            if named and men is not None and not men.empty:
                hit |= keys.isin(_keys(men[men["entity_id"].isin(named)]))
            mask &= hit
    return s[mask].reset_index(drop=True)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _days(published: pd.Series) -> dict[object, str]:
    """Each distinct ``published`` value that starts with an ISO date, mapped to that date (distinct
    values are few, so this stays fast on a large corpus)."""
    return {v: str(v)[:10] for v in published.dropna().unique() if _ISO_DAY.match(str(v))}


def articles_between(articles: pd.DataFrame, date_from: str = "", date_to: str = "") -> pd.Index:
    """Ids of articles published between two ISO dates (inclusive, either may be empty); an article
    without a readable date is in no range, so a date filter never keeps it silently."""
    if "published" not in articles:
        return pd.Index([], dtype=object)
    inside = [v for v, day in _days(articles["published"]).items()
              if (not date_from or day >= date_from) and (not date_to or day <= date_to)]
    return pd.Index(articles.loc[articles["published"].isin(inside), "article_id"].astype(str))


def date_span(articles: pd.DataFrame) -> tuple[str, str] | None:
    """The first and last ISO publication date among ``articles``, or None when none is dated."""
    days = _days(articles["published"]).values() if "published" in articles else ()
    return (min(days), max(days)) if days else None


def entities_named(tables: dict[str, pd.DataFrame], q: str) -> set[str]:
    """Entities whose name, English name or an alias is the search text (any case, either script), so a
    search for "huawei" also finds the sentences that write 华为."""
    e = tables.get("entities")
    if e is None or e.empty or not q.strip():
        return set()
    want = {q.strip().casefold(), to_simplified(q.strip()).casefold()}
    found = set()
    for row in e.to_dict("records"):
        names = [row.get("entity_id"), row.get("name"), row.get("name_en"),
                 *str(row.get("aliases") or "").split("|")]
        if any(isinstance(n, str) and n and (n.casefold() in want or to_simplified(n).casefold() in want)
               for n in names):
            found.add(row["entity_id"])
    return found


def _co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    cols = ["entity_a", "entity_b", "n_sentences", "n_articles"]
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=cols)
    m = mentions[["entity_id", *SENTENCE_KEY]].drop_duplicates()
    pairs = m.merge(m, on=SENTENCE_KEY)
    pairs = pairs[pairs["entity_id_x"] < pairs["entity_id_y"]]
    out = (pairs.groupby(["entity_id_x", "entity_id_y"])
           .agg(n_sentences=("sentence_idx", "size"), n_articles=("article_id", "nunique")).reset_index())
    return out.rename(columns={"entity_id_x": "entity_a", "entity_id_y": "entity_b"})[cols]


def split_levels(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The store's one topics table as two: ``topics`` (narratives, what filters and charts use) and
    ``themes`` (article-level themes, level 'theme')."""
    t = tables.get("topics")
    if t is None or "level" not in t:
        return tables
    out = dict(tables)
    out["themes"] = t[t["level"] == "theme"].reset_index(drop=True)
    out["topics"] = t[t["level"] != "theme"].reset_index(drop=True)
    return out


def name_outlets(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Articles without a stated outlet take the platform they were posted on (网易号), else 未注明 /
    Not stated, in every table that carries an outlet, so no screen shows the internal 'unknown'."""
    a = tables.get("articles")
    if a is None or "outlet" not in a:
        return tables
    unnamed = a["outlet"].fillna("").isin(["", UNKNOWN_OUTLET])
    if not unnamed.any():
        return tables
    platform = a["platform"].fillna("").astype(str).str.strip() if "platform" in a else pd.Series("", index=a.index)
    a = a.copy()
    a.loc[unnamed, "outlet"] = [p or NOT_STATED["zh"] for p in platform[unnamed]]
    if "outlet_en" in a:
        a.loc[unnamed, "outlet_en"] = [p or NOT_STATED["en"] for p in platform[unnamed]]
    out = dict(tables)
    out["articles"] = a
    by_id = dict(zip(a["article_id"], a["outlet"]))
    for name in ("figures", "citations"):
        df = tables.get(name)
        if df is not None and "outlet" in df and len(df):
            out[name] = df.assign(outlet=df["article_id"].map(by_id).fillna(df["outlet"]))
    return out


def prepare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Store tables as the dashboard reads them: narratives and themes apart, every outlet named."""
    return name_outlets(split_levels(tables))


def apply(tables: dict[str, pd.DataFrame], f: Filters) -> dict[str, pd.DataFrame]:
    """Every table restricted to the filtered sentences, with per-view counts recomputed.

    Articles keep their own metadata but ``n_sentences``/``tone_mean`` become the view's; topics,
    entities and claims keep only rows with evidence in view and recount it.
    """
    if not f.active:
        out = dict(tables)
        m = out.get("mentions")
        if m is not None and len(m) and (m["sentence_idx"] < 0).any():
            out["mentions"] = m[m["sentence_idx"] >= 0].reset_index(drop=True)  # byline rows: no sentence to show
        return out
    return restrict(tables, select_sentences(tables, f))


def restrict(tables: dict[str, pd.DataFrame], s: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table cut down to the sentences ``s`` (rows of ``tables["sentences"]``), counts recomputed."""
    out = dict(tables)
    keys = _keys(s)
    for name in ("figures", "citations", "mentions"):
        out[name] = _keep(tables.get(name), keys)
    arts = tables["articles"]
    per = s.groupby("article_id").agg(n_sentences=("sentence_idx", "size"), tone_mean=("tone", "mean"))
    arts = arts[arts["article_id"].isin(per.index)].drop(columns=["n_sentences", "tone_mean"], errors="ignore")
    out["articles"] = arts.merge(per.reset_index(), on="article_id", how="left")
    out["sentences"] = s
    if "topics" in tables:
        t = tables["topics"]
        counts = s.groupby("topic_id").agg(n_sentences=("sentence_idx", "size"), n_articles=("article_id", "nunique"))
        t = t[t["topic_id"].isin(counts.index)].drop(columns=["n_sentences", "n_articles"], errors="ignore")
        out["topics"] = t.merge(counts.reset_index(), on="topic_id", how="left")
    if "entities" in tables and out.get("mentions") is not None:
        m = out["mentions"]
        e = tables["entities"]
        if m.empty:
            out["entities"] = e.iloc[:0].reset_index(drop=True)
        else:
            counts = m.groupby("entity_id").agg(n_mentions=("entity_id", "size"), n_articles=("article_id", "nunique"))
            e = e[e["entity_id"].isin(counts.index)].drop(columns=["n_mentions", "n_articles"], errors="ignore")
            out["entities"] = e.merge(counts.reset_index(), on="entity_id", how="left")
        out["co_mentions"] = _co_mentions(m)
    if "claims" in tables and out.get("figures") is not None:
        fig = out["figures"]
        ids = set(fig["claim_id"].dropna()) if "claim_id" in fig else set()
        out["claims"] = tables["claims"][tables["claims"]["claim_id"].isin(ids)].reset_index(drop=True)
    return out


def options(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Choices for each filter with display names and counts, most frequent first."""
    arts = tables["articles"]
    outlet = (arts.groupby(["outlet"], dropna=False)
              .agg(outlet_en=("outlet_en", "first") if "outlet_en" in arts else ("outlet", "first"),
                   n=("article_id", "size")).reset_index().sort_values(["n", "outlet"], ascending=[False, True]))
    cit = tables.get("citations", pd.DataFrame(columns=["source", "source_en", "article_id"]))
    cited = (cit.groupby("source").agg(source_en=("source_en", "first"), n=("source", "size")).reset_index()
             .sort_values(["n", "source"], ascending=[False, True])) if not cit.empty else \
        pd.DataFrame(columns=["source", "source_en", "n"])
    topics = tables.get("topics", pd.DataFrame(columns=["topic_id", "label", "n_sentences"]))
    topic = topics.sort_values("topic_id")[[c for c in ("topic_id", "label", "label_hant", "n_sentences") if c in topics]]
    ents = tables.get("entities", pd.DataFrame(columns=["entity_id", "name", "name_en", "n_mentions"]))
    entity = ents.sort_values(["n_mentions", "name"], ascending=[False, True])[
        [c for c in ("entity_id", "name", "name_en", "type", "n_mentions") if c in ents]]
    return {"outlet": outlet.reset_index(drop=True), "cited": cited.reset_index(drop=True),
            "topic": topic.reset_index(drop=True), "entity": entity.reset_index(drop=True)}


LABELS = {
    "zh": {"outlet": "媒体", "cited": "引用来源", "topic": "叙事", "tone": "语气", "entity": "实体", "q": "搜索",
           "dates": "日期", "none": "全部文章（无筛选）", "pos": "正面", "neu": "中性", "neg": "负面"},
    "en": {"outlet": "Outlet", "cited": "Cited source", "topic": "Narrative", "tone": "Tone", "entity": "Entity",
           "q": "Search", "dates": "Dates", "none": "All articles (no filters)", "pos": "positive", "neu": "neutral", "neg": "negative"},
}


def describe(f: Filters, tables: dict[str, pd.DataFrame] | None = None, lang: str = "zh") -> str:
    """One line naming the active filters, for chart subtitles and report headers."""
    lab = LABELS.get(lang, LABELS["en"])
    if not f.active:
        return lab["none"]
    tables = tables or {}
    names: dict[str, dict] = {}
    if "topics" in tables:
        names["topic"] = dict(zip(tables["topics"]["topic_id"].astype(int), tables["topics"]["label"]))
    if "entities" in tables:
        col = "name_en" if lang == "en" and "name_en" in tables["entities"] else "name"
        names["entity"] = dict(zip(tables["entities"]["entity_id"], tables["entities"][col]))
    if lang == "en" and "citations" in tables and "source_en" in tables["citations"]:
        names["cited"] = dict(zip(tables["citations"]["source"], tables["citations"]["source_en"]))
    if lang == "en" and "articles" in tables and "outlet_en" in tables["articles"]:
        names["outlet"] = dict(zip(tables["articles"]["outlet"], tables["articles"]["outlet_en"]))
    parts = []
    for key in ("outlet", "cited", "topic", "tone", "entity"):
        vals = getattr(f, key)
        if vals:
            m = names.get(key, {})
            shown = [lab.get(v, v) if key == "tone" else str(m.get(int(v) if key == "topic" else v, v) or v)
                     for v in vals]
            parts.append(f"{lab[key]}: {', '.join(shown)}")
    if f.q.strip():
        parts.append(f"{lab['q']}: “{f.q.strip()}”")
    if f.date_from or f.date_to:
        parts.append(f"{lab['dates']}: {f.date_from or '…'} – {f.date_to or '…'}")
    return " · ".join(parts)


# --- drill-down: from a selected chart point to the sentences behind it ---------------------------

PREFIXES = ("topic", "tone", "outlet", "source", "entity", "claim", "article", "sentence", "figure", "range")
_TONE_WORDS = {"neg": "neg", "neu": "neu", "pos": "pos", "负面": "neg", "中性": "neu", "正面": "pos",
               "負面": "neg", "negative": "neg", "neutral": "neu", "positive": "pos"}


def _prefixed(v: object) -> bool:
    return isinstance(v, str) and ":" in v and v.split(":", 1)[0] in PREFIXES


def _point_values(point: dict, trace_name: str | None) -> list:
    vals: list = []
    for key in ("customdata", "x", "y", "label", "hovertext", "id", "legendgroup"):
        v = point.get(key)
        if isinstance(v, (list, tuple)):
            vals.extend(v)
        elif v is not None:
            vals.append(v)
    if trace_name:
        vals.append(trace_name)
    return vals


def _lookup(tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Display names (in any language or script) mapped to filter keys, per dimension."""
    look: dict[str, dict] = {"outlet": {}, "source": {}, "entity": {}, "topic": {}, "article": {}}
    a = tables.get("articles")
    if a is not None:
        for col in ("outlet", "outlet_en"):
            if col in a:
                look["outlet"].update({n: o for n, o in zip(a[col], a["outlet"]) if isinstance(n, str) and n})
        look["article"].update({aid: aid for aid in a["article_id"]})
        if "headline" in a:
            look["article"].update({t: aid for t, aid in zip(a["headline"], a["article_id"]) if isinstance(t, str) and t})
    c = tables.get("citations")
    if c is not None and not c.empty:
        for col in ("source", "source_en"):
            if col in c:
                look["source"].update({n: s for n, s in zip(c[col], c["source"]) if isinstance(n, str) and n})
    e = tables.get("entities")
    if e is not None and not e.empty:
        for col in ("entity_id", "name", "name_en"):
            if col in e:
                look["entity"].update({n: i for n, i in zip(e[col], e["entity_id"]) if isinstance(n, str) and n})
    t = tables.get("topics")
    if t is not None and not t.empty:
        for col in ("label", "label_hant"):
            if col in t:
                look["topic"].update({n: int(i) for n, i in zip(t[col], t["topic_id"]) if isinstance(n, str) and n})
    return look


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer())


def selection_from_points(tables: dict[str, pd.DataFrame], points: list[dict],
                          trace_names: list[str | None]) -> dict[str, set]:
    """What the selected points stand for: outlets, sources, entities, narratives, tones, claims, articles.

    Prefixed customdata (``topic:3``) is read directly and, when a point has any, is all it stands for
    (a bar labelled 马库斯 in a sources chart is not also the 马库斯 entity). Points without prefixes
    are matched against the names the tables know, so charts that carry only labels still drill down.
    """
    look = _lookup(tables)
    sel: dict[str, set] = {k: set() for k in PREFIXES}
    for point in points:
        cn = point.get("curve_number")
        name = trace_names[cn] if isinstance(cn, int) and 0 <= cn < len(trace_names) else None
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)):
            for a, b in zip(custom, custom[1:]):
                if isinstance(a, str) and a in look["article"].values() and _is_int(b):
                    sel["article"].add(a)
                    sel["sentence"].add(int(b))
        values = _point_values(point, name)
        prefixed = any(_prefixed(v) for v in values)
        for v in values:
            if _prefixed(v):
                k, val = v.split(":", 1)
                if k == "sentence" and ":" in val:
                    aid, _, idx = val.rpartition(":")
                    sel["article"].add(aid)
                    val = idx
                if k == "range":
                    col, lo, hi = val.rsplit(":", 2)
                    sel[k].add((col, float(lo), float(hi)))
                elif k in ("topic", "sentence", "claim") and val.lstrip("-").isdigit():
                    sel[k].add(int(val))
                elif k not in ("topic", "sentence"):
                    sel[k].add(val)
                continue
            if not isinstance(v, str) or prefixed:
                continue
            if v in _TONE_WORDS:
                sel["tone"].add(_TONE_WORDS[v])
            for dim in ("outlet", "source", "entity", "topic", "article"):
                if v in look[dim]:
                    sel[dim].add(look[dim][v])
    return {k: v for k, v in sel.items() if v}


def evidence(tables: dict[str, pd.DataFrame], sel: dict[str, set], limit: int | None = None) -> pd.DataFrame:
    """Sentences behind a selection, with their article's title and outlet, in reading order."""
    f = Filters(outlet=tuple(sel.get("outlet", ())), cited=tuple(sel.get("source", ())),
                topic=tuple(sel.get("topic", ())), tone=tuple(sel.get("tone", ())),
                entity=tuple(sel.get("entity", ())))
    s = select_sentences(tables, f)
    if sel.get("article"):
        s = s[s["article_id"].isin(sel["article"])]
    if sel.get("claim") and tables.get("figures") is not None:
        figs = tables["figures"]
        figs = figs[figs["claim_id"].isin(sel["claim"])]
        s = s[_keys(s).isin(_keys(figs))] if not figs.empty else s.iloc[:0]
    if sel.get("figure") and tables.get("figures") is not None:
        figs = tables["figures"]
        figs = figs[figs["figure_id"].astype(str).isin({str(x) for x in sel["figure"]})]
        s = s[_keys(s).isin(_keys(figs))] if not figs.empty else s.iloc[:0]
    if sel.get("range"):
        inside = pd.Series(False, index=s.index)
        for col, lo, hi in sel["range"]:
            if col in s:
                inside |= (s[col] >= lo) & ((s[col] < hi) | ((hi >= 1) & (s[col] <= hi)))
        s = s[inside]
    if sel.get("sentence") and sel.get("article"):
        s = s[s["sentence_idx"].isin(sel["sentence"])]
    arts = tables["articles"][[c for c in ("article_id", "title", "headline", "outlet") if c in tables["articles"]]]
    s = s.merge(arts, on="article_id", how="left").sort_values(SENTENCE_KEY).reset_index(drop=True)
    return s.head(limit) if limit else s


def summary(view: dict[str, pd.DataFrame]) -> dict:
    """Headline numbers of a view: counts, mean tone, negative share, biggest narrative, top voice."""
    s, a = view["sentences"], view["articles"]
    n = len(s)
    known = ~a["outlet"].fillna("").isin(["", UNKNOWN_OUTLET, NOT_STATED["zh"]]) if len(a) else None
    out = {
        "n_articles": int(a["article_id"].nunique()) if len(a) else 0,
        "n_outlets": int(a.loc[known, "outlet"].nunique()) if len(a) else 0,
        "n_unknown_outlet": int((~known).sum()) if len(a) else 0,
        "n_sentences": n,
        "tone_mean": float(s["tone"].mean()) if n else float("nan"),
        "share_neg": float((s["tone_label"] == "neg").mean()) if n else float("nan"),
        "share_pos": float((s["tone_label"] == "pos").mean()) if n else float("nan"),
        "n_figures": len(view.get("figures", [])) if view.get("figures") is not None else 0,
        "n_sources": int(view["citations"]["source"].nunique()) if view.get("citations") is not None
        and len(view["citations"]) else 0,
        "top_topic": None, "top_source": None, "n_disputed": 0,
    }
    t = view.get("topics")
    if n and t is not None and len(t) and "topic_id" in s:
        counts = s[s["topic_id"] >= 0]["topic_id"].value_counts()
        if len(counts):
            row = t[t["topic_id"] == counts.index[0]]
            out["top_topic"] = row["label"].iloc[0] if len(row) else None
            out["top_topic_share"] = float(counts.iloc[0] / n)
    c = view.get("citations")
    if c is not None and len(c):
        top = c["source"].value_counts()
        out["top_source"] = top.index[0]
        out["top_source_n"] = int(top.iloc[0])
    cl = view.get("claims")
    if cl is not None and len(cl) and "disagree" in cl:
        out["n_disputed"] = int(cl["disagree"].fillna(False).astype(bool).sum())
    return out


def sentences_with_articles(view: dict[str, pd.DataFrame], columns: tuple[str, ...] = ("outlet", "headline")) -> pd.DataFrame:
    """The view's sentences with article columns joined (for per-outlet charts)."""
    a = view["articles"][["article_id", *[c for c in columns if c in view["articles"]]]]
    return view["sentences"].merge(a, on="article_id", how="left")


def sentences_export(view: dict[str, pd.DataFrame], lang: str = "zh") -> pd.DataFrame:
    """The view's sentences for export: every contract column plus outlet, headline and narrative label."""
    s = sentences_with_articles(view, ("outlet", "headline"))
    topics = view.get("topics")
    labels = dict(zip(topics["topic_id"].astype(int), topics["label"])) if topics is not None and len(topics) else {}
    s = s.assign(narrative=[topic_label(i, labels, lang) for i in s["topic_id"]]) if "topic_id" in s else s
    front = [c for c in ("article_id", "outlet", "headline", "sentence_idx", "text", "text_hans", "tone",
                         "tone_label", "topic_id", "narrative") if c in s]
    return s[front + [c for c in s.columns if c not in front and c not in ("map_x", "map_y")]]


def sentences_with_entities(view: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (sentence, entity it mentions), with the sentence's tone: for tone per entity."""
    men, s = view.get("mentions"), view["sentences"]
    if men is None or men.empty or s.empty:
        return s.iloc[0:0].assign(entity_id=pd.Series(dtype=str))
    pairs = men[["entity_id", *SENTENCE_KEY]].drop_duplicates()
    return s.merge(pairs, on=SENTENCE_KEY, how="inner")


def map_coords(sentences: pd.DataFrame) -> pd.DataFrame | None:
    """Stored 2-D map coordinates (x, y) indexed like ``sentences``, or None when the store has none."""
    if not {"map_x", "map_y"} <= set(sentences.columns):
        return None
    return sentences[["map_x", "map_y"]].rename(columns={"map_x": "x", "map_y": "y"})
