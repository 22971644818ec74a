"""Entity, mention and co-mention tables: per-article entities gathered in parts that chunks of articles
produce apart (in processes) and join in article order, with byline media as mentions at ``BYLINE_IDX``."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analytics.article_names import _Cluster, _article_rows, _entity_key, _names_cached, _version
from analytics.clean import to_simplified
from analytics.entity_dict import _CJK, fold, load_dictionary
from analytics.outlets import UNKNOWN_OUTLET, _own_outlet_keys

ENTITY_COLUMNS = ["entity_id", "name", "name_en", "type", "aliases", "n_mentions", "n_articles"]
MENTION_COLUMNS = ["entity_id", "article_id", "sentence_idx", "start", "end", "surface"]
CO_MENTION_COLUMNS = ["entity_a", "entity_b", "n_sentences", "n_articles"]

def extract_entities(sentences: pd.DataFrame, stated: Mapping[str, Sequence[str]] | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Named entities on ``text_hans`` by the general method plus the dictionary: (entities, mentions).
    ``stated`` (article_id -> ``stated_media`` names) adds the outlet and platform of each byline."""
    return entities_from_parts([entity_parts(sentences, stated)])


EntityParts = tuple[list[tuple] | pd.DataFrame, dict[str, dict]]  # mention rows (MENTION_COLUMNS), names and types
BYLINE_IDX = -1  # sentence_idx of a mention on the byline/source line, which cleaning keeps out of the body
_SECTION = re.compile(r"(?:频道|頻道|栏目|欄目|专栏|專欄|专题|專題|版)$")


def stated_media(article: Mapping[str, str]) -> tuple[str, ...]:
    """Media an article names on its byline, source line or platform footer (宁波日报; 羊城晚报·羊城派;
    网易号“数码前线”): the publishing outlet and platform are media the article names, though cleaning
    keeps those lines out of its sentences. Sections (人民网-汽车频道) are not outlets."""
    names: list[str] = []
    raw = str(article.get("source_line") or "")
    for piece in re.split(r"[-—–·・|/\s“”「」\"'()（）]+", raw):
        if len(piece) >= 2 and _CJK.search(piece) and not _SECTION.search(piece) \
                and not re.search(r"记者|記者|编辑|編輯|通讯员|\d", piece):
            names.append(piece)
    for key in ("outlet", "platform"):
        value = str(article.get(key) or "").strip()
        if value and value != UNKNOWN_OUTLET and len(value) >= 2:
            names.append(value)
    return tuple(dict.fromkeys(names))


def _byline_entities(aid: str, names: Sequence[str], clusters: list[_Cluster], rows: list[tuple],
                     info: dict[str, dict]) -> None:
    """Mention rows (sentence ``BYLINE_IDX``) for the media an article states on its byline: the body's own
    entity of that name when there is one, else a media entity (the dictionary's when it lists the name)."""
    d = load_dictionary()
    done: set[str] = set()
    seen: list[tuple[set[str], str, str, str]] = []
    for name in names:
        keys = _own_outlet_keys(name)
        c = next((c for c in clusters if c.type != "_merged" and c.mentions
                  and any(fold(n) in keys for n in c.names)), None)
        same = next((x for x in seen if x[0] & keys), None)  # 央视新闻客户端 and 央视新闻: one outlet
        if same is not None:
            key, eid, kind = same[1], same[2], same[3]
            info[key]["names"].extend(n for n in (name, to_simplified(name)) if n not in info[key]["names"])
            continue
        if c is not None:
            key, eid, kind = _entity_key(c), c.eid, c.type
        else:
            eid = d.lookup(to_simplified(name)) or ""
            eid = eid if eid and d.entries[eid].type == "media" else ""
            key, kind = eid or fold(name), "media"
        seen.append((keys, key, eid, kind))
        if key in done:
            continue
        done.add(key)
        st = info.setdefault(key, {"names": [], "types": [], "english": "", "eid": eid})
        st["types"].append(kind)
        for n in (name, to_simplified(name)):
            if n not in st["names"]:
                st["names"].append(n)
        rows.append((key, aid, BYLINE_IDX, 0, len(name), name))


def entity_parts(sentences: pd.DataFrame, stated: Mapping[str, Sequence[str]] | None = None) -> EntityParts:
    """Mention rows and per-entity names and types of some articles: what ``extract_entities`` gathers,
    in a form that chunks of articles produce apart (in processes) and ``entities_from_parts`` joins.
    ``stated`` (article_id -> ``stated_media``) adds byline media as mentions at ``BYLINE_IDX``."""
    rows: list[tuple] = []  # MENTION_COLUMNS; tuples, as a 10,000-article build holds ~600,000
    info: dict[str, dict] = {}
    stated = stated or {}
    if sentences is None or sentences.empty or "text_hans" not in sentences:
        return rows, info
    version = _version()
    frame = sentences.sort_values(["article_id", "sentence_idx"], kind="stable")
    for aid, group in frame.groupby("article_id", sort=False):
        art = _names_cached(_article_rows(group), version)
        for c in art.clusters:
            if c.type == "_merged" or not c.mentions:
                continue
            key = _entity_key(c)
            st = info.setdefault(key, {"names": [], "types": [], "english": "", "eid": c.eid})
            st["types"].append(c.type)
            st["english"] = st["english"] or c.english
            for n in c.originals + c.names:
                if n not in st["names"]:
                    st["names"].append(n)
            for idx, s, e, surface in c.mentions:
                rows.append((key, aid, idx, s, e, surface))
        if stated.get(aid):
            _byline_entities(str(aid), stated[aid], art.clusters, rows, info)
    return rows, info


def mention_frame(rows: list[tuple] | pd.DataFrame) -> pd.DataFrame:
    """Mention rows as a table: columnar strings take 50 MB where the 626,000 tuples of a 10,000-article build
    took 162 MB."""
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=MENTION_COLUMNS)


def entities_from_parts(parts: Iterable[EntityParts]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entities, mentions) from the ``entity_parts`` of consecutive article chunks, in article order:
    the same tables one pass over all the articles gives."""
    frames: list[pd.DataFrame] = []
    info: dict[str, dict] = {}
    for part_rows, part_info in parts:
        if len(part_rows):
            frames.append(mention_frame(part_rows))
        for key, st in part_info.items():
            have = info.setdefault(key, {"names": [], "types": [], "english": "", "eid": st["eid"]})
            have["types"].extend(st["types"])
            have["english"] = have["english"] or st["english"]
            for n in st["names"]:
                if n not in have["names"]:
                    have["names"].append(n)
    mentions = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=MENTION_COLUMNS)
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS), mentions
    mentions = mentions.sort_values(["article_id", "sentence_idx", "start"], kind="stable", ignore_index=True)
    counts = mentions.groupby("entity_id").agg(n_mentions=("article_id", "size"),
                                               n_articles=("article_id", "nunique"))
    d = load_dictionary()
    ents = []
    for key, r in counts.iterrows():
        st = info[key]
        e = d.entries.get(st["eid"]) if st["eid"] else None
        names = list(e.aliases) if e else []
        names += [n for n in st["names"] if n not in names]
        ents.append({"entity_id": key, "name": e.name if e else st["names"][0],
                     "name_en": e.name_en if e else st["english"],
                     "type": e.type if e else max(sorted(set(st["types"])), key=st["types"].count),
                     "aliases": "|".join(names), "n_mentions": int(r.n_mentions), "n_articles": int(r.n_articles)})
    entities = pd.DataFrame(ents, columns=ENTITY_COLUMNS).sort_values(
        ["n_mentions", "entity_id"], ascending=[False, True], ignore_index=True)
    return entities, mentions


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities named in the same sentence: how many sentences and articles."""
    if mentions.empty:
        return pd.DataFrame(columns=CO_MENTION_COLUMNS)
    per = mentions.groupby(["article_id", "sentence_idx"])["entity_id"].agg(lambda s: sorted(set(s)))
    pairs: dict[tuple[str, str], tuple[int, set]] = {}
    for (aid, _), ids in per.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                n, arts = pairs.get((a, b), (0, set()))
                arts.add(aid)
                pairs[(a, b)] = (n + 1, arts)
    rows = [{"entity_a": a, "entity_b": b, "n_sentences": n, "n_articles": len(arts)}
            for (a, b), (n, arts) in pairs.items()]
    out = pd.DataFrame(rows, columns=CO_MENTION_COLUMNS)
    return out.sort_values(["n_sentences", "entity_a", "entity_b"], ascending=[False, True, True],
                           ignore_index=True)
