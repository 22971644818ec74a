"""Names within one article: recognised spans unified into entities (parenthesised aliases, short forms
such as 穆尼奥斯 for 卡洛斯·穆尼奥斯, tails of longer organisation names) and located in every sentence.
Cached per article, since citations and entity tables ask for the same articles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analytics import entities_org, packs
from analytics.entity_dict import _CJK, _alias_regex, fold, load_dictionary, _norm
from analytics.entity_recognition import _ALIAS_INTRO, _PAREN_ALIAS, Span, recognise

_COMPANY_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司)$")
_PLACE_TAIL = re.compile(r"(?<=..)(?:省|市|县|区)$")


@dataclass
class _Cluster:
    """One entity of an article: its names (Simplified, first written first) and mentions."""

    type: str
    eid: str
    names: list[str]
    originals: list[str] = field(default_factory=list)
    english: str = ""
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)


@dataclass
class _ArticleNames:
    clusters: list[_Cluster]
    spans: dict[int, list[tuple[Span, int]]]  # sentence_idx -> (span, cluster index)


def _short_forms(name: str, kind: str) -> list[str]:
    """Short forms an article may use for a full name: 穆尼奥斯 for 卡洛斯·穆尼奥斯, 乡宁 for 乡宁县."""
    out = []
    if kind == "person" and "·" in name:
        out.append(name.rsplit("·", 1)[1])
    elif kind in {"org", "media"}:
        core = _COMPANY_TAIL.sub("", name)
        if core != name and len(core) >= 2:
            out.append(core)
            out.append(core[:2])
            for word in ("科技", "资本", "集团", "控股", "半导体", "电子", "数据", "医药", "地产"):
                if core.endswith(word) and len(core) > len(word) + 2:
                    out.append(core[:2] + word)
    elif kind == "place":
        short = _PLACE_TAIL.sub("", name)
        if short != name and len(short) >= 2:
            out.append(short)
    return [s for s in out if len(s) >= 2 and s != name]


def _literal(alias: str, text: str) -> list[tuple[int, int]]:
    rx = _alias_regex(alias, bool(_CJK.search(alias)))
    return [(m.start(), m.end()) for m in re.finditer(rx, text)]


def _article_names(rows: list[tuple[int, str, str]]) -> _ArticleNames:
    """Recognise, unify (aliases, short forms, scripts) and locate every name of one article."""
    d = load_dictionary()
    per: dict[int, list[Span]] = {}
    alias_of: dict[str, str] = {}
    for idx, hans, _ in rows:
        spans = recognise(hans)
        drop: set[Span] = set()
        extra: list[Span] = []
        for sp in spans:
            if sp in drop:
                continue
            m = _PAREN_ALIAS.match(hans, sp.end) or _ALIAS_INTRO.match(hans, sp.end)
            if not m:
                continue
            alias = m.group(1).strip()
            if alias and fold(alias) != fold(hans[sp.start:sp.end]):
                alias_of[fold(alias)] = fold(hans[sp.start:sp.end])
                drop.update(o for o in spans if m.start(1) <= o.start and o.end <= m.end(1) + 1)
                start = m.start(1) + hans[m.start(1):].index(alias)
                extra.append(Span(start, start + len(alias), sp.type, sp.eid, "alias"))
        inside = [(m.start(), m.end()) for m in re.finditer(r"[（(][^（）()]*[）)]", hans)]
        kept = []
        for sp in spans:
            if sp in drop:
                continue
            if sp.rule == "latin" and any(a < sp.start and sp.end < b for a, b in inside):
                continue
            kept.append(sp)
        per[idx] = sorted(kept + extra, key=lambda sp: sp.start)
    clusters: list[_Cluster] = []
    index: dict[str, int] = {}

    def cluster_for(key: str, sp: Span, name: str) -> int:
        target = alias_of.get(key, key)
        ci = index.get(sp.eid) if sp.eid else None
        if ci is None:
            ci = index.get(target)
        if ci is None:
            ci = len(clusters)
            clusters.append(_Cluster(sp.type, sp.eid, [name]))
        index[key] = index[target] = ci
        if sp.eid:
            index[sp.eid] = ci
        c = clusters[ci]
        if name not in c.names:
            c.names.append(name)
        return ci

    located: dict[int, list[tuple[Span, int]]] = {}
    for idx, hans, orig in rows:
        for sp in per[idx]:
            name = hans[sp.start:sp.end]
            ci = cluster_for(fold(name), sp, name)
            located.setdefault(idx, []).append((sp, ci))
    # short forms and parenthesised aliases name the same entity
    whole = "\n".join(h for _, h, _ in rows)
    for ci, c in enumerate(clusters):
        for full in list(c.names):
            for short in _short_forms(full, c.type):
                other = index.get(fold(short))
                if other is not None and other != ci and clusters[other].type in {c.type, "org", "media", "place"} \
                        and not clusters[other].eid:
                    _merge(clusters, index, located, ci, other)
                elif other is None and short in whole.replace(full, ""):
                    c.names.append(short)
                    index[fold(short)] = ci
    _merge_tails(clusters, index, located)
    for alias, target in alias_of.items():
        ci = index.get(target)
        if ci is not None and alias not in index:
            index[alias] = ci
            clusters[ci].names.append(alias)
            if not _CJK.search(alias):
                clusters[ci].english = clusters[ci].english or alias
    # mentions of extra names not recognised as spans (穆尼奥斯 after 卡洛斯·穆尼奥斯)
    for idx, hans, orig in rows:
        lowered = hans.lower()
        taken = [(sp.start, sp.end) for sp, _ in located.get(idx, [])]
        for ci, c in enumerate(clusters):
            if not c.names or clusters[ci].type == "_merged":
                continue
            for alias in c.names[1:]:
                if " " not in alias and _norm(alias).lower() not in lowered:
                    continue  # cheap test first: most names are absent from most sentences
                for s, e in _literal(alias, hans):
                    inner = [(a, b) for a, b in taken if s <= a and b <= e and (a, b) != (s, e)]
                    if all(e <= a or b <= s for a, b in taken if (a, b) not in inner):
                        taken = [t for t in taken if t not in inner] + [(s, e)]
                        located[idx] = [(sp, k) for sp, k in located.get(idx, [])
                                        if (sp.start, sp.end) not in inner]
                        located[idx].append((Span(s, e, c.type, c.eid, "alias"), ci))
    for idx, hans, orig in rows:
        same = len(orig) == len(hans)
        for sp, ci in sorted(located.get(idx, []), key=lambda t: t[0].start):
            c = clusters[ci]
            surface = orig[sp.start:sp.end] if same else hans[sp.start:sp.end]
            c.mentions.append((idx, sp.start, sp.end, surface))
            if surface not in c.originals:
                c.originals.append(surface)
    for c in clusters:
        if c.eid and c.eid in d.entries:
            c.english = d.entries[c.eid].name_en
    return _ArticleNames(clusters, located)


def _merge_tails(clusters, index, located) -> None:
    """An organisation named by the tail of a longer name in the article is that body (卫生局 after
    高雄市政府卫生局, 海神队 after 中华职棒高雄海神队) when exactly one longer name ends with it."""
    owner_of = {n: ci for ci, c in enumerate(clusters) if c.type == "org" for n in c.names}
    for ci, c in enumerate(clusters):
        if c.type != "org" or c.eid or not c.names:
            continue
        owner = entities_org.tail_owner(c.names[0], [n for n, k in owner_of.items() if k != ci])
        if owner is not None and clusters[owner_of[owner]].type == "org":
            _merge(clusters, index, located, owner_of[owner], ci)
            owner_of.update({n: owner_of[owner] for n in clusters[owner_of[owner]].names})


def _merge(clusters, index, located, keep: int, gone: int) -> None:
    a, b = clusters[keep], clusters[gone]
    for n in b.names:
        if n not in a.names:
            a.names.append(n)
    for k, v in list(index.items()):
        if v == gone:
            index[k] = keep
    for idx, pairs in located.items():
        located[idx] = [(sp, keep if ci == gone else ci) for sp, ci in pairs]
    b.names = []
    b.type = "_merged"


def _entity_key(c: _Cluster) -> str:
    return c.eid or fold(max(c.names, key=len))


@lru_cache(maxsize=256)  # citations and entities of one chunk of articles ask for the same articles
def _names_cached(rows: tuple[tuple[int, str, str], ...], version: str) -> _ArticleNames:
    return _article_names(list(rows))


def _article_rows(group: pd.DataFrame) -> tuple[tuple[int, str, str], ...]:
    text = group["text"] if "text" in group else group["text_hans"]
    return tuple((int(i), _norm(str(h)), _norm(str(t))) for i, h, t in zip(group["sentence_idx"], group["text_hans"], text))


def _version() -> str:
    return load_dictionary().version + "/" + ",".join(packs.active())
