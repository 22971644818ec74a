"""Quoted figures: every number the coverage quotes, normalised to base units and attributed.

extract_figures finds money, percentages, counts, quantities, multipliers, fractions and durations
in Traditional or Simplified text; figures_table runs it over the sentence table; build_claims
(analytics.claims) reconciles the same fact across outlets.
"""
from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics.claims import build_claims
from analytics.clean import detect_script, to_simplified
from analytics.numerals import DIGITS, NUMERAL_CHARS, Numeral, find_numbers, normalise

__all__ = ["extract_figures", "figures_table", "build_claims", "FIGURE_COLUMNS"]

LEXICON = json.loads((Path(__file__).parent / "data" / "figures_lexicon.json").read_text(encoding="utf-8"))

FIGURE_COLUMNS = [
    "figure_id", "article_id", "sentence_idx", "text", "kind", "value", "value_max", "unit", "qualifier",
    "subject", "measure", "cited_source", "claim_id", "outlet", "start", "end", "sentence", "change_from",
    "subject_named",
]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CURRENCIES: dict[str, str] = LEXICON["currencies"]
_SUBUNITS: dict[str, dict[str, float]] = LEXICON["currency_subunits"]
_DUR_FACTOR: dict[str, float] = {w: f for w, (_, f) in LEXICON["duration_factors"].items()}
_DURATIONS: dict[str, str] = {**LEXICON["durations"], **{w: u for w, (u, _) in LEXICON["duration_factors"].items()}}
_ARABIC_ONLY = set(LEXICON["arabic_only_units"])
_PAIR = re.compile(r"([一二两三四五六七八九])([二三四五六七八九])")  # 两三米, 三四家: a vague range
_CLOCK_AFTER = re.compile(r"[0-9零一二三四五六七八九十半钟整多]")
_CLOCK_BEFORE = re.compile(r"(?:上午|下午|晚上|凌晨|早上|中午|傍晚|夜间|今晚|当晚|晚|早|夜)\s*$")
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
_HALF = re.compile(r"(超过|将近|接近|不到|不足|多于|少于|大约|约|近|逾)?(?:一半|一大半|半数)|(近|逾|超)半(?![年天日月小个])")
_HALF_DURATION = re.compile(r"(?<![一二三四五六七八九十两\d个])半(年|天|小时|个小时|个月|个钟头)")
_DOUBLING = re.compile(r"翻了?一番|翻了?一倍|(?<![一二三四五六七八九十两\d])翻倍")
_CASUALTIES = re.compile(r"(?<![\d.])(\d+)(死|伤|亡|失联)(?![亡者])")
_MAGNITUDE_SCALE = re.compile(r"规模\s*(\d+(?:\.\d+)?)(?![\d.万亿%])")
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
_TW_CUES = ("台湾", "台北", "新北", "桃园", "台中", "台南", "高雄", "行政院", "立法院", "中央社", "台股", "新台币", "台币")
_HK_CUES = ("香港", "港股", "港交所", "恒指", "恒生", "特区政府", "港府", "立法会", "港元", "港币", "九龙", "新界")


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
        generic = word in _GENERIC_MONEY
        if word == "元" and h.startswith("人民币", end):
            end, generic = end + 3, False
        return {"kind": "money", "unit": code, "factor": 1.0, "end": end, "qual": qual, "generic": generic}
    if g == "dur":
        unit = _DURATIONS[word]
        if word == "年":
            if _is_year(n):
                return {"kind": "date", "unit": "年", "factor": 1.0, "end": end, "qual": qual}
        factor = _DUR_FACTOR.get(word, 1.0)
        if h.startswith("半", end) and not n.vague and n.value:
            factor, end = factor * (n.value + 0.5) / n.value, end + 1
        return {"kind": "duration", "unit": unit, "factor": factor, "end": end, "qual": qual}
    if word in _ARABIC_ONLY and (n.chinese or "点" in word and (
            _CLOCK_BEFORE.search(h, max(0, n.start - 4), n.start) or _CLOCK_AFTER.match(h, end))):
        return None
    if g == "date":
        if word == "年代":
            return {"kind": "date", "unit": "年代", "factor": 1.0, "end": end, "qual": qual}
        limit = 12 if word.startswith("月") else 31
        if n.value.is_integer() and 1 <= n.value <= limit and not n.vague:
            return {"kind": "date", "unit": word[0], "factor": 1.0, "end": end, "qual": qual}
        if word == "日" and n.value > 31:
            return {"kind": "duration", "unit": "天", "factor": 1.0, "end": end, "qual": qual}
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


_NOMINAL_FLAGS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "nl", "vn", "an", "j", "eng", "name"}
_ENTITY_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng", "j", "name"}
_NAME_FLAGS = {"nr", "nrt", "nrfg", "nt", "nz", "eng", "name"}  # a claim's subject needs one of these
_SKIP_FLAGS = {"d", "p", "u", "uj", "ul", "uz", "ug", "ud", "uv", "c", "m", "q", "mq", "t", "tg", "y", "x", "l"}
_SKIP_BEFORE = set(LEXICON["skip_before"])
_CHANGE = {verb: label for label, verbs in LEXICON["change_verbs"].items() for verb in verbs}
_GENERIC_SUBJECTS = set(LEXICON["generic_subjects"])
DEFAULT_MEASURES: dict[str, str] = LEXICON["default_measures"]  # what a figure measures when its sentence is silent
_PERSON_UNITS = {"人", "名", "位", "人次", "口"}
_MEASURE_END = re.compile(r"(?:[价率额量数费积本入润值幅比息金资款薪格模重度长宽高深速间限龄分绩损耗产能亏盈税租位差距期]|票房|人口|"
                          r"收入|营收|利润|成本|面积|规模|市值|估值|补贴|奖金|罚款|工资|房价|预算|投资|销量|收益|时间|时长|股价|股票)$")
_NUMERIC = re.compile(r"^[\d.,%+\-]+$")
_NOT_NOUNS = {"全部", "全数", "其中", "当中", "之中", "以上", "以下", "左右", "上下", "之间", "期间", "以来",
              "早盘", "午盘", "尾盘", "盘中", "盘初", "全天", "全日"}  # times of a trading day, not what is measured
_CONJUNCTIONS = {"和", "与", "及", "以及", "或", "或者", "、", "跟", "同"}
_DEMONSTRATIVES = ("该", "这", "此", "本", "这些", "这一")
_NAME_SPAN = re.compile(r"《[^《》]{1,30}》|“[^“”]{1,10}”|「[^「」]{1,10}」")
_FRAME_CLAUSE = re.compile(r"[。！？!?；;\n，,：:（）()、]|(?<=[\u4e00-\u9fff%）)0-9])\s+(?=[\u4e00-\u9fff0-9])")
_CONVERSION = re.compile(r"^\s*(?:约合|折合|合|相当于|即|约)?\s*$")
_LEAD_ADVERBS = re.compile(r"^(?:全部|全数|均|都|已|共|先后|陆续|当场|不幸|相继|目前|仍|还|已经)+")

Token = tuple[str, str, int, int]
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+$")  # words added to the segmenter without a tag come back as x


def _tokens(sentence: str) -> tuple[Token, ...]:
    """Part-of-speech tokens of one Simplified sentence; recognised names, 《titles》 and “quoted names”
    stay whole (analytics.voices.recognise, whose cache the entity stage has filled for the same
    sentence); the rest keeps the words the entity stage tagged (segment.pos_cut, once per sentence),
    re-cut by the dictionary alone only where a name's edge falls inside one of them."""
    from analytics import packs

    return _pack_tokens(sentence, packs.active())


@lru_cache(maxsize=8192)
def _pack_tokens(sentence: str, active: tuple[str, ...]) -> tuple[Token, ...]:
    """``_tokens`` for the active packs (their names change what is recognised)."""
    from analytics import segment, voices

    spans = sorted({(m.start(), m.end()) for m in _NAME_SPAN.finditer(sentence)}
                   | {(sp.start, sp.end) for sp in voices.recognise(sentence)})
    chosen: list[tuple[int, int]] = []
    for lo, hi in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(hi <= c[0] or c[1] <= lo for c in chosen):
            chosen.append((lo, hi))
    tagged = segment.pos_cut(voices._norm(sentence))  # the entity stage's cut of this sentence, reused
    edges = {0} | {t[3] for t in tagged}
    ends = [t[3] for t in tagged]
    out: list[Token] = []
    cursor = 0
    for lo, hi in [*sorted(chosen), (len(sentence), len(sentence))]:
        if lo > cursor and cursor in edges and lo in edges:
            out.extend((sentence[a:b], _flag(w, f), a, b) for w, f, a, b in
                       tagged[bisect.bisect_right(ends, cursor):bisect.bisect_right(ends, lo)])
        elif lo > cursor:
            out.extend(_plain_cut(sentence[cursor:lo], cursor))
        if hi > lo:
            out.append((sentence[lo:hi], "name", lo, hi))
        cursor = max(cursor, hi)
    return tuple(out)


def _flag(word: str, flag: str) -> str:
    """A word added to the segmenter without a tag (x) counts as a noun."""
    return "n" if flag == "x" and len(word) > 1 and _HAN_WORD.match(word) else flag


def _plain_cut(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tagged words of text by the shared dictionary without guessing unknown words (HMM off); a word
    added to the segmenter without a tag counts as a noun."""
    from analytics import segment

    out: list[Token] = []
    pos = offset
    for pair in segment.pos_tokenizer().cut(text, HMM=False):
        flag = "n" if pair.flag == "x" and len(pair.word) > 1 and _HAN_WORD.match(pair.word) else pair.flag
        out.append((pair.word, flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return tuple(out)


def _nominal(t: Token) -> bool:
    w, fl = t[0], t[1]
    if w in _SKIP_BEFORE or w in _CHANGE or w in _NOT_NOUNS or _NUMERIC.match(w):
        return False
    if fl in _NOMINAL_FLAGS or fl.startswith("n"):
        return True
    return len(w) == 1 and ("\u4e00" <= w <= "\u9fff") and (fl in {"zg", "ng", "x", "b"} or bool(_MEASURE_END.match(w)))


def _run_before(toks: list[Token], i: int, lo: int) -> int:
    """Start index of the noun phrase ending just before toks[i] (nouns; modifiers between nouns)."""
    j = i
    while j > lo:
        t = toks[j - 1]
        if _nominal(t):
            j -= 1
        elif t[1] in {"v", "a", "b", "vn", "s", "f"} and j < i and j - 1 > lo and _nominal(toks[j - 2]) \
                and t[0] not in _SKIP_BEFORE and t[0] not in _CHANGE and len(t[0]) <= 2:
            j -= 1
        elif t[1] in {"a", "b"} and j < i and t[0] not in _SKIP_BEFORE:
            j -= 1
        else:
            break
    while j < i and not _nominal(toks[j]):
        j += 1
    if i - j == 1 and len(toks[j][0]) == 1 and j > lo and toks[j - 1][1] in {"v", "vn", "n", "a"}:
        j -= 1
    if j > lo and toks[j - 1][0] in _DEMONSTRATIVES and j < i:
        j -= 1
    return j


def _run_after(toks: list[Token], i: int, hi: int) -> int:
    """End index of the noun phrase starting at toks[i] (one leading modifier allowed: 被困矿工)."""
    j = i
    if j + 1 < hi and toks[j][1] in {"v", "a", "b", "vn"} and _nominal(toks[j + 1]) and toks[j][0] not in _SKIP_BEFORE:
        j += 1
    while j < hi and _nominal(toks[j]):
        j += 1
    return j if j > i and _nominal(toks[j - 1]) else i


def _text(toks: list[Token]) -> str:
    return "".join(t[0] for t in toks).strip()


def _generic(phrase: str) -> bool:
    return len(phrase) < 2 or phrase in _GENERIC_SUBJECTS or phrase.startswith(("其", "我", "他", "她", "你"))


def _split(run: list[Token]) -> tuple[str, str]:
    """A noun phrase as (subject, measure): 理光R10售价 -> 理光R10 / 售价; 作业人员 -> 作业人员 / ''."""
    if not run:
        return "", ""
    last = len(run) - 1
    if run[last][1] == "name" or not _MEASURE_END.search(run[last][0]):
        return _text(run), ""
    cut = last
    while cut > 0 and (len(run[cut][0]) == 1 or run[cut - 1][1] in {"v", "vn"}) and \
            len(_text(run[cut - 1:])) <= 6 and run[cut - 1][1] not in _ENTITY_FLAGS:
        cut -= 1
    return _text(run[:cut]), _text(run[cut:])


def _modifier_between(toks: list[Token], k: int, hi: int) -> bool:
    """toks[k] is a short verb or adjective inside a noun phrase (涉宅 in 杭州涉宅用地)."""
    t = toks[k]
    return k + 1 < hi and _nominal(toks[k + 1]) and len(t[0]) <= 2 and t[1] in {"v", "a", "b", "vn"} \
        and t[0] not in _SKIP_BEFORE


def _topic(toks: list[Token], lo: int, hi: int, split: bool = False):
    """The subject part of the first specific noun phrase among toks[lo:hi] (a clause's topic);
    with split, (subject, measure) of that phrase."""
    k = lo
    while k < hi:
        if _nominal(toks[k]) or toks[k][1] == "name":
            end = k
            while end < hi and (_nominal(toks[end]) or _modifier_between(toks, end, hi)):
                end += 1
            if end + 1 < hi and toks[end][0] == "的" and _nominal(toks[end + 1]):
                k = end + 1
                continue
            start = k - 1 if k > lo and toks[k - 1][0] in _DEMONSTRATIVES else k
            subject, measure = _split(toks[start:end])
            phrase = subject or measure
            if not _generic(phrase):
                return (subject if not _generic(subject) else "", measure) if split else phrase
            k = max(end, k + 1)
        else:
            k += 1
    return ("", "") if split else ""


def _clause(h: str, a: int, b: int) -> tuple[int, int]:
    """Bounds of the clause around h[a:b] (a space between Chinese words in a headline ends one too)."""
    lo = max((m.end() for m in _FRAME_CLAUSE.finditer(h, max(0, a - 400), min(len(h), a + 1)) if m.end() <= a),
             default=max(0, a - 400))
    hit = _FRAME_CLAUSE.search(h, b)
    return lo, hit.start() if hit else len(h)


def _frame(h: str, a: int, b: int, kind: str, unit: str) -> tuple[str, str, bool]:
    """(subject, measure, subject names an entity) of the figure at h[a:b], from its own sentence's words."""
    s_lo, s_hi = _context(h, a, b, _SENT_END)
    toks = [t for t in _tokens(h) if s_lo <= t[2] and t[3] <= s_hi]
    c_lo, c_hi = _clause(h, a, b)
    first = next((k for k, t in enumerate(toks) if t[2] >= c_lo), len(toks))
    i = next((k for k, t in enumerate(toks) if t[3] > a), len(toks))
    right = next((k for k, t in enumerate(toks) if t[2] >= b), len(toks))
    stop = next((k for k, t in enumerate(toks) if t[2] >= c_hi), len(toks))
    every = next((k for k in range(max(first, i - 3), i) if toks[k][0] in ("每", "人均")), None)
    if every is not None:
        i = every
    change = verb = ""
    while i > first:
        w, fl = toks[i - 1][0], toks[i - 1][1]
        if _nominal(toks[i - 1]) or w in _CONJUNCTIONS:
            break
        if w in _CHANGE and not change and not verb:
            change = _CHANGE[w]
        elif fl == "v" and not verb and not change and w not in _SKIP_BEFORE and i - 1 > first:
            verb = w
        elif not (w in _SKIP_BEFORE or fl in _SKIP_FLAGS or not w.strip()):
            break
        i -= 1
    j = _run_before(toks, i, first) if i > first and toks[i - 1][0] not in _CONJUNCTIONS else i
    subject, measure = _split(toks[j:i])
    if verb and j == i:
        verb = ""
    if change and j == i:
        subject, measure = _previous_topic(h, toks, s_lo, c_lo)
        if not subject and measure:  # 净利润6.1亿元，同比下降22.8%: the change quantifies the earlier noun
            subject, measure = measure, ""
    if verb:
        measure = measure + verb if measure or not subject else verb
    if change:
        measure = measure + change if kind == "percent" else measure + ("增加" if change in ("涨幅", "增幅") else "减少")
    k = right
    after = _run_after(toks, k, stop) if kind in ("count", "quantity", "percent", "fraction") else k
    counted = _text(toks[k:after])
    if not measure:
        rest = h[toks[after][2] if after < len(toks) else b:c_hi] if counted else h[b:c_hi]
        rest = _LEAD_ADVERBS.sub("", rest.lstrip())
        if rest.startswith("的"):
            k2 = next((x for x, t in enumerate(toks) if t[2] >= h.index("的", b, c_hi) + 1), stop)
            end = _run_after(toks, k2, stop)
            measure = _split(toks[k2:end])[1] or _text(toks[k2:end]) if end > k2 else ""
        elif kind == "count":
            phrase = re.match(r"[\u4e00-\u9fff]{1,4}", rest.split("的")[0])
            suffix = "人数" if unit in _PERSON_UNITS else "数量"
            if phrase and not counted:
                measure = phrase.group() + suffix
            else:
                measure = (phrase.group() if phrase else "") + suffix
        elif rest and not counted:
            lead = next((t for t in toks[right:stop] if t[2] >= b), None)
            if lead and lead[1] == "v" and lead[0] not in _SKIP_BEFORE:
                measure = lead[0]
    if counted and _generic(subject):
        subject = counted
    if _generic(subject):
        subject = _topic(toks, first, j)
    if _generic(subject):
        subject = _previous_topic(h, toks, s_lo, c_lo)[0]
    if subject == measure:
        subject = ""
    return subject, measure or DEFAULT_MEASURES.get(kind, ""), _names_entity(toks, subject)


def _names_entity(toks: list[Token], subject: str) -> bool:
    """True when the subject holds a name (person, organisation, place, product, work), not just 学生."""
    return bool(subject) and any(t[1] in _NAME_FLAGS and len(t[0]) >= 2 and t[0] in subject for t in toks)


def _previous_topic(h: str, toks: list[Token], s_lo: int, c_lo: int) -> tuple[str, str]:
    """(subject, measure) of the nearest earlier clause of the sentence that has a topic."""
    bounds = [s_lo] + [m.end() for m in _FRAME_CLAUSE.finditer(h, s_lo, c_lo)]
    for k in range(len(bounds) - 1, -1, -1):
        lo = bounds[k]
        hi = bounds[k + 1] if k + 1 < len(bounds) else c_lo
        if hi <= lo or lo >= c_lo:
            continue
        start = next((x for x, t in enumerate(toks) if t[2] >= lo), len(toks))
        stop = next((x for x, t in enumerate(toks) if t[2] >= hi), len(toks))
        phrase = _topic(toks, start, stop, split=True)
        if phrase[0] or phrase[1]:
            return phrase
    return "", ""


def _make(text: str, h: str, s: str, n: Numeral, unit: dict, value_max: float | None = None,
          first: Numeral | None = None) -> dict | None:
    """Assemble one figure dict around numeral n (or the range first..n) and its unit."""
    lead = first or n
    a = lead.start
    kind = unit["kind"]
    value = lead.value * unit["factor"]
    vmax = value_max * unit["factor"] if value_max is not None else None
    pair = _PAIR.fullmatch(h[lead.start:lead.end]) if value_max is None else None
    if pair and DIGITS[pair.group(2)] == DIGITS[pair.group(1)] + 1:
        value, vmax = DIGITS[pair.group(1)] * unit["factor"], DIGITS[pair.group(2)] * unit["factor"]
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
    generic = kind == "money" and bool(unit.get("generic")) and not mm
    qual, qstart = _qualifier_before(h, a)
    suffix_qual, end2 = _suffix_qualifier(h, end)
    if suffix_qual:
        end = end2
    qualifier = qual or unit.get("qual") or suffix_qual or ("over" if lead.vague or n.vague else "")
    start = qstart if qual else a
    if kind in ("count", "quantity") and lead.chinese and value_max is None and lead.value == 1 and not lead.vague:
        return None
    unit_name = unit["unit"]
    return {
        "text": text[start:end], "start": start, "end": end, "kind": kind, "value": float(value),
        "value_max": float(vmax) if vmax is not None else None, "unit": unit_name, "qualifier": qualifier,
        "subject": "", "change_from": None, "_num_start": lead.start, "_num_end": n.end,
        "generic": generic,
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
        qual = m.group(1) or m.group(2)
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "fraction",
                    "value": 0.5, "value_max": None, "unit": "", "qualifier": _QUAL_PRE.get(qual or "", ""),
                    "subject": "", "change_from": None, "_num_start": m.end() - 2, "_num_end": m.end()})
    for m in _HALF_DURATION.finditer(h):
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "duration",
                    "value": 0.5, "value_max": None, "unit": _DURATIONS[m.group(1)], "qualifier": "", "subject": "",
                    "change_from": None, "_num_start": m.start(), "_num_end": m.end()})
    for m in _DOUBLING.finditer(h):
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "multiplier",
                    "value": 2.0, "value_max": None, "unit": "倍", "qualifier": "", "subject": "",
                    "change_from": None, "_num_start": m.start(), "_num_end": m.end()})
    for m in _CASUALTIES.finditer(h):
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "count",
                    "value": float(m.group(1)), "value_max": None, "unit": "人", "qualifier": "", "subject": "",
                    "change_from": None, "_num_start": m.start(), "_num_end": m.end()})
    for m in _MAGNITUDE_SCALE.finditer(h):
        out.append({"text": text[m.start():m.end()], "start": m.start(), "end": m.end(), "kind": "quantity",
                    "value": float(m.group(1)), "value_max": None, "unit": "级", "qualifier": "", "subject": "",
                    "change_from": None, "_num_start": m.start(1), "_num_end": m.end()})
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


def extract_figures(text: str, *, include_dates: bool = False, yuan: str = "CNY") -> list[dict]:
    """Every quoted figure in `text` as JSON-serialisable dicts, in text order.

    Offsets index `text` itself; `subject` and `measure` come from the figure's own sentence. A bare 元
    is in `yuan` (figures_table passes the article's local currency: TWD in a Taiwanese report).
    """
    if not text:
        return []
    s = normalise(text)
    h = _hans(s)
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
    figures.sort(key=lambda f: (f["start"], f["start"] - f["end"]))
    figures = [f for k, f in enumerate(figures) if not any(
        g["start"] < f["end"] and f["start"] < g["end"] and (g["end"] - g["start"], -k) > (f["end"] - f["start"], -j)
        for j, g in enumerate(figures) if j != k)]
    figures = _merge_dates(text, figures)
    _pair_changes(h, figures)
    out = []
    for f in figures:
        if f["kind"] == "date" and not include_dates:
            continue
        if f.pop("generic", False) and yuan != "CNY":
            f["unit"] = yuan
        if f["kind"] != "date":
            f["subject"], f["measure"], f["named"] = _frame(h, f["start"], f["end"], f["kind"], f["unit"])
            lo = _clause(h, f["start"], f["end"])[0]
            if out and lo > 0 and h[lo - 1] in "（(" and _CONVERSION.match(h[lo:f["start"]]):
                f["subject"], f["measure"], f["named"] = out[-1]["subject"], out[-1]["measure"], out[-1]["named"]
        else:
            f["measure"], f["named"] = "", False
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


def local_currency(text: str) -> str:
    """The currency a bare 元 means in this article: CNY in Simplified script; in Traditional script the
    dollar it names most (新台币, 港元, 人民币), else Taiwan's or Hong Kong's when it is about there."""
    if detect_script(text) != "Hant":
        return "CNY"
    h = _hans(normalise(text))
    named = {"TWD": len(re.findall(r"新台币|台币|NT\$", h)), "HKD": len(re.findall(r"港元|港币|HK\$", h)),
             "CNY": len(re.findall(r"人民币|RMB", h))}
    best = max(named, key=named.get)
    if named[best]:
        return best
    tw, hk = (sum(h.count(c) for c in cues) for cues in (_TW_CUES, _HK_CUES))
    if max(tw, hk) >= 2 and tw != hk:
        return "TWD" if tw > hk else "HKD"
    return "CNY"


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
            yuan = local_currency("\n".join(group["text"].astype(str)))
            for r in group[["sentence_idx", "text"]].itertuples(index=False):
                idx = int(r.sentence_idx)
                for f in extract_figures(str(r.text), yuan=yuan):
                    rows.append({
                        "figure_id": f"{article_id}:{idx}:{f['start']}", "article_id": article_id,
                        "sentence_idx": idx, "text": f["text"], "kind": f["kind"], "value": f["value"],
                        "value_max": f["value_max"], "unit": f["unit"], "qualifier": f["qualifier"],
                        "subject": f["subject"], "measure": f["measure"],
                        "cited_source": sources.get((article_id, idx)),
                        "claim_id": None, "outlet": outlets.get(article_id, ""), "start": f["start"],
                        "end": f["end"], "sentence": str(r.text), "change_from": f["change_from"],
                        "subject_named": f["named"],
                    })
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for col in ("value", "value_max", "change_from"):
        df[col] = df[col].astype(float)
    for col in ("sentence_idx", "start", "end"):
        df[col] = df[col].astype(int)
    for col in ("cited_source", "claim_id"):
        df[col] = df[col].astype(object)
    return df
