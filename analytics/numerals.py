"""Chinese, Arabic and mixed numeral recognition with character offsets.

The number layer under analytics.figures: finds every numeral in a text (一百零一万一千, 4.3萬億,
1,100万, 3万4千, 五分之一, 3/5, ２．２亿) and resolves its value, without deciding what it counts.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# Full-width forms map one-to-one onto ASCII, so offsets survive normalisation.
_WIDE = {0xFF10 + i: 0x30 + i for i in range(10)}
_WIDE.update({ord("．"): ".", ord("－"): "-", ord("／"): "/", ord("％"): "%",
              ord("＋"): "+", ord("Ｋ"): "K", ord("ｋ"): "k", ord("＄"): "$", ord("￥"): "¥",
              ord("～"): "~"})
_WIDE.update({0xFF21 + i: 0x41 + i for i in range(26)})
_WIDE.update({0xFF41 + i: 0x61 + i for i in range(26)})

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "倆": 2, "俩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
ZERO = set("零〇○")
POINT = set("点點")
VAGUE_FILL = set("多余餘几幾")
VAGUE_LEAD = set("数數几幾")
NEG = set("负負")
# Banker's capitals that are ordinary words on their own (队伍, 收拾, 放肆, 大陆): numerals only in company.
AMBIGUOUS = set("伍陆陸拾肆柒捌玖")
# Words whose numeral characters are not numbers.
_STOP_WORDS = ("一看", "一切", "壹切", "四川", "万一", "萬一", "两两", "倆倆", "一一", "十足", "九九")
_SPACE = " \t\u00a0"

NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL) + "".join(BIG)
_START = re.compile(r"[0-9.\-负負%s数數几幾半]" % NUMERAL_CHARS)
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?!,\d{3})(?:\.\d+)?|\.\d+")
_EXP = re.compile(r"[eE]([+-]?\d+)")
_POW = re.compile(r"\^([+-]*)(\d+)")
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}")
_FRAC = re.compile(r"(\d+) ?/ ?(\d+)(?![\d/])")
_MIXED_FRAC = re.compile(r"(\d+) (\d+)/(\d+)(?![\d/])")


class Numeral(NamedTuple):
    """One numeral: half-open span [start, end) and its value; `vague` for 多/余/几/数 inside."""

    start: int
    end: int
    value: float
    vague: bool = False
    chinese: bool = False
    fraction: bool = False
    digit_string: bool = False


_HAS_WIDE = re.compile("[\uff01-\uff5e]")
_WIDE_COMMA = re.compile(r"(?<=[０-９])，(?=[０-９])")


def normalise(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one (offsets unchanged).

    A full-width comma is a thousands separator only between full-width digits (４，５６５);
    elsewhere (20，300美圆) it stays a list comma.
    """
    if not _HAS_WIDE.search(text):
        return text
    return _WIDE_COMMA.sub(",", text).translate(_WIDE)


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in _SPACE:
        i += 1
    return i


def _chinese_decimal(s: str, i: int) -> tuple[int, str] | None:
    """Digits after 点 (spaces allowed, 两 is not a decimal digit): returns (end, '.xyz')."""
    j = _skip_space(s, i)
    out = []
    while j < len(s) and s[j] in DIGITS and s[j] not in "两兩倆俩":
        out.append(str(DIGITS[s[j]]))
        k = _skip_space(s, j + 1)
        j = k if k < len(s) and s[k] in DIGITS and s[k] not in "两兩倆俩" else j + 1
    return (j, "." + "".join(out)) if out else None


def _integer(s: str, i: int) -> tuple[int, float | None, bool, bool, bool] | None:
    """Parse an integer-like numeral at i: (end, value, vague, chinese, digit_string) or None.

    A state machine over digits, 十百千 (decreasing inside a section), 万亿兆 (a larger one multiplies
    everything before it: 四万亿), 零, 多/余/几 fillers and 点 decimals. It stops before the first
    token that would make the numeral invalid, so 七十百 reads as 七十. A value of None marks a vague
    digit pair such as 二三十 ("twenty or thirty"), which the caller skips whole.
    """
    n = len(s)
    inf = float("inf")
    total = section = 0.0
    cur: float | None = None
    cur_kind = ""
    last_small, last_big, last_unit = inf, 0, 0
    zero_seen = vague = chinese = consumed = False
    dstring: list[int] | None = None
    frac = 0.0
    end = j = i
    while j < n:
        c = s[j]
        if c.isdigit() or (c == "." and j + 1 < n and s[j + 1].isdigit() and not (j > 0 and s[j - 1] == ".")):
            if cur is not None or dstring or (consumed and not last_unit and not zero_seen):
                break
            m = _ARABIC.match(s, j)
            lit = m.group()
            cur = float(lit.replace(",", ""))
            cur_kind = "ar1" if len(lit) == 1 else "ar"
            j = end = m.end()
            consumed = True
        elif c in DIGITS and c not in ZERO:
            d = DIGITS[c]
            if dstring is not None and (cur is not None or len(dstring) > 1):
                if c in "两兩倆俩":
                    break
                dstring.append(d)
                cur = None
            elif cur is None:
                cur, cur_kind = float(d), "cn"
                if not last_unit and not consumed:
                    dstring = [d]
                elif dstring is not None:
                    dstring.append(d)
            else:
                break
            chinese = consumed = True
            j = end = j + 1
        elif c in ZERO:
            if dstring is not None:
                dstring.append(0)
                cur = None
                j = end = j + 1
            elif not consumed:
                zero_seen = consumed = chinese = True
                if j + 1 < n and s[j + 1] in DIGITS and s[j + 1] not in ZERO:
                    dstring = [0]
                j = end = j + 1
            else:
                if cur is not None:
                    break
                zero_seen = True
                j += 1
        elif c in SMALL:
            u = SMALL[c]
            if dstring and len(dstring) > 1:
                return _skip_run(s, j), None, True, True, False
            if u >= last_small or (last_big and u >= last_big):
                break
            if cur is None and consumed and not zero_seen:
                break
            section += (cur if cur is not None else 1) * u
            cur, dstring = None, None
            last_small = last_unit = u
            zero_seen = False
            chinese = consumed = True
            j = end = j + 1
        elif c in BIG:
            u = BIG[c]
            if dstring and len(dstring) > 1:
                return _skip_run(s, j), None, True, True, False
            if not consumed or (c == "兆" and j + 1 < n and s[j + 1] in "瓦赫字位帕焦欧歐伏比"):
                break
            section += cur if cur is not None else 0
            value = total + section
            if value == 0:
                break
            if last_big and u >= last_big:
                total = value * u
            elif last_big and section == 0:
                break
            else:
                total += section * u
            section, cur, dstring = 0.0, None, None
            last_small, last_big, last_unit = inf, u, u
            zero_seen = False
            chinese = consumed = True
            j = end = j + 1
        elif c in VAGUE_FILL and consumed:
            k = _skip_space(s, j + 1)
            if k < n and (s[k] in BIG or s[k] in SMALL) and not (dstring and len(dstring) > 1):
                vague = True
                j = k
                continue
            break
        elif c in VAGUE_LEAD and not consumed:
            if j + 1 < n and (s[j + 1] in SMALL or (s[j + 1] in BIG and s[j + 1] != "兆")):
                cur, cur_kind = 1.0, "vague"
                vague = chinese = consumed = True
                j += 1
                continue
            break
        elif c in POINT and consumed and not frac and not (dstring and len(dstring) > 1):
            got = _chinese_decimal(s, j + 1)
            if not got:
                break
            j, dec = got
            end = j
            chinese = True
            if cur is not None and j < n and s[j] in BIG:
                cur += float(dec)
                continue
            frac = float(dec)
            break
        elif c in _SPACE and consumed:
            k = _skip_space(s, j)
            if k >= n:
                break
            nxt, prev = s[k], s[j - 1]
            if not (nxt in DIGITS or nxt in SMALL or nxt in BIG or nxt in POINT or nxt in VAGUE_FILL
                    or (nxt.isdigit() and not prev.isdigit() and prev not in DIGITS)):
                break
            if prev.isdigit() and (nxt in DIGITS or nxt in VAGUE_FILL):
                break
            if nxt in POINT and not _chinese_decimal(s, k + 1):
                break
            j = k
        else:
            break
    if not consumed:
        return None
    if dstring and len(dstring) > 1:
        return end, float(int("".join(map(str, dstring)))), vague, True, True
    if cur is not None:
        if cur_kind in ("cn", "ar1") and last_unit >= 100 and not zero_seen and cur < 10:
            section += cur * last_unit / 10
        else:
            section += cur
    value = total + section + frac
    if value == 0 and not any(ch in "0零〇○" for ch in s[i:end]):
        return None
    return end, value, vague, chinese, False


def _skip_run(s: str, j: int) -> int:
    """End of a run of numeral characters starting at j."""
    while j < len(s) and (s[j] in DIGITS or s[j] in SMALL or s[j] in BIG or s[j] in ZERO):
        j += 1
    return j


def _sign(s: str, i: int) -> tuple[int, float]:
    """A leading 负 or a minus sign that is not a range dash: returns (index after it, sign)."""
    if i < len(s) and s[i] in NEG:
        return i + 1, -1.0
    if i < len(s) and s[i] == "-" and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] in "-.")):
        return i + 1, -1.0
    return i, 1.0


def parse_at(s: str, i: int) -> Numeral | None:
    """Parse one numeral starting exactly at i of a normalised string, or None."""
    start = i
    j, sign = _sign(s, i)
    m = _MIXED_FRAC.match(s, j)
    if m and int(m.group(3)):
        v = int(m.group(1)) + int(m.group(2)) / int(m.group(3))
        return Numeral(start, m.end(), sign * v, fraction=True)
    m = _FRAC.match(s, j)
    if m and int(m.group(2)) and not (j > 0 and s[j - 1] == "/"):
        return Numeral(start, m.end(), sign * int(m.group(1)) / int(m.group(2)), fraction=True)
    got = _integer(s, j)
    if got is None:
        return None
    end, value, vague, chinese, digit_string = got
    if value is None:
        return Numeral(start, end, float("nan"), True, True)
    if not chinese:
        m = _EXP.match(s, end)
        if m:
            value = value * 10 ** int(m.group(1))
            end = m.end()
        m = _POW.match(s, end)
        if m:
            exp = int(m.group(2)) * (-1 if m.group(1).count("-") % 2 else 1)
            value = value ** exp
            end = m.end()
    # X分之Y and X又Y分之Z: fractions (a bare 百/千/万 as X is a percent prefix, not a numeral).
    k = _skip_space(s, end)
    if s.startswith("分", k) and s.startswith("之", _skip_space(s, k + 1)):
        num_i = _skip_space(s, _skip_space(s, k + 1) + 1)
        num_i2, nsign = _sign(s, num_i)
        num = _integer(s, num_i2)
        if num and num[1] is not None and value:
            return Numeral(start, num[0], sign * nsign * num[1] / value, vague or num[2], True, True)
    if s.startswith("又", k):
        frac = parse_at(s, _skip_space(s, k + 1))
        if frac is not None and frac.fraction and frac.value > 0:
            return Numeral(start, frac.end, sign * (value + frac.value), vague, True, True)
    return Numeral(start, end, sign * value, vague, chinese, False, digit_string)


def _stop_word_at(s: str, i: int) -> int:
    """Length of a non-numeral word (一切, 四川) starting or ending around i, else 0."""
    for w in _STOP_WORDS:
        if s.startswith(w, i):
            return len(w)
        if i > 0 and s.startswith(w, i - 1) and w[1] == s[i]:
            return 1
    return 0


def _dotted_groups(s: str, i: int) -> list[Numeral] | None:
    m = _DOTTED.match(s, i)
    if not m or (i > 0 and (s[i - 1].isdigit() or s[i - 1] == ".")):
        return None
    out, pos = [], i
    for part in m.group().split("."):
        out.append(Numeral(pos, pos + len(part), float(part)))
        pos += len(part) + 1
    return out


def find_numbers(text: str) -> list[Numeral]:
    """Every numeral in `text` with its value, left to right, non-overlapping.

    Banker's capitals standing alone (队伍's 伍) and fixed words (一切, 四川) are not numerals;
    a bare 万/亿/百分之 without a digit is not a numeral either.
    """
    s = normalise(text)
    out: list[Numeral] = []
    pos = 0
    for m in _START.finditer(s):
        i = m.start()
        if i < pos:
            continue
        c = s[i]
        if c.isdigit() and i > 0 and s[i - 1].isdigit():
            continue
        skip = _stop_word_at(s, i)
        if skip:
            pos = i + skip
            continue
        dotted = _dotted_groups(s, i) if c.isdigit() else None
        if dotted:
            out.extend(dotted)
            pos = dotted[-1].end
            continue
        if c in SMALL and c in "百佰千仟" and _percent_prefix(s, i):
            continue
        if s.startswith("半百", i):
            out.append(Numeral(i, i + 2, 50.0, chinese=True))
            pos = i + 2
            continue
        num = parse_at(s, i)
        if num is None:
            continue
        if num.value != num.value:
            pos = num.end
            continue
        body = s[num.start:num.end].strip()
        after_of = s[max(0, i - 1):i] == "之"
        if not after_of and len(body) == 1 and body in AMBIGUOUS:
            pos = num.end
            continue
        if body in ("-", "负", "負") or body in SMALL and body not in "十拾":
            continue
        out.append(num)
        pos = num.end
    return out


def _percent_prefix(s: str, i: int) -> bool:
    """True when s[i:] starts a bare 百分之/千分之/万分之 (a percent or per-mille prefix)."""
    j = i
    while j < len(s) and s[j] in "百佰千仟万萬亿億 ":
        j += 1
    return j > i and s[i] in "百佰千仟万萬" and bool(re.match(r"分\s*之", s[j:j + 4]))
