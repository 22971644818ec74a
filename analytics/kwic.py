"""Keyword in context: every occurrence of a term, entity or Boolean query with the words either side.

One row per occurrence (left context, keyword, right context, outlet, date, tone) in sentences that
match the whole query; context runs into the neighbouring sentences of the same article.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from analytics import query as query_mod

COLUMNS = ["article_id", "sentence_idx", "left", "keyword", "right", "outlet", "published", "tone",
           "tone_label", "headline"]
SORTS = ("left", "keyword", "right", "outlet", "published", "tone", "position")


def _article_texts(sentences: pd.DataFrame) -> dict[str, list[tuple[int, str]]]:
    ordered = sentences.sort_values(["article_id", "sentence_idx"])
    return {aid: list(zip(g["sentence_idx"].astype(int), g["text"].fillna("").astype(str)))
            for aid, g in ordered.groupby("article_id", sort=False)}


def concordance(sentences: pd.DataFrame, articles: pd.DataFrame | None, q: str,
                aliases: Mapping[str, Iterable[str]] | None = None, width: int = 30,
                sort: str = "position", limit: int | None = None) -> pd.DataFrame:
    """The concordance of query q: one row per occurrence of its (non-negated) terms.

    `sort` is one of SORTS: `left` orders by the words just before the keyword (read right to left, as
    in Voyant and AntConc), `position` keeps reading order. Raises query.QueryError when q is malformed.
    """
    if not q.strip() or sentences is None or sentences.empty:
        return pd.DataFrame(columns=COLUMNS)
    compiled = query_mod.compile(q, aliases)
    hits = sentences[compiled.mask(sentences)]
    if hits.empty:
        return pd.DataFrame(columns=COLUMNS)
    texts = _article_texts(sentences[sentences["article_id"].isin(set(hits["article_id"]))])
    meta_cols = [c for c in ("article_id", "outlet", "published", "headline") if articles is not None and c in articles]
    meta = articles[meta_cols].set_index("article_id") if meta_cols else pd.DataFrame()
    rows = []
    for r in hits.itertuples(index=False):
        aid, idx, text = str(r.article_id), int(r.sentence_idx), str(r.text or "")
        doc = texts.get(aid, [])
        pos = next((i for i, (k, _) in enumerate(doc) if k == idx), None)
        before = "".join(t for _, t in doc[:pos][-3:]) if pos is not None else ""
        after = "".join(t for _, t in doc[pos + 1:pos + 4]) if pos is not None else ""
        m = meta.loc[aid] if aid in meta.index else {}
        for start, end in compiled.spans(text):
            rows.append({
                "article_id": aid, "sentence_idx": idx,
                "left": (before + text[:start])[-width:], "keyword": text[start:end],
                "right": (text[end:] + after)[:width],
                "outlet": m.get("outlet", "") if len(m) else "", "published": m.get("published", "") if len(m) else "",
                "tone": getattr(r, "tone", float("nan")), "tone_label": getattr(r, "tone_label", ""),
                "headline": m.get("headline", "") if len(m) else "", "_start": start,
            })
    out = pd.DataFrame(rows, columns=[*COLUMNS, "_start"])
    out = sort_rows(out, sort).drop(columns="_start").reset_index(drop=True)
    return out.head(limit) if limit else out


def sort_rows(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Concordance rows in the order `by` names (one of SORTS)."""
    if rows.empty:
        return rows
    position = ["article_id", "sentence_idx"] + (["_start"] if "_start" in rows else [])
    if by == "left":
        return rows.assign(_key=rows["left"].fillna("").str[::-1]).sort_values(["_key", *position]).drop(columns="_key")
    if by == "tone":
        return rows.sort_values(["tone", *position], na_position="last")
    if by in ("keyword", "right", "outlet", "published"):
        return rows.sort_values([by, *position], na_position="last")
    return rows.sort_values(position)
