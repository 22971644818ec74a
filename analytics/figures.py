"""Quoted figures: every number the coverage quotes, normalised to base units and attributed.

extract_figures finds money, percentages, counts, quantities, multipliers, fractions and durations
in Traditional or Simplified text; figures_table runs it over the sentence table; build_claims
(analytics.claims) reconciles the same fact across outlets.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics.claims import build_claims
from analytics.clean import to_simplified
from analytics.numerals import NUMERAL_CHARS, Numeral, find_numbers, normalise

__all__ = ["extract_figures", "figures_table", "build_claims", "FIGURE_COLUMNS"]

LEXICON = json.loads((Path(__file__).parent / "data" / "figures_lexicon.json").read_text(encoding="utf-8"))

FIGURE_COLUMNS = [
    "figure_id", "article_id", "sentence_idx", "text", "kind", "value", "value_max", "unit", "qualifier",
    "subject", "cited_source", "claim_id", "outlet", "start", "end", "sentence", "change_from",
]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CURRENCIES: dict[str, str] = LEXICON["currencies"]
_SUBUNITS: dict[str, dict[str, float]] = LEXICON["currency_subunits"]
_DURATIONS: dict[str, str] = LEXICON["durations"]
_QUANTITIES = set(LEXICON["quantities"])
_CLASSIFIERS = set(LEXICON["classifiers"])
_QUAL_PRE: dict[str, str] = LEXICON["qualifier_prefixes"]
_QUAL_SUF: dict[str, str] = LEXICON["qualifier_suffixes"]
_PCT_PRE: dict[str, float] = LEXICON["percent_prefixes"]

_UNIT_RE = re.compile(
    r"(?P<pp>[个個]?\s*百\s*分\s*[点點])|(?P<pct>%)|(?P<times>倍)"
    + r"|(?P<money>" + _alternation(_CURRENCIES) + ")"
    + r"|(?P<dur>" + _alternation(_DURATIONS) + ")"
    + r"|(?P<qty>" + _alternation(_QUANTITIES) + ")"
    + r"|(?P<date>年代|月份|月|日|号)"
    + r"|(?P<cls>" + _alternation(_CLASSIFIERS) + ")"
)
_LETTER_UNIT = re.compile(r"(?:GPU小时|GPU时|GPU|tokens?|TB|GB|MB|nm)(?![A-Za-z0-9])")
_PCT_PREFIX_RE = re.compile(r"(负|負|-)?\s*(百\s*万\s*万|千\s*万|万\s*万|百\s*万|百|佰|千|仟|万)\s*分\s*之\s*$")
_MONEY_PREFIX_RE = re.compile("(" + _alternation(LEXICON["currency_prefixes"]) + r")\s*$")
_GENERIC_MONEY = ("元", "块钱")  # 元 after 新台币3000 or NT$3,000 is that currency's 元, not CNY
_EN_MAGNITUDE = re.compile(r"\s*(thousand|million|billion|trillion|bn|mn)(?![A-Za-z])", re.I)
_EN_FACTOR = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_UNIT_FOLLOWS = re.compile(r"\s*(?:[百千万亿]+\s*)?(?:%|倍|" + _alternation(_CURRENCIES) + ")")
_BARE_MAGNITUDE = re.compile(r"[近逾超过上约达到](千亿|百亿|万亿|千万|百万|亿|万|千|百)")
_MAGNITUDE = {"千亿": 1e11, "百亿": 1e10, "万亿": 1e12, "千万": 1e7, "百万": 1e6, "亿": 1e8, "万": 1e4, "千": 1e3,
              "百": 1e2}
_HALF = re.compile(r"(超过|将近|接近|不到|不足|多于|少于|大约|约|近|逾)一半")
_FAR_QUALIFIER = re.compile(r"(不到|不及|不足|少于|低于|超过|高于|逾|将近|接近|约|近)[^，。,；;！？!?]{0,24}的\s*$")
_CONNECTOR = re.compile(r"\s*(到|至|~|～|-|—|–)\s*")
_CHANGE_GAP = re.compile(
    r"^\s*(?:下降|下跌|上升|上涨|增加|增长|提高|提升|减少|降低|缩减|缩小|扩大|飙升|[降跌升涨增减])?(?:至|到)\s*$")
_ISO_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?")
_SPECIAL_PCT = re.compile(r"百分之百|(?<=打)对折|半成|半折")
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_SENT_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,：:（）()、]")
_CHENG_BAD = set("为為功本员員绩績果立长長熟交就都品型")
_ZHE_BAD = set("腾騰磨射叠疊算旧舊线線服")
_IDIOMS = ("一成不变", "一波三折", "七折八扣")
_SMALL_COUNT_MAX = 10  # Chinese-numeral counts below this (两家, 三大) are prose, not quoted figures.


def _hans(s: str) -> str:
    """Simplified copy of s with the same length (offsets shared); per character if OpenCC merges."""
    h = to_simplified(s)
    if len(h) == len(s):
        return h
    return "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in s)


def _in_product_name(s: str, h: str, n: Numeral) -> bool:
    """Digits that belong to a model or chip name: H800, GPT-4o, Qwen1.5-110B, Llama 3.1, 5G, 910C.

    A number after a spaced Latin word is a version (Llama 3.1) unless money or a percentage follows
    (每百万token 60美元).
    """
    a, b = n.start, n.end
    if not any(ch.isdigit() for ch in s[a:b]):
        return False
    i = a
    while i > 0 and s[i - 1].isascii() and (s[i - 1].isalnum() or s[i - 1] in "-_."):
        i -= 1
    if a >= 2 and i == a and s[a - 1] == " " and s[a - 2].isascii() and s[a - 2].isalpha():
        return not _UNIT_FOLLOWS.match(h, b)
    j = b
    if not _LETTER_UNIT.match(s, j):
        while j < len(s) and s[j].isascii() and (s[j].isalnum() or s[j] in "-_."):
            j += 1
    return any(ch.isascii() and ch.isalpha() for ch in s[i:j])


def _qualifier_before(h: str, a: int) -> tuple[str, int]:
    """Qualifier word ending at a (spaces allowed): (qualifier, start index) or ('', a)."""
    k = a
    while k > 0 and h[k - 1] == " ":
        k -= 1
    if k >= 1 and h[k - 1] == "上" and h[k:k + 1] in ("百", "千", "万", "亿"):
        return "over", k - 1
    for length in (2, 1):
        w = h[k - length:k] if k >= length else ""
        if w in _QUAL_PRE:
            if w == "近" and k >= 2 and h[k - 2] in "最附靠邻鄰":
                return "", a
            if w == "超" and k >= 2 and h[k - 2] in "高":
                return "", a
            return _QUAL_PRE[w], k - length
    return "", a


def _unit_after(h: str, s: str, n: Numeral) -> dict | None:
    """The unit that follows a numeral: kind, unit, value factor, end, inner qualifier."""
    p = n.end
    qual = ""
    if p < len(h) and h[p] in "多余":
        if p + 1 < len(h) and (_UNIT_RE.match(h, p + 1) or h[p + 1] in "成折"):
            qual = "over"
            p += 1
    q = p
    while q < len(h) and h[q] == " ":
        q += 1
    if q < len(h) and h[q] in "成折" and not n.fraction and not _in_idiom(h, n.start, q):
        return _tenths(h, n, q, qual)
    lm = _LETTER_UNIT.match(s, q)
    if lm:
        unit = lm.group()
        kind = "quantity" if unit.startswith("GPU") or unit in ("TB", "GB", "MB", "nm") else "count"
        return {"kind": kind, "unit": "GPU小时" if unit.startswith("GPU小时") or unit == "GPU时" else unit,
                "factor": 1.0, "end": lm.end(), "qual": qual}
    m = _UNIT_RE.match(h, q)
    if not m:
        return None
    g = m.lastgroup
    word = m.group()
    end = m.end()
    if g == "pp":
        return {"kind": "percent", "unit": "pp", "factor": 1.0, "end": end, "qual": qual}
    if g == "pct":
        return {"kind": "percent", "unit": "%", "factor": 1.0, "end": end, "qual": qual}
    if g == "times":
        return {"kind": "multiplier", "unit": "倍", "factor": 1.0, "end": end, "qual": qual}
    if g == "money":
        code = _CURRENCIES[word]
        if word == "元" and h.startswith("人民币", end):
            end += 3
        return {"kind": "money", "unit": code, "factor": 1.0, "end": end, "qual": qual,
                "generic": word in _GENERIC_MONEY}
    if g == "dur":
        unit = _DURATIONS[word]
        if word == "年":
            if _is_year(n):
                return {"kind": "date", "unit": "年", "factor": 1.0, "end": end, "qual": qual}
        return {"kind": "duration", "unit": unit, "factor": 1.0, "end": end, "qual": qual}
    if g == "date":
        if word == "年代":
            return {"kind": "date", "unit": "年代", "factor": 1.0, "end": end, "qual": qual}
        limit = 12 if word.startswith("月") else 31
        if n.value.is_integer() and 1 <= n.value <= limit and not n.vague:
            return {"kind": "date", "unit": word[0], "factor": 1.0, "end": end, "qual": qual}
        return None
    if word == "块":
        nxt = h[end] if end < len(h) else ""
        if nxt in ("钱", "") or not ("\u4e00" <= nxt <= "\u9fff" or nxt.isalnum()):
            return {"kind": "money", "unit": "CNY", "factor": 1.0, "end": end + (nxt == "钱"), "qual": qual}
    if g == "qty":
        return {"kind": "quantity", "unit": word, "factor": 1.0, "end": end, "qual": qual}
    return {"kind": "count", "unit": word, "factor": 1.0, "end": end, "qual": qual}


def _in_idiom(h: str, a: int, q: int) -> bool:
    """一成不变, 一波三折: 成/折 inside a set phrase."""
    return any(h.startswith(w, k) for w in _IDIOMS for k in range(max(0, a - 2), q + 1))


def _is_year(n: Numeral) -> bool:
    return n.value.is_integer() and 1000 <= n.value <= 2100 and not n.vague and (not n.chinese or n.digit_string)


def _tenths(h: str, n: Numeral, q: int, qual: str) -> dict | None:
    """七成 = 70%, 八五折 = 85%, 9.9折 = 99%, 三成半 = 35%."""
    ch = h[q]
    nxt = h[q + 1] if q + 1 < len(h) else ""
    v = n.value
    if ch == "成":
        if nxt in _CHENG_BAD or not 0 < v <= 10:
            return None
        value, end = v * 10, q + 1
        if nxt == "半":
            value, end = value + 5, end + 1
    else:
        if nxt in _ZHE_BAD or v <= 0 or v >= 100 or v == 10:
            return None
        value, end = (v * 10 if v < 10 else v), q + 1
    return {"kind": "percent", "unit": "%", "factor": value / v, "end": end, "qual": qual}


def _subunits(h: str, code: str, end: int) -> tuple[float, int]:
    """Amounts in smaller units after a currency (五元三毛, 两美元又三美分): (added value, new end)."""
    subs = _SUBUNITS.get(code)
    if not subs:
        return 0.0, end
    added = 0.0
    pos = end
    while True:
        p = pos + (1 if h.startswith("又", pos) else 0)
        nums = find_numbers(h[p:p + 8])
        if not nums or nums[0].start != 0:
            break
        k = p + nums[0].end
        unit = next((u for u in sorted(subs, key=len, reverse=True) if h.startswith(u, k)), None)
        if unit is None:
            break
        added += nums[0].value * subs[unit]
        pos = k + len(unit)
    return added, pos


def _suffix_qualifier(h: str, end: int) -> tuple[str, int]:
    for w in sorted(_QUAL_SUF, key=len, reverse=True):
        if h.startswith(w, end):
            return _QUAL_SUF[w], end + len(w)
    return "", end


def _excluded(h: str, s: str, n: Numeral) -> bool:
    a = n.start
    prev = h[a - 1] if a > 0 else ""
    if prev and (prev in "第每" or (prev == "其" and n.chinese)):
        return True
    if prev and prev in "周礼星期" and n.chinese and n.value < 8:
        return True
    return _in_product_name(s, h, n)


def _context(h: str, a: int, b: int, pattern: re.Pattern) -> tuple[int, int]:
    """Bounds of the sentence or clause around [a, b)."""
    lo = max((m.end() for m in pattern.finditer(h, max(0, a - 400), a)), default=max(0, a - 400))
    hit = pattern.search(h, b)
    return lo, hit.start() if hit else len(h)


@lru_cache(maxsize=1)
def _entity_re() -> tuple[re.Pattern, dict[str, str]]:
    alias = {a: name for name, aliases in LEXICON["entities"].items() for a in aliases}
    return re.compile(_alternation(alias)), alias


def _mentions(h: str, lo: int, hi: int) -> list[tuple[int, str]]:
    rx, alias = _entity_re()
    out = []
    for m in rx.finditer(h, lo, hi):
        before = h[m.start() - 1] if m.start() > 0 else ""
        after = h[m.end()] if m.end() < len(h) else ""
        word = m.group()
        if word.isascii() and ((before.isascii() and before.isalnum()) or (after.isascii() and after.isalpha())):
            continue
        out.append((m.start(), alias[word]))
    return out


def main_entity(text: str) -> str:
    """The entity a text mentions most (ties: first mentioned); '' when none."""
    h = _hans(normalise(text))
    counts: dict[str, int] = {}
    for _, name in _mentions(h, 0, len(h)):
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else ""


@lru_cache(maxsize=1)
def _measures() -> list[tuple[re.Pattern, dict]]:
    return [(re.compile(m["re"]), m) for m in LEXICON["measures"]]


def _measure(h: str, f: dict, clause: tuple[int, int], sent: tuple[int, int]) -> tuple[str, bool]:
    """What the figure measures: first rule matching in its clause, else the nearest in its sentence."""
    a, b = f["start"], f["end"]
    rules = [(rx, m) for rx, m in _measures() if f["kind"] in m["kinds"]]
    for rx, m in rules:
        lo = b if m.get("after") else clause[0]
        for hit in rx.finditer(h, lo, clause[1]):
            if hit.start() < f["_num_end"] and hit.end() > a:
                continue
            return _chip_label(h, m, b, clause[1]), m.get("default_entity", False)
    best = None
    for rx, m in rules:
        if m.get("after"):
            continue
        for hit in rx.finditer(h, sent[0], sent[1]):
            if hit.start() < f["_num_end"] and hit.end() > a:
                continue
            dist = a - hit.end() if hit.end() <= a else (hit.start() - b) * 2
            if best is None or dist < best[0]:
                best = (dist, m)
    if best:
        return best[1]["label"], best[1].get("default_entity", False)
    if f["kind"] == "count":
        noun = re.match(r"[\u4e00-\u9fff]{2,3}", h[b:clause[1]])
        word = noun.group() if noun and "的" not in noun.group() else ""
        return (word + "数量") if word else ("人数" if f["unit"] in ("人", "名", "位") else "数量"), False
    defaults = {"money": "金额", "percent": "比例", "multiplier": "倍数", "duration": "时长", "fraction": "比例",
                "quantity": f["unit"]}
    return defaults.get(f["kind"], ""), False


def _chip_label(h: str, m: dict, b: int, hi: int) -> str:
    if m["label"] != "芯片数量":
        return m["label"]
    seg = h[b:hi]
    chip = next((c for c in LEXICON["chip_models"] if c in seg), "")
    return f"{chip}芯片数量" if chip else m["label"]


def _entity(h: str, a: int, clause: tuple[int, int], sent: tuple[int, int]) -> str:
    """Whose figure: the first entity in the clause before it, else the nearest before it in the
    sentence, else the first after it in the clause."""
    before_clause = _mentions(h, clause[0], a)
    if before_clause:
        return before_clause[0][1]
    before_sent = _mentions(h, sent[0], a)
    if before_sent:
        return before_sent[-1][1]
    after = _mentions(h, a, clause[1])
    return after[0][1] if after else ""


def _join(entity: str, measure: str) -> str:
    if entity and measure and entity[-1].isascii() and entity[-1].isalnum() and measure[0].isascii():
        return f"{entity} {measure}"
    return entity + measure


def _subject(h: str, f: dict, context_entity: str) -> str:
    core_a = f["_num_start"]
    sent = _context(h, core_a, f["end"], _SENT_END)
    clause = _context(h, core_a, f["_num_end"], _CLAUSE_END)
    measure, wants_default = _measure(h, {**f, "start": core_a}, clause, sent)
    entity = _entity(h, core_a, clause, sent)
    if not entity and wants_default:
        entity = context_entity
    return _join(entity, measure)


def _make(text: str, h: str, s: str, n: Numeral, unit: dict, value_max: float | None = None,
          first: Numeral | None = None) -> dict | None:
    """Assemble one figure dict around numeral n (or the range first..n) and its unit."""
    lead = first or n
    a = lead.start
    kind = unit["kind"]
    value = lead.value * unit["factor"]
    vmax = value_max * unit["factor"] if value_max is not None else None
    end = unit["end"]
    if kind == "money":
        added, end = _subunits(h, unit["unit"], end)
        value += added
    pm = _PCT_PREFIX_RE.search(h, max(0, a - 10), a) if kind != "percent" or unit["unit"] != "pp" else None
    if pm and pm.end() == a and not lead.fraction:
        key = re.sub(r"\s", "", pm.group(2)).replace("佰", "百").replace("仟", "千")
        factor = _PCT_PRE[key + "分之"]
        value, kind, a = value * factor, "percent", pm.start()
        vmax = vmax * factor if vmax is not None else None
        if pm.group(1):
            value = -value
        unit = {**unit, "unit": "%"}
    mm = _MONEY_PREFIX_RE.search(s[max(0, a - 5):a]) or _MONEY_PREFIX_RE.search(h[max(0, a - 5):a])
    if mm:
        code = LEXICON["currency_prefixes"][mm.group(1)]
        glued = a - len(mm.group(0)) > 0 and (h[a - len(mm.group(0)) - 1].isdigit()
                                              or h[a - len(mm.group(0)) - 1] in NUMERAL_CHARS)
        if not glued and kind not in ("percent", "date", "duration", "multiplier"):
            if kind != "money":
                kind, unit, end = "money", {**unit, "unit": code}, lead.end
            elif unit.get("generic"):
                unit = {**unit, "unit": code}
            a = a - (len(mm.group(0)))
    qual, qstart = _qualifier_before(h, a)
    suffix_qual, end2 = _suffix_qualifier(h, end)
    if suffix_qual:
        end = end2
    qualifier = qual or unit.get("qual") or suffix_qual or ("over" if lead.vague or n.vague else "")
    start = qstart if qual else a
    if kind in ("count", "duration", "quantity", "multiplier") and lead.chinese and value_max is None:
        if lead.value == 1 and not lead.vague:
            return None
        if kind == "count" and lead.value < _SMALL_COUNT_MAX and not lead.vague:
            return None
    unit_name = unit["unit"]
    return {
        "text": text[start:end], "start": start, "end": end, "kind": kind, "value": float(value),
        "value_max": float(vmax) if vmax is not None else None, "unit": unit_name, "qualifier": qualifier,
        "subject": "", "change_from": None, "_num_start": lead.start, "_num_end": n.end,
    }


def _fraction(text: str, h: str, n: Numeral) -> dict:
    """十分之一, 1/50; a qualifier may sit earlier in the clause (不及同类模型成本的十分之一)."""
    qual, qstart = _qualifier_before(h, n.start)
    start = qstart if qual else n.start
    if not qual:
        lo = _context(h, n.start, n.end, _CLAUSE_END)[0]
        far = _FAR_QUALIFIER.search(h, lo, n.start)
        qual = _QUAL_PRE[far.group(1)] if far else ""
    return {"text": text[start:n.end], "start": start, "end": n.end, "kind": "fraction", "value": float(n.value),
            "value_max": None, "unit": "", "qualifier": qual or ("approx" if n.vague else ""), "subject": "",
            "change_from": None, "_num_start": n.start, "_num_end": n.end}


def _prefix_unit(h: str, s: str, n: Numeral) -> dict | None:
    """A unit written before the numeral: 百分之二十, $20, ¥300 (the figure ends with the numeral)."""
    if _PCT_PREFIX_RE.search(h, max(0, n.start - 10), n.start):
        return {"kind": "percent", "unit": "%", "factor": 1.0, "end": n.end, "qual": ""}
    mm = _MONEY_PREFIX_RE.search(s[max(0, n.start - 5):n.start]) or _MONEY_PREFIX_RE.search(
        h[max(0, n.start - 5):n.start])
    if mm:
        code = LEXICON["currency_prefixes"][mm.group(1)]
        mag = _EN_MAGNITUDE.match(s, n.end)
        factor = _EN_FACTOR[mag.group(1).lower()] if mag else 1.0
        return {"kind": "money", "unit": code, "factor": factor, "end": mag.end() if mag else n.end, "qual": ""}
    return None


def _special_percents(text: str, h: str) -> list[dict]:
    """Percentages without a numeral: 百分之百, 打对折, 半成, 半折."""
    out = []
    for m in _SPECIAL_PCT.finditer(h):
        value = {"百分之百": 100.0, "半成": 5.0}.get(m.group(), 50.0)
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "percent",
                    "value": value, "value_max": None, "unit": "%", "qualifier": "", "subject": "",
                    "change_from": None, "_num_start": m.start(), "_num_end": m.end()})
    for m in _HALF.finditer(h):
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "fraction",
                    "value": 0.5, "value_max": None, "unit": "", "qualifier": _QUAL_PRE[m.group(1)], "subject": "",
                    "change_from": None, "_num_start": m.end() - 2, "_num_end": m.end()})
    return out


def _bare_wan(h: str, nums: list[Numeral]) -> list[Numeral]:
    """Magnitudes without a digit: 萬張 (a bare 万 before a classifier), 逾千人, 近萬億元, 上千亿."""
    out = []
    for m in re.finditer(r"(?<![0-9零一二三四五六七八九十百千万亿两数几上])万(?=[张台块枚颗])", h):
        out.append(Numeral(m.start(), m.end(), 10000.0, chinese=False))
    for m in _BARE_MAGNITUDE.finditer(h):
        at = m.start(1)
        if not any(n.start <= at < n.end for n in nums) and not any(n.start == at for n in out):
            out.append(Numeral(m.start(1), m.end(), _MAGNITUDE[m.group(1)], chinese=False))
    return out


def extract_figures(text: str, *, include_dates: bool = False, context_entity: str | None = None) -> list[dict]:
    """Every quoted figure in `text` as JSON-serialisable dicts, in text order.

    Offsets index `text` itself. `context_entity` names whom un-attributed company figures are about
    (figures_table passes the article's main entity); by default the text's own most-mentioned entity.
    """
    if not text:
        return []
    s = normalise(text)
    h = _hans(s)
    if context_entity is None:
        context_entity = main_entity(text)
    blocked = [(m.start(), m.end()) for rx in (_ISO_DATE, _URL) for m in rx.finditer(s)]
    nums = [n for n in find_numbers(s) if not any(lo <= n.start < hi for lo, hi in blocked)]
    nums = sorted(nums + _bare_wan(h, nums), key=lambda n: n.start)
    figures: list[dict] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        if _excluded(h, s, n):
            i += 1
            continue
        if n.fraction:
            figures.append(_fraction(text, h, n))
            i += 1
            continue
        unit = _unit_after(h, s, n) or _prefix_unit(h, s, n)
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        gap_start = unit["end"] if unit else n.end
        if nxt is not None and not _excluded(h, s, nxt):
            cm = _CONNECTOR.fullmatch(h, gap_start, nxt.start)
            from_to = re.search(r"[从由]\s*$", h[max(0, n.start - 3):n.start])
            hyphen_ok = all(any(c.isdigit() for c in s[m.start:m.end]) for m in (n, nxt))
            if cm and not from_to and not (cm.group(1) == "-" and not hyphen_ok):
                unit2 = _unit_after(h, s, nxt)
                if unit2 and (unit is None or unit["unit"] == unit2["unit"]) and nxt.value > n.value:
                    f = _make(text, h, s, nxt, unit2, value_max=nxt.value, first=n)
                    if f:
                        f["value"] = float(n.value * unit2["factor"])
                        figures.append(f)
                    i += 2
                    continue
        if unit:
            f = _make(text, h, s, n, unit)
            if f:
                figures.append(f)
        i += 1
    for dm in _ISO_DATE.finditer(s):
        figures.append({"text": text[dm.start():dm.end()], "start": dm.start(), "end": dm.end(), "kind": "date",
                        "value": float(re.match(r"\d+", dm.group()).group()), "value_max": None, "unit": "日期",
                        "qualifier": "", "subject": "", "change_from": None,
                        "_num_start": dm.start(), "_num_end": dm.end()})
    figures.extend(_special_percents(text, h))
    figures.sort(key=lambda f: f["start"])
    figures = _merge_dates(text, figures)
    _pair_changes(h, figures)
    out = []
    for f in figures:
        if f["kind"] == "date" and not include_dates:
            continue
        if f["kind"] != "date":
            f["subject"] = _subject(h, f, context_entity)
        f.pop("_num_start")
        f.pop("_num_end")
        out.append(f)
    return out


def _merge_dates(text: str, figures: list[dict]) -> list[dict]:
    """2025年1月28日 is one date, not three."""
    out: list[dict] = []
    for f in figures:
        if out and f["kind"] == "date" and out[-1]["kind"] == "date" and out[-1]["end"] == f["start"]:
            prev = out[-1]
            prev["end"] = f["end"]
            prev["text"] = text[prev["start"]:f["end"]]
            prev["unit"] = "日期"
            continue
        out.append(f)
    return out


def _pair_changes(h: str, figures: list[dict]) -> None:
    """从15美元降至0.55美元: the second figure records the first as change_from."""
    for f1, f2 in zip(figures, figures[1:]):
        if f1["kind"] == "date" or f1["unit"] != f2["unit"] or f1["kind"] != f2["kind"]:
            continue
        if not _CHANGE_GAP.match(h[f1["end"]:f2["start"]]):
            continue
        if re.search(r"[从由][^，。,；;！？!?从由]{0,12}$", h[max(0, f1["start"] - 14):f1["start"]]):
            f2["change_from"] = f1["value"]


def figures_table(sentences: pd.DataFrame, articles: pd.DataFrame,
                  citations: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per figure over the sentence table, with outlet and the sentence's cited source."""
    rows: list[dict] = []
    outlets = dict(zip(articles["article_id"], articles["outlet"])) if len(articles) else {}
    sources: dict[tuple[str, int], str] = {}
    if citations is not None and len(citations):
        for r in citations[["article_id", "sentence_idx", "source"]].itertuples(index=False):
            if isinstance(r.source, str) and r.source:
                sources.setdefault((r.article_id, int(r.sentence_idx)), r.source)
    if len(sentences):
        ordered = sentences.sort_values(["article_id", "sentence_idx"])
        for article_id, group in ordered.groupby("article_id", sort=True):
            texts = group["text_hans"] if "text_hans" in group else group["text"]
            entity = main_entity("\n".join(texts.astype(str)))
            for r in group[["sentence_idx", "text"]].itertuples(index=False):
                idx = int(r.sentence_idx)
                for f in extract_figures(str(r.text), context_entity=entity):
                    rows.append({
                        "figure_id": f"{article_id}:{idx}:{f['start']}", "article_id": article_id,
                        "sentence_idx": idx, "text": f["text"], "kind": f["kind"], "value": f["value"],
                        "value_max": f["value_max"], "unit": f["unit"], "qualifier": f["qualifier"],
                        "subject": f["subject"], "cited_source": sources.get((article_id, idx)),
                        "claim_id": None, "outlet": outlets.get(article_id, ""), "start": f["start"],
                        "end": f["end"], "sentence": str(r.text), "change_from": f["change_from"],
                    })
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for col in ("value", "value_max", "change_from"):
        df[col] = df[col].astype(float)
    for col in ("sentence_idx", "start", "end"):
        df[col] = df[col].astype(int)
    for col in ("cited_source", "claim_id"):
        df[col] = df[col].astype(object)
    return df
