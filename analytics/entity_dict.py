"""The curated entity dictionary (``data/entities.json`` plus the active domain packs), loaded once, and
leftmost-longest matching of its aliases in Simplified text. Apart from recognition: outlets, filters and
charts need the dictionary without the name rules."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics import packs
from analytics.clean import to_simplified

DATA = Path(__file__).parent / "data"
TYPES = ("person", "org", "media", "place", "product", "work", "other")
_NORM_TABLE = {
    **{o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F) if chr(o) not in "（），：；！？"},
    **{ord(c): "·" for c in "‧・•∙⋅･"}, 0x3000: " ", 0x00A0: " ", ord("衞"): "卫",
}
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _norm(text: str) -> str:
    """Same-length normalisation for matching: one middle dot, half-width ASCII, plain spaces."""
    return text.translate(_NORM_TABLE)


def _key(alias: str, case_sensitive: bool) -> str:
    key = re.sub(r"\s+", " ", _norm(alias).strip())
    return key if case_sensitive else key.lower()


def fold(name: str) -> str:
    """Matching key of a name: Simplified, normalised, case-folded, without spaces or title marks."""
    return re.sub(r"[\s《》]", "", _norm(to_simplified(str(name)))).casefold()


@dataclass(frozen=True)
class Entry:
    """One dictionary entity."""

    id: str
    name: str
    name_en: str
    type: str
    aliases: tuple[str, ...]
    source_type: str
    case_sensitive: bool


@dataclass
class Dictionary:
    """The loaded entity dictionary (general data plus active packs) with its alias index and matcher."""

    version: str
    entries: dict[str, Entry]
    stoplist: frozenset[str]
    places: frozenset[str] = frozenset()
    exact: dict[str, str] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern | None = None

    def lookup(self, surface: str) -> str | None:
        """Entity id for a matched or given surface form, or None."""
        k = re.sub(r"\s+", " ", _norm(surface).strip())
        return self.exact.get(k) or self.folded.get(k.lower())


def _source_type(entry_type: str, override: str | None) -> str:
    if override:
        return override
    return {"media": "media", "person": "person"}.get(entry_type, "organisation")


def _alias_regex(alias: str, case_sensitive: bool) -> str:
    """A short Latin alias (X5, V3) matches whole tokens only: never inside X50 or BMWX5."""
    body = r"\s*".join(re.escape(p) for p in _norm(alias).split(" ") if p) if " " in alias else re.escape(_norm(alias))
    if _ASCII_ALNUM.match(alias[0]):
        body = r"(?<![A-Za-z0-9])" + body
    if _ASCII_ALNUM.match(alias[-1]):
        body += r"(?![A-Za-z0-9])"
    if not case_sensitive and re.search(r"[A-Za-z]", alias):
        body = f"(?i:{body})"
    return body


@lru_cache(maxsize=32)
def _dictionary_files(pack_names: tuple[str, ...]) -> tuple[str, ...]:
    """The entity files of the general data and the packs (looked up once per set of packs: every
    recognised token asks for the dictionary)."""
    files = [packs.pack_dir(n) / "entities.json" for n in pack_names]
    files.append(DATA / "entities.json")
    return tuple(str(f) for f in files if f.exists())


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Dictionary:
    docs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    d = Dictionary("+".join(doc["version"] for doc in docs), {},
                   frozenset(w for doc in docs for w in doc.get("candidate_stoplist", [])),
                   frozenset(to_simplified(w) for doc in docs for w in doc.get("places", [])))
    alts: dict[str, str] = {}
    for raw in (e for doc in docs for e in doc["entities"]):
        if raw["type"] not in TYPES:
            raise ValueError(f"entity {raw['id']}: unknown type {raw['type']!r}")
        cs = bool(raw.get("case_sensitive", False))
        aliases = tuple(dict.fromkeys(raw.get("aliases", [])))
        e = Entry(raw["id"], raw["name"], raw["name_en"], raw["type"], aliases,
                  _source_type(raw["type"], raw.get("source_type")), cs)
        d.entries[e.id] = e
        for a in aliases:
            for form in dict.fromkeys([a, to_simplified(a)]):
                ascii_only = not _CJK.search(form)
                caps = ascii_only and len(form) <= 4 and form.isupper()
                sensitive = cs or caps or not ascii_only and not re.search(r"[A-Za-z]", form)
                d.exact.setdefault(_key(form, True), e.id)
                if not (cs or caps):
                    d.folded.setdefault(_key(form, False), e.id)
                alts.setdefault(_alias_regex(form, sensitive), form)
    ordered = sorted(alts, key=lambda rx: (-len(_norm(alts[rx])), rx))
    d.pattern = re.compile(_first_chars(alts.values()) + "(?:" + "|".join(ordered) + ")")
    return d


def _first_chars(forms: Iterable[str]) -> str:
    """A lookahead for the characters an alias can start with: positions where no alias can start are
    skipped at once instead of trying every alternative (five times faster; the same matches)."""
    heads = {_norm(f).lstrip(" ")[:1] for f in forms}
    if "" in heads:
        return ""
    return "(?=(?i:[" + "".join(sorted(re.escape(h) for h in heads)) + "]))"


def load_dictionary(path: str | None = None) -> Dictionary:
    """The dictionary in use: ``path`` alone, or the general data plus the active domain packs."""
    if path:
        return _load((str(path),))
    return _load(_dictionary_files(packs.active()))


def entity_dictionary() -> pd.DataFrame:
    """The whole curated dictionary as a frame (for the dashboard's filter lists and exports)."""
    d = load_dictionary()
    return pd.DataFrame([{"entity_id": e.id, "name": e.name, "name_en": e.name_en, "type": e.type,
                          "aliases": "|".join(e.aliases), "version": d.version} for e in d.entries.values()])


def find_mentions(text_hans: str) -> list[tuple[str, int, int]]:
    """(entity_id, start, end) of every dictionary mention in one Simplified text, leftmost-longest."""
    d = load_dictionary()
    norm = _norm(text_hans)
    out = []
    for m in d.pattern.finditer(norm):
        eid = d.lookup(m.group(0))
        if eid:
            out.append((eid, m.start(), m.end()))
    return out
