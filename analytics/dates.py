"""Publication dates: from a table column, the manifest, front matter, or the article's own lines.

`read_published` returns an ISO date and where it came from (`published_source`), or two empty
strings: a date is never guessed. Text is searched only where a page states its publication date
(stamp and source lines at the top or foot, agency datelines, the lead's opening words); a month and
day without a year take the year from the rest of the text, or stay unknown when it says none.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

MANIFEST, COLUMN, FRONT_MATTER = "manifest", "column", "front_matter"
SOURCE_LINE, DATELINE, LEAD = "source_line", "dateline", "lead"
CONTEXT_YEAR = "+context_year"  # suffix: the year was not written next to the month and day
SOURCES = (MANIFEST, COLUMN, FRONT_MATTER, SOURCE_LINE, DATELINE, LEAD)

HEAD_LINES = 6  # a page states its date within its first few lines...
FOOT_LINES = 4  # ...or in a stamp line at its foot (`2024年8月21日 新京报`)
STAMP_REST = 36  # a stamp line: at most this many characters besides the date
LEAD_CHARS = 40  # a dateline or lead date starts within this many characters of a paragraph
RECENT_DAYS = 62  # a full date this close before a month-day date fixes its year

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MON = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}
_CN = "〇零○一二三四五六七八九十"
_Y = r"(?P<y>(?:19|20)\d{2})"
_FULL = [
    re.compile(rf"(?<!\d){_Y}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号號]?"),
    re.compile(rf"(?<![\d.]){_Y}(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d.]\d)"),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+{_Y}(?!\d)", re.I),
    re.compile(rf"(?<![A-Za-z]){_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}(?!\d)", re.I),
    re.compile(r"民[國国]\s*(?P<roc>\d{2,3})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]?"),
    re.compile(rf"(?P<cy>[{_CN}]{{4}})年(?P<cm>[{_CN}]{{1,2}})月(?P<cd>[{_CN}]{{1,3}})[日号號]"),
]
_MONTH_DAY = re.compile(r"(?<![\d年/.-])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]")
_COMPACT = re.compile(rf"^{_Y}(?P<m>\d{{2}})(?P<d>\d{{2}})(?:[T ]?\d{{2}}:?\d{{2}}.*)?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
_DATE_KEYS = ("published", "date", "pubdate", "publish_date", "published_at", "pub_date", "datetime", "time",
              "发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "日期")
_FRONT_KEY = re.compile(r"^\s*(?P<key>[A-Za-z_\u4e00-\u9fff]{2,16})\s*[:：]\s*(?P<value>.+?)\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?:专电|專電|电|電|讯|訊|消息|报道|報導|報道)")
_STAMP_NOISE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?|HKT|GMT|UTC|星期.|週.|周[一二三四五六日天]|[上下]午|第\s*[A-Z]?\d+\s*版|[A-Z]\d{1,2}版|"
    r"[|｜丨/／·•()（）《》〔〕\[\]【】:：,，\s]"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_YEAR_MENTION = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?=\s*年|[\u4e00-\u9fffA-Za-z])"
    r"(?![块塊元万萬亿億个個名人家辆輛台吨噸米次份张張件多余餘项項户戶所座只隻条條股位架款种種美港英日欧歐澳新韩韓])"
)
_ANNUAL = re.compile(r"^\s*年(?:度|全年|报|報|营收|營收|营业收入|營業收入|实现营|實現營|实现净|實現淨|净利|淨利|归母|歸母|业绩|業績|财报|財報)")
_FUTURE_AFTER = re.compile(r"^\s*年(?:起|前|底前|将|將|要|目标|目標|实现|實現|达到|達到|建成|完成|春季|秋季|新学期|新學期)")
_FUTURE_BEFORE = re.compile(r"(?:到|(?<!截)至|从|從|(?<![来來])自|预计|預計|计划|計劃|力争|力爭|争取|爭取|将于|將於|于|於)\s*$")
_PERIOD_AFTER = re.compile(r"^\s*年\s*(?:(?P<m>\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号號])|(?P<q>一季度|上半年|前三季度|第一季度|第二季度|第三季度|二季度|三季度|1-\d+月|前\d+个?月))")
_QUARTER_END = {"一季度": 3, "第一季度": 3, "上半年": 6, "二季度": 6, "第二季度": 6, "前三季度": 9, "三季度": 9,
                "第三季度": 9}
_LOCAL_TIME = re.compile(r"[当當]地[时時]间|[当當]地[时時]間|北京[时時]间|北京[时時]間|截至|截止")
_NEXT_YEAR = re.compile(r"明年|明年起")


@dataclass(frozen=True)
class Found:
    """A publication date read from a source, with the text it was read from."""

    date: str
    source: str
    text: str = ""


def _iso(y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def _cn_number(s: str) -> int:
    """A small Chinese numeral: digit by digit for years (二〇二五), positional for 十 (二十七)."""
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, units = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _from_match(m: re.Match) -> str:
    g = m.groupdict()
    if g.get("cy"):
        return _iso(_cn_number(g["cy"]), _cn_number(g["cm"]), _cn_number(g["cd"]))
    if g.get("roc"):
        return _iso(int(g["roc"]) + 1911, int(g["m"]), int(g["d"]))
    month = _MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
    return _iso(int(g["y"]), month, int(g["d"]))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def full_dates(text: str) -> list[tuple[int, int, str]]:
    """Every complete, valid date written in text, as (start, end, ISO date), in reading order."""
    text = _norm(text)
    found: list[tuple[int, int, str]] = []
    for rx in _FULL:
        for m in rx.finditer(text):
            iso = _from_match(m)
            if iso and not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def parse_date(value: object) -> str:
    """An ISO date from a metadata value (2025-01-27, 2025/1/27 10:00, 2025年1月27日, 27 Jan 2025,
    20250127, Unix seconds), or '' when the value holds no complete date."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    text = _norm(str(value)).strip()
    if not text:
        return ""
    if m := _COMPACT.match(text):
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    if _EPOCH.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    found = full_dates(text)
    return found[0][2] if found else ""


def front_matter(raw: str) -> dict[str, str]:
    """Keys of a `---` front matter block at the top of a file (YAML-style `key: value` lines)."""
    lines = raw.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str] = {}
    for line in lines[1:40]:
        if line.strip() in ("---", "..."):
            return out
        if m := _FRONT_KEY.match(line):
            out[m["key"].lower()] = m["value"].strip().strip("'\"")
    return {}


def _labelled(fields: Mapping[str, str]) -> str:
    for key in _DATE_KEYS:
        if date := parse_date(fields.get(key)):
            return date
    return ""


def _rest_after_date(line: str, start: int, end: int) -> str:
    return _STAMP_NOISE.sub("", line[:start] + line[end:])


def _is_stamp(line: str, start: int, end: int) -> bool:
    """A line that gives a date beside an outlet, time or label rather than a sentence that mentions it."""
    rest = _rest_after_date(line, start, end)
    return len(rest) <= STAMP_REST and not _SENTENCE_END.search(line)


def _paragraph_date(line: str, start: int, end: int) -> str:
    """DATELINE when a date opens a paragraph as `…北京1月27日电` / `…讯`, LEAD for `1月27日，…`, else ''."""
    if start > LEAD_CHARS or _SENTENCE_END.search(line[:start]) or _LOCAL_TIME.search(line[:start]):
        return ""
    after = line[end:]
    if _DATELINE_AFTER.match(after):
        return DATELINE
    if re.match(r"^\s*(?:[，,]|\s+(?!\d{1,2}[时時点點:]))", after) and not re.match(r"^\s*\d", after):
        return LEAD
    return ""


def _month_days(line: str) -> list[tuple[int, int, int, int]]:
    line = _norm(line)
    return [(m.start(), m.end(), int(m["m"]), int(m["d"])) for m in _MONTH_DAY.finditer(line)
            if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31]


def _first_paragraph(lines: list[str]) -> int:
    """Index of the first body paragraph: the first line after the headline that reads as sentences."""
    return next((i for i, ln in enumerate(lines) if i and (len(ln) > 60 or _SENTENCE_END.search(ln))), -1)


def _candidates(lines: list[str]) -> list[tuple[int, str, tuple, str]]:
    """Date statements in header and footer lines, as (rank, source, date, text); lower rank wins.

    A full date outranks a month and day; within each, the top of the page outranks the foot. A
    dateline or lead counts only at the start of the first paragraph (later ones date events).
    """
    out: list[tuple[int, str, tuple, str]] = []
    n = len(lines)
    lead = _first_paragraph(lines)
    zones = [(i, 0) for i in range(min(n, HEAD_LINES))] + [(i, 1) for i in range(max(HEAD_LINES, n - FOOT_LINES), n)]
    for i, zone in zones:
        line = _norm(lines[i])
        for s, e, iso in full_dates(line):
            kind = _paragraph_date(line, s, e) if zone == 0 else ""
            if kind == DATELINE:
                out.append((0, kind, (iso,), line[s:e]))
            elif _is_stamp(line, s, e) and (i > 0 or _rest_after_date(line, s, e) == ""):
                out.append((zone * 2, SOURCE_LINE, (iso,), line[s:e]))
            elif i == lead and kind:
                out.append((1, kind, (iso,), line[s:e]))
        for s, e, mo, d in _month_days(line):
            if any(s >= fs and e <= fe for fs, fe, _ in full_dates(line)):
                continue
            kind = _paragraph_date(line, s, e) if zone == 0 else ""
            if kind == DATELINE:
                out.append((4, kind, (mo, d), line[s:e]))
            elif _is_stamp(line, s, e) and i > 0:
                out.append((4 + zone * 2, SOURCE_LINE, (mo, d), line[s:e]))
            elif i == lead and kind:
                out.append((5, kind, (mo, d), line[s:e]))
    return sorted(out, key=lambda c: c[0])


def context_year(text: str, month: int, day: int) -> int | None:
    """The year a month and day most likely belong to, from the years the article mentions.

    A full date shortly before (month, day) and each year mention vote: a month or quarter of year Y
    already past for Y (a later one for Y+1), annual results of Y for Y+1, the first target year after
    明年 for Y-1, other mentions for Y; ties go to the later year. None when no year is written.
    """
    text = _norm(text)
    votes: Counter[int] = Counter()
    spans = full_dates(text)
    for _, _, iso in spans:
        y, m, d = (int(x) for x in iso.split("-"))
        for year in (y, y + 1):
            try:
                gap = (dt.date(year, month, day) - dt.date(y, m, d)).days
            except ValueError:
                continue
            if 0 <= gap <= RECENT_DAYS:
                votes[year] += 3
    future: list[int] = []
    for m in _YEAR_MENTION.finditer(text):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        y, before, after = int(m["y"]), text[max(0, m.start() - 4):m.start()], text[m.end():m.end() + 8]
        if _ANNUAL.match(after):
            votes[y + 1] += 3 if month <= 4 else 1
        elif p := _PERIOD_AFTER.match(after):
            end = int(p["m"]) if p["m"] else _QUARTER_END.get(p["q"] or "", 12)
            if end <= month:
                votes[y] += 3
            else:
                votes[y + 1] += 1
        elif _FUTURE_AFTER.match(after) or _FUTURE_BEFORE.search(before):
            future.append(y)
        else:
            votes[y] += 1
    if future and _NEXT_YEAR.search(text):
        votes[min(future) - 1] += 3
    if not votes:
        return None
    best = max(votes.values())
    return max(y for y, v in votes.items() if v == best)


def date_in_text(raw: str) -> Found | None:
    """The publication date an article's own lines state (stamp/source line, dateline or lead), or None."""
    lines = [ln.strip() for ln in _norm(raw).replace("\r", "\n").split("\n") if ln.strip()]
    labelled = [_FRONT_KEY.match(ln) for ln in lines[:HEAD_LINES]]
    fields = {m["key"].lower(): m["value"] for m in labelled if m and m["key"].lower() in _DATE_KEYS}
    if fields and (date := _labelled(fields)):
        return Found(date, SOURCE_LINE, next(iter(fields.values())))
    for _, source, date, written in _candidates(lines):
        if len(date) == 1:
            return Found(date[0], source, written)
        month, day = date
        year = context_year("\n".join(lines), month, day)
        if year and (iso := _iso(year, month, day)):
            return Found(iso, source + CONTEXT_YEAR, written)
        return None
    return None


def read_published(manifest: Mapping[str, str], meta: Mapping[str, str], raw: str) -> Found:
    """Publication date by precedence: the manifest (verified by a person), the source's column, the
    file's front matter, the text's own statement; Found('', '') when none states a complete date."""
    if date := parse_date(manifest.get("published")):
        return Found(date, MANIFEST, str(manifest.get("published")))
    if date := parse_date(meta.get("published")):
        return Found(date, COLUMN, str(meta.get("published")))
    fm = front_matter(raw)
    if fm and (date := _labelled(fm)):
        return Found(date, FRONT_MATTER)
    return date_in_text(raw) or Found("", "")
