"""Publishing outlets: an outlet value named as the dictionary names it, unknown outlets kept apart per
article, and the folded names of an article's own outlet (kept out of its sources). Apart so filters,
claims and charts label outlets without the recogniser."""
from __future__ import annotations

import re

from analytics.clean import to_simplified
from analytics.entity_dict import _CJK, find_mentions, fold, load_dictionary

_PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")

UNKNOWN_OUTLET = "unknown"


def outlet_label(outlet: str | None, article_id: str) -> str:
    """An article's outlet for per-outlet series; articles of unknown outlet stay apart, named by id."""
    if isinstance(outlet, str) and outlet and outlet != UNKNOWN_OUTLET:
        return outlet
    return f"{UNKNOWN_OUTLET} ({article_id})"


def normalise_outlet(raw: str | None) -> tuple[str, str]:
    """(Simplified outlet name, English name) for a byline/source/manifest outlet value.

    An outlet's own full name (人民网, 中新网, 财新网: a dictionary alias of 3+ characters, or an unlisted
    outlet-like name) is kept as stated; short forms, Latin names and longer strings map to the dictionary name.
    """
    if raw is None or not str(raw).strip():
        return (UNKNOWN_OUTLET, UNKNOWN_OUTLET)
    text = _PINYIN.sub("", str(raw)).strip().strip("【】[]《》<> ")
    hans = to_simplified(text)
    d = load_dictionary()
    eid = d.lookup(hans)
    own_name = _CJK.search(hans) and len(hans) >= 3 and not re.search(r"\s|记者|编辑|报道$", hans)
    if eid is not None and own_name and d.entries[eid].type == "media":
        return (hans, d.entries[eid].name_en)
    if eid is None and own_name and len(hans) <= 12 and re.search(r"[报社网台闻刊志端云号]$", hans):
        hits = [eid for eid, _, _ in find_mentions(hans) if d.entries[eid].type == "media"]
        return (hans, d.entries[hits[0]].name_en if len(hits) == 1 else hans)
    if eid is None:
        hits = [(end - start, eid) for eid, start, end in find_mentions(hans)
                if d.entries[eid].type == "media"]
        eid = max(hits)[1] if hits else None
    if eid is None:
        return (hans, text if not _CJK.search(text) else hans)
    e = d.entries[eid]
    return (e.name, e.name_en)
def _own_outlet_keys(outlet: str | None) -> set[str]:
    """Folded names of an article's own outlet (canonical, English and dictionary aliases)."""
    if not isinstance(outlet, str) or not outlet.strip() or outlet == UNKNOWN_OUTLET:
        return set()
    name, name_en = normalise_outlet(outlet)
    keys = {fold(outlet), fold(name), fold(name_en)}
    d = load_dictionary()
    eid = d.lookup(name)
    if eid:
        keys |= {fold(a) for a in d.entries[eid].aliases}
    return keys - {fold(UNKNOWN_OUTLET), ""}
