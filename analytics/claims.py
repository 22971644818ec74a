"""Claims: the same fact quoted by several articles, reconciled with the spread between outlets.

Figures join a claim only when subject and measure agree (after Traditional->Simplified conversion and
the active domain packs' aliases), kind and unit are comparable, the values are of one size and the
articles' dates agree (WINDOW_DAYS; a day's market move on one day): a wrong claim is worse than a missing one. Currencies are compared through fixed rates (RATES_TO_USD) used ONLY
for this comparison; stored values stay as quoted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics import packs
from analytics.clean import to_simplified
from analytics.voices import outlet_label

# Fixed conversion rates, US dollars per unit, for comparing amounts only (never stored as values).
# CNY at 7.2 per USD: a round figure between the PBOC central parity (about 7.17-7.19) and the
# onshore spot rate (about 7.24-7.33) in January 2025, when the seed coverage was written.
USD_CNY = 7.2
RATES_TO_USD = {
    "USD": 1.0, "CNY": 1 / USD_CNY, "HKD": 1 / 7.8, "TWD": 1 / 32.5, "EUR": 1.04, "GBP": 1.24,
    "JPY": 1 / 155.0, "CHF": 1.1, "KRW": 1 / 1450.0, "AUD": 0.63, "CAD": 0.7, "SGD": 0.74,
}
# An approximate figure (约, 近, 左右) is read as the stated value give or take this share.
APPROX_TOLERANCE = 0.05

# Figures of one claim differ at most by this factor (600万 vs 300万 may disagree; 60 vs 6000 are two facts).
MAX_RATIO = 2.0
# Articles of one claim are published at most this many days apart (coverage of one event); a day's market
# move (an index's or a share's rise or fall, a closing price, a turnover) is one fact only on one trading
# day: its figures must be dated the same day (the date stated in the sentence, else the publication date).
WINDOW_DAYS = 7
_DAILY = re.compile(r"指数|股价|股票|收盘|开盘|盘中|报收|成交额|成交量|汇率|[涨跌]幅|[涨跌]停")
_STATED_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
_RELATIVE_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
POINT_QUALIFIERS = ("", "approx")
LEXICON = json.loads((Path(__file__).parent / "data" / "figures_lexicon.json").read_text(encoding="utf-8"))
_GENERIC = set(LEXICON["generic_subjects"])
_DEFAULT_MEASURES = set(LEXICON["default_measures"].values()) | {"数量"}
_ANAPHORA = tuple(LEXICON["anaphora_prefixes"])
_SPACE = re.compile(r"\s+")
_JOINERS = re.compile(r"(?:和|与|及|、|以及|/)")

CLAIM_COLUMNS = [
    "claim_id", "label", "n_articles", "n_figures", "unit", "min_value", "max_value", "spread", "disagree",
    "outlets", "kind", "subject", "article_ids", "consensus_low", "consensus_high", "values", "measure",
]


@lru_cache(maxsize=8)
def _pack_words(names: tuple[str, ...]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Subject aliases (longest first) and measure synonyms of the active packs' figures.json files."""
    aliases: dict[str, str] = {}
    measures: dict[str, str] = {}
    for name in names:
        path = packs.pack_dir(name) / "figures.json"
        if not path.is_file():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        for canon, words in doc.get("subjects", {}).items():
            for w in [canon, *words]:
                aliases[_plain(w).lower()] = canon
        for canon, words in doc.get("measures", {}).items():
            for w in [canon, *words]:
                measures[_plain(w)] = canon
    return sorted(aliases.items(), key=lambda kv: -len(kv[0])), measures


def _plain(text: str) -> str:
    return _SPACE.sub("", to_simplified(str(text or "")))


def _replace_alias(text: str, alias: str, canon: str) -> str:
    """Replace whole-token occurrences of alias: an ASCII alias (R1) never matches inside R10 or GR1."""
    pattern = rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])" if alias.isascii() else re.escape(alias)
    return re.sub(pattern, lambda _: canon, text, flags=re.IGNORECASE)


def canonical_subject(subject: str) -> str:
    """The subject as claims compare it: Simplified, no spaces, pack aliases unified; '' if unspecific."""
    text = _plain(subject)
    if len(text) < 2 or text in _GENERIC or text.startswith(_ANAPHORA):
        return ""
    aliases, _ = _pack_words(packs.active())
    for alias, canon in aliases:
        if alias and alias in text.lower():
            text = _replace_alias(text, alias, "\x00" + canon + "\x01")
    parts = [p for p in _JOINERS.split(text) if p]
    if len(parts) > 1 and len(set(parts)) == 1:
        text = parts[0]
    return text.replace("\x00", "").replace("\x01", "")


def canonical_measure(measure: str) -> str:
    """The measure as claims compare it: Simplified, general and pack synonyms unified; '' for a mere
    default (金额, 时长), which says nothing about what was measured."""
    text = _plain(measure)
    if text in _DEFAULT_MEASURES:
        return ""
    _, synonyms = _pack_words(packs.active())
    text = synonyms.get(text, text)
    return LEXICON["measure_synonyms"].get(text, text)


def rounding_half_step(value: float) -> float:
    """Half the place value of the last significant digit: 600万 -> 50万, 16.86 -> 0.005."""
    v = abs(value)
    if v == 0:
        return 0.0
    p = math.floor(math.log10(v))
    for _ in range(18):
        step = 10.0 ** p
        if abs(round(v / step) * step - v) <= v * 1e-9:
            return step / 2
        p -= 1
    return 0.0


def interval(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The range of true values a quoted figure allows, given rounding and its qualifier."""
    hi_v = value if value_max is None or value_max != value_max else value_max
    lo = value - rounding_half_step(value)
    hi = hi_v + rounding_half_step(hi_v)
    if qualifier == "approx":
        lo, hi = lo - abs(value) * APPROX_TOLERANCE, hi + abs(hi_v) * APPROX_TOLERANCE
    elif qualifier in ("over", "at_least"):
        hi = math.inf
    elif qualifier in ("under", "at_most"):
        lo = -math.inf if value < 0 else 0.0
    return lo, hi


def _family(kind: str, unit: str) -> str:
    return "money" if kind == "money" and unit in RATES_TO_USD else f"{kind}:{unit}"


def _rate(unit: str, target: str) -> float:
    if unit in RATES_TO_USD and target in RATES_TO_USD:
        return RATES_TO_USD[unit] / RATES_TO_USD[target]
    return 1.0


def _claim_id(subject: str, family: str) -> str:
    return "C" + hashlib.sha1(f"{subject}|{family}".encode("utf-8")).hexdigest()[:8]


def _join(subject: str, measure: str) -> str:
    if subject and measure and subject[-1].isascii() and subject[-1].isalnum() and measure[0].isascii():
        return f"{subject} {measure}"
    return subject + measure


def _top(values: list) -> object:
    """The most frequent value, the first seen on a tie, missing values ignored (as ``value_counts().index[0]``)."""
    counts = Counter(v for v in values if v is not None and v == v)
    return max(counts, key=counts.__getitem__)


def _one_size(rows: _Rows, pos: list[int], family: str, min_articles: int) -> list[int]:
    """The largest run of figures whose values lie within MAX_RATIO of each other, as positions in ``pos``'s
    order (empty if too few articles)."""
    unit = _top([rows.unit[i] for i in pos])
    vals = [abs(rows.value[i]) * (_rate(rows.unit[i], unit) if family == "money" else 1.0) for i in pos]
    order = sorted(range(len(pos)), key=lambda i: vals[i])
    aids = [rows.aid[i] for i in pos]
    best: list[int] = []
    best_articles = (0, 0)
    lo = 0
    in_window: Counter = Counter()
    for hi in range(len(order)):
        in_window[aids[order[hi]]] += 1
        while vals[order[hi]] > MAX_RATIO * vals[order[lo]]:
            gone = aids[order[lo]]
            in_window[gone] -= 1
            if not in_window[gone]:
                del in_window[gone]
            lo += 1
        n_articles = (len(in_window), hi + 1 - lo)
        if n_articles > best_articles:
            best, best_articles = order[lo:hi + 1], n_articles
    chosen = [pos[i] for i in sorted(best)]
    return chosen if len({rows.aid[i] for i in chosen}) >= min_articles else []


def _as_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if isinstance(value, str) and value else None
    except ValueError:
        return None


def event_days(sentence: str, start: int, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The days a figure can be about, as (first, last): the last date stated before it in its sentence
    (11月6日; the year from the text or the publication), a day relative to the publication (今天, 昨日),
    else the publication day or the day before (a morning paper reports yesterday's close; 当天 names a day
    up to three days before); None when the article's date is unknown."""
    text = str(sentence or "")
    stated = [m for m in _STATED_DAY.finditer(text) if m.start() < start] or list(_STATED_DAY.finditer(text))[:1]
    if stated:
        m = stated[-1]
        year = int(m.group(1)) if m.group(1) else published.year if published else None
        if year is not None:
            month, day = int(m.group(2)), int(m.group(3))
            if not m.group(1) and published and month > published.month + 1:
                year -= 1
            try:
                return dt.date(year, month, day), dt.date(year, month, day)
            except ValueError:
                pass
    if published is None:
        return None
    at, off = max((text.rfind(w, 0, start), off) for w, off in _RELATIVE_DAY.items())
    if at >= 0:
        return published + dt.timedelta(days=off), published + dt.timedelta(days=off)
    back = 3 if re.search(r"当天|当日", text[:start]) else 1
    return published - dt.timedelta(days=back), published


def _same_time(rows: _Rows, pos: list[int], daily: bool) -> list[int]:
    """The figures (positions in ``pos``'s order) of the most articles whose dates agree: published within
    WINDOW_DAYS of each other, or for a day's market move about one common day; figures of unknown date join
    any run."""
    if daily:
        spans = [rows.days[i] for i in pos]
    else:
        spans = [(d, d + dt.timedelta(days=WINDOW_DAYS)) if d is not None else None
                 for d in (rows.published[i] for i in pos)]
    anchors = sorted({s[1] for s in spans if s is not None})
    if not anchors:
        return pos
    best_day, best_n = anchors[0], -1
    active: Counter = Counter(rows.aid[i] for i, s in zip(pos, spans) if s is None)
    opening = sorted(((s[0], rows.aid[i]) for i, s in zip(pos, spans) if s is not None), key=lambda e: e[0])
    closing = sorted(((s[1], rows.aid[i]) for i, s in zip(pos, spans) if s is not None), key=lambda e: e[0])
    o = c = 0
    for day in anchors:  # a sweep over the days: the articles with a figure whose span holds ``day``
        while o < len(opening) and opening[o][0] <= day:
            active[opening[o][1]] += 1
            o += 1
        while c < len(closing) and closing[c][0] < day:
            active[closing[c][1]] -= 1
            if not active[closing[c][1]]:
                del active[closing[c][1]]
            c += 1
        if len(active) > best_n:
            best_day, best_n = day, len(active)
    return [i for i, s in zip(pos, spans) if s is None or s[0] <= best_day <= s[1]]


def _consistent_within_articles(rows: _Rows, pos: list[int], family: str, unit: str) -> list[int]:
    """An article quoting two incompatible values under one label (盘中一度下跌7.8%，最终收跌5.1%) states two
    facts: keep only its figures (positions in ``pos``'s order) that agree with another article's figures."""
    aids = [rows.aid[i] for i in pos]
    if len(set(aids)) == len(aids):
        return pos
    spans = []
    for i in pos:
        rate = _rate(rows.unit[i], unit) if family == "money" else 1.0
        lo, hi = interval(rows.value[i], rows.value_max[i], rows.qualifier[i])
        spans.append((lo * rate, hi * rate))
    keep = [True] * len(aids)
    for aid in {a for a in aids if aids.count(a) > 1}:
        mine = [i for i, a in enumerate(aids) if a == aid]
        if all(spans[i][0] <= spans[j][1] and spans[j][0] <= spans[i][1] for i in mine for j in mine):
            continue
        agree = [i for i in mine if any(aids[j] != aid and spans[i][0] <= spans[j][1] and spans[j][0] <= spans[i][1]
                                        for j in range(len(aids)))]
        for i in mine:
            keep[i] = i in (agree or mine[:1])
    return [i for i, k in zip(pos, keep) if k]


def _map_unique(values: pd.Series, func) -> pd.Series:
    """``values.map(func)`` calling func once per distinct value (subjects repeat across thousands of figures)."""
    return values.map({v: func(v) for v in pd.unique(values)})


def _fmt(v: float) -> str:
    return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:.4g}"


def in_claim_unit(value: float, kind: str, unit: str, claim_unit: str) -> float:
    """A figure's value in its claim's unit (money converted at the fixed rates, others unchanged)."""
    if kind == "money" and unit in RATES_TO_USD and claim_unit in RATES_TO_USD:
        return value * RATES_TO_USD[unit] / RATES_TO_USD[claim_unit]
    return value


def build_claims(figures: pd.DataFrame, *, min_articles: int = 2,
                 published: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group figures stating the same fact across at least `min_articles` articles.

    A figure can join a claim when its subject names an entity (``subject_named``: not 学生, not 该公司)
    and it has a measure; the label is subject + measure, and the figures' values lie within MAX_RATIO.
    The articles' dates must agree (``published``: article_id -> ISO date, else a ``published`` column;
    unknown dates never block): published within WINDOW_DAYS, a day's market move on the same day; one
    label gives one claim per run of agreeing dates.
    Returns (figures with claim_id filled, claims). min/max/spread = (max - min) / max(|min|, |max|) are
    over point figures (exact or approximate; bounds such as 不到 join only when fewer than two points
    exist) in the claim's unit; disagree is True when no single true value fits every figure's rounding
    and qualifier range (APPROX_TOLERANCE, rounding_half_step).
    """
    figs = figures.copy()
    if "claim_id" not in figs:
        figs["claim_id"] = None
    figs["claim_id"] = figs["claim_id"].astype(object)
    rows = []
    if len(figs):
        measures = figs["measure"] if "measure" in figs else pd.Series("", index=figs.index)
        usable = figs.assign(_subject=_map_unique(figs["subject"].fillna(""), canonical_subject),
                             _measure=_map_unique(measures.fillna(""), canonical_measure))
        usable = usable.assign(_key=usable["_subject"].str.lower())
        named = figs["subject_named"].fillna(False).astype(bool) if "subject_named" in figs else True
        usable = usable[named & (usable["_subject"] != "") & (usable["_measure"] != "") & (usable["kind"] != "date")]
        units = {u: to_simplified(u) for u in set(map(str, usable["unit"]))}
        families = [_family(k, units[str(u)]) for k, u in zip(usable["kind"], usable["unit"])]
        usable = usable.assign(_family=families)
        keys = ["_key", "_measure", "_family"]
        if len(usable):
            usable = usable[usable.groupby(keys)["article_id"].transform("nunique") >= min_articles]
        assigned: dict = {}
        usable = _with_dates(usable, published)
        keep = [c for c in ("article_id", "value", "value_max", "unit", "qualifier", "kind", "outlet", "text",
                            "_subject", "_published", "_days", *keys) if c in usable]
        usable = usable[keep].astype({c: object for c in keep if c not in ("value", "value_max")})
        for (_, meas, family), whole in usable.groupby(keys, sort=True):
            subj = _top(whole["_subject"].tolist())
            for group in _runs(whole, family, subj + meas, min_articles):
                _claim_row(group, subj, meas, family, rows, assigned)
        if assigned:
            figs.loc[list(assigned), "claim_id"] = list(assigned.values())
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for col in ("min_value", "max_value", "spread", "consensus_low", "consensus_high"):
        claims[col] = claims[col].astype(float)
    return figs, claims


def _with_dates(usable: pd.DataFrame, published: Mapping[str, str] | None) -> pd.DataFrame:
    """Each figure's publication day (``_published``) and the days it can be about (``_days``), None if unknown."""
    if published is not None:
        pub = [_as_date(published.get(a)) for a in usable["article_id"]]
    elif "published" in usable:
        pub = [_as_date(v) for v in usable["published"]]
    else:
        pub = [None] * len(usable)
    sentences = usable["sentence"] if "sentence" in usable else pd.Series("", index=usable.index)
    starts = usable["start"] if "start" in usable else pd.Series(0, index=usable.index)
    days = [event_days(t, int(a) if a == a else 0, p) for t, a, p in zip(sentences, starts, pub)]
    return usable.assign(_published=pub, _days=days)


@dataclass
class _Rows:
    """One label's figures as plain lists (the claim search loops over them many times; pandas per step cost
    most of a 10,000-article build's claims stage)."""

    aid: list
    value: list
    value_max: list  # None where there is no upper value
    unit: list
    qualifier: list
    published: list
    days: list

    @classmethod
    def of(cls, whole: pd.DataFrame) -> _Rows:
        vmax = whole["value_max"].tolist() if "value_max" in whole else [None] * len(whole)
        return cls(whole["article_id"].tolist(), whole["value"].tolist(),
                   [None if v is None or pd.isna(v) else v for v in vmax], whole["unit"].tolist(),
                   [q or "" for q in whole["qualifier"]] if "qualifier" in whole else [""] * len(whole),
                   whole["_published"].tolist(), whole["_days"].tolist())


def _runs(whole: pd.DataFrame, family: str, words: str, min_articles: int):
    """The claims of one label: runs of figures of one size whose dates agree, most articles first."""
    daily = bool(_DAILY.search(words))
    rows = _Rows.of(whole)
    rest = list(range(len(whole)))
    while len({rows.aid[i] for i in rest}) >= min_articles:
        run = _same_time(rows, rest, daily)
        chosen = _one_size(rows, run, family, min_articles)
        if chosen:
            chosen = _consistent_within_articles(rows, chosen, family, _top([rows.unit[i] for i in chosen]))
        if not chosen or len({rows.aid[i] for i in chosen}) < min_articles:
            if len(run) == len(rest):
                return
            gone = set(run)
            rest = [i for i in rest if i not in gone]
            continue
        yield whole.iloc[chosen]
        gone = set(chosen)
        rest = [i for i in rest if i not in gone]


def _claim_row(group: pd.DataFrame, subj: str, meas: str, family: str, rows: list, assigned: dict) -> None:
    """Append one claim's row and note its figures' claim id."""
    label = _join(subj, meas)
    of = _Rows.of(group)
    unit = _top(of.unit)
    lows, highs, points, bounds, values = [], [], [], [], []
    for value, vmax, u, qualifier, outlet, aid, text in zip(of.value, of.value_max, of.unit, of.qualifier,
                                                            group["outlet"], of.aid, group["text"]):
        rate = _rate(u, unit) if family == "money" else 1.0
        lo, hi = interval(value, vmax, qualifier)
        lows.append(lo * rate)
        highs.append(hi * rate)
        target = points if qualifier in POINT_QUALIFIERS else bounds
        target.append(value * rate)
        if vmax is not None:
            target.append(vmax * rate)
        values.append(f"{outlet_label(outlet, aid)}: {text}")
    low, high = max(lows), min(highs)
    points = points if len(points) >= 2 else points + bounds
    mn, mx = min(points), max(points)
    denom = max(abs(mn), abs(mx))
    dated = [d for d in group["_published"] if d is not None]
    claim_id = _claim_id(label + (f"|{min(dated).isoformat()}" if dated else ""), family)
    assigned.update(dict.fromkeys(group.index, claim_id))
    rows.append({
        "claim_id": claim_id, "label": label, "n_articles": int(group["article_id"].nunique()),
        "n_figures": int(len(group)), "unit": unit, "min_value": mn, "max_value": mx,
        "spread": (mx - mn) / denom if denom else 0.0, "disagree": bool(low > high * (1 + 1e-9)),
        "outlets": ", ".join(sorted({outlet_label(o, a) for o, a in zip(group["outlet"], group["article_id"])})),
        "kind": group["kind"].iloc[0], "subject": subj, "measure": meas,
        "article_ids": ", ".join(sorted(group["article_id"].unique())),
        "consensus_low": low if low <= high else None, "consensus_high": high if low <= high else None,
        "values": "; ".join(values),
    })
