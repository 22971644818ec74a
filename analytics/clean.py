"""Clean scraped Chinese news text: furniture, pinyin annotations, mojibake, HTML, bylines, duplicates.

`clean_text` returns the body (original script, one paragraph per line), the metadata the text states
about itself, and an audit list of what each rule removed.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from dataclasses import dataclass, field

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_SYLLABLE = re.compile(
    rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv{_TONED}]+(?:ng|n|r)?", re.IGNORECASE
)
_PINYIN_BODY = rf"[a-zü{_TONED}]{{1,7}}"
_ANNOTATION_RE = re.compile(rf"(?<=[{_CJK}])[(（]({_PINYIN_BODY})[)）]")
_BROKEN_ANNOTATION_RE = re.compile(rf"(?<=[{_CJK}])((?:\?{_PINYIN_BODY}\))+)")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufeff\u200b-\u200f\u2028\u2029\u2060]")
_BLOCK_TAGS = "p|div|br|li|ul|ol|tr|table|h[1-6]|section|article|blockquote|figure|figcaption"
_TAG_RE = re.compile(r"<!--.*?-->|<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,300}?/?\s*>", re.DOTALL)
_TRUNCATED_TAG_RE = re.compile(rf"(?<![<A-Za-z0-9])/({_BLOCK_TAGS}|span|strong|em|b|i|a)>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_SPACES_RE = re.compile(r"[ \t\xa0\u3000\u2002-\u200a]+")

_SEPARATOR_RE = re.compile(r"^[\s\-–—_=~*·•.。…|]+$")
_SECTION_MARK_RE = re.compile(r"^(?:\d\s?){1,3}$|^(?:PART|Part|part)\s*\d{1,2}$")
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_TIMESTAMP_LINE_RE = re.compile(rf"^{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?P<tail>.{{0,20}})$")
_PUBLISHED_LINE_RE = re.compile(
    rf"^(?:发布时间|發佈時間|發布時間|发布于|發布於|發佈於|发表于|發表於|发布日期|發佈日期|日期|时间|時間)\s*[:：]?\s*{_DATE}.{{0,30}}$"
)
_RELATED_RE = re.compile(
    r"^(?:相關推薦|相关推荐|相關閱讀|相关阅读|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|近期爆文|往期回顾|往期回顧|"
    r"往期推荐|热门推荐|熱門推薦|猜你喜欢|猜你喜歡|更多精彩|精彩推荐|热文推荐)\s*[:：\-–—]?\s*$"
)
_EDITOR_RE = re.compile(r"^[-—\s(（\[【]*(?:责任编辑|責任編輯|编辑|編輯|责编|責編|校对|校對|审核|審核|监制|監製|主编|主編)\s*[:：|丨/]")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_END_MARK_RE = re.compile(r"^(?:全文完|（完）|\(完\)|[-—\s]*END[-—\s]*$|The End\s*$)", re.IGNORECASE)
_CALL_TO_ACTION_RE = re.compile(r"点个赞|點個讚|点个在看|點個在看|点击关注|點擊關注|关注我们|關注我們|扫码关注|掃碼關注|长按二维码|長按二維碼")
_DISCLAIMER_RE = re.compile(r"^(?:特别声明|特別聲明|免责声明|免責聲明|版权声明|版權聲明)\s*[:：]")
_EN_DISCLAIMER_RE = re.compile(
    r"^(?:Notice|Disclaimer|Statement)\s*:.*(?:content above|information storage|platform|NetEase|Sohu)", re.IGNORECASE
)
_PLATFORMS = (
    "网易号", "網易號", "搜狐号", "搜狐號", "百家号", "百家號", "头条号", "頭條號", "企鹅号", "企鵝號",
    "大风号", "大風號", "一点号", "一點號", "澎湃号", "澎湃號", "微信公众号", "微信公眾號",
)
_PLATFORMS_EN = {"netease hao": "网易号", "sohu hao": "搜狐号", "baijiahao": "百家号", "toutiao hao": "头条号"}
_NAME = rf"[{_CJK}·]{{2,5}}"
_REPORTER_RE = re.compile(
    rf"^(?P<outlet>[0-9A-Za-z{_CJK}]{{2,16}}?)\s?(?:特约记者|特約記者|记者|記者)\s*(?P<author>{_NAME}(?:[\s、]+{_NAME})*?)"
    rf"(?:\s+(?P<place>[{_CJK}]{{2,4}})(?:报道|報道|報導))?$"
)
_BRACKET_BYLINE_RE = re.compile(
    rf"^[【\[]\s*(?:文|作者|撰文)\s*[/／|丨:：]\s*(?:(?P<outlet>[^\s】\]/]{{2,16}})\s+)?(?P<author>{_NAME})\s*[】\]]\s*"
)
_PLAIN_BYLINE_RE = re.compile(
    rf"^[►▶■●◆▲>＞\s]*(?:文|作者|撰文|文字)\s*(?:[/／|丨:：]\s*|\s+)(?P<author>{_NAME})(?:\s+(?:摄|攝|编辑|編輯).*)?$"
)
_SOURCE_RE = re.compile(
    r"^(?:本文|文章|原文)?(?:来源|來源|出处|出處|转自|轉自|转载自|轉載自)\s*[:：|丨]\s*(?P<value>[^\s].{0,40})$"
)
_ABSTRACT_RE = re.compile(r"^(?:摘要|导语|導語|内容提要|內容提要|提要)\s*[:：]\s*(?P<body>.+)$")
_TITLE_MARK_RE = re.compile(r"^(?:标题|標題)\s*[:：]\s*(?P<title>.+)$")
_CLOSERS = {"“": "”", "「": "」", "『": "』", "（": "）", "《": "》", "‘": "’", "〔": "〕"}
_SHORT_LINE = 60
_FOOTER_LINES = 8


@dataclass
class CleanResult:
    """Cleaned body (original script, one paragraph per line), inferred metadata and an audit trail."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)


@functools.lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion with one converter per process (the one place the project converts)."""
    return _converter("t2s").convert(text) if text else text


def to_script(text: str, script: str) -> str:
    """Convert text to 'Hans' (Simplified, t2s) or 'Hant' (Traditional, s2t)."""
    return _converter("s2t" if script == "Hant" else "t2s").convert(str(text)) if text else text


def detect_script(text: str, threshold: float = 0.05) -> str:
    """'Hant' when t2s changes at least `threshold` of the CJK characters, else 'Hans'.

    Traditional prose changes 15-30% (seeds and dev sentences); a Simplified article that quotes one
    Traditional sentence, or has stray variants, stays well under 5%.
    """
    n_cjk = len(_CJK_RE.findall(text or ""))
    if not n_cjk:
        return "Hans"
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        changed = sum(a != b for a, b in zip(text, simplified))
    else:
        changed = len(set(text) ^ set(simplified))
    return "Hant" if changed / n_cjk >= threshold else "Hans"


def _freq(word: str) -> int:
    from analytics import segment

    return segment.word_freq(to_simplified(word))


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK_RE.match(ch))


def _is_wide_punct(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·"


def _gbk(s: str) -> bytes | None:
    try:
        return s.encode("gbk")
    except UnicodeEncodeError:
        return None


def _decode_gbk(data: bytes) -> str | None:
    try:
        return data.decode("gbk")
    except UnicodeDecodeError:
        return None


def _strip_html(text: str, removed: list) -> str:
    def tag(m: re.Match) -> str:
        removed.append(("html", m.group()))
        name = (m.group(2) or "").lower()
        return "\n" if re.fullmatch(_BLOCK_TAGS, name) else ""

    text = _TAG_RE.sub(tag, text)
    text = _TRUNCATED_TAG_RE.sub(lambda m: (removed.append(("html", m.group())), "\n")[1], text)

    def entity(m: re.Match) -> str:
        removed.append(("html_entity", m.group()))
        return html.unescape(m.group())

    return _ENTITY_RE.sub(entity, text)


def _strip_annotations(text: str, removed: list) -> str:
    def repl(m: re.Match) -> str:
        body = m.group(1)
        if _PINYIN_SYLLABLE.fullmatch(body) and any(c in _TONED or c == "ü" for c in body.lower()):
            removed.append(("pinyin", m.group()))
            return ""
        return m.group()

    return _ANNOTATION_RE.sub(repl, text)


def _shifted_span(text: str, start: int, max_chars: int = 8) -> tuple[int, bytes] | None:
    """Double-byte chars from `start` up to an ASCII trail byte (0x40-0x7E) that is not part of an ASCII word."""
    data = b""
    i = start
    while i < len(text) and i - start <= max_chars:
        ch = text[i]
        if ch.isascii():
            if not "\x40" <= ch <= "\x7e":
                return None
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt.isascii() and nxt.isalnum():
                return None
            return i + 1, data + ch.encode()
        enc = _gbk(ch)
        if enc is None or len(enc) != 2:
            return None
        data += enc
        i += 1
    return None


def _common(s: str, min_freq: int = 100) -> bool:
    """All CJK chars of `s` are common single characters in jieba's dictionary; punctuation passes."""
    return all(_is_wide_punct(c) or (_is_cjk(c) and _freq(c) >= min_freq) for c in s)


def _repair_broken_annotations(text: str, removed: list) -> str:
    """`當?shù)貢r間`: an annotated char lost its bytes; realign the shifted chars after it, guessing the lost byte."""
    out, pos = [], 0
    for m in _BROKEN_ANNOTATION_RE.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        prev = text[m.start() - 1]
        span = _shifted_span(text, m.end())
        replacement, end = "?", m.end()
        if span is not None and _gbk(prev) is not None:
            span_end, data = span
            guess = _guess_lost_lead(prev, data, text[span_end:span_end + 2])
            if guess:
                replacement, end = guess, span_end
        removed.append(("mojibake", text[m.start():end] + " -> " + replacement))
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _guess_lost_lead(prev: str, data: bytes, following: str) -> str | None:
    """Try every lead byte for the realigned span; keep the reading jieba's dictionary clearly prefers."""
    prev_trail = _gbk(prev)[-1:]
    scored = []
    for lead in range(0x81, 0xFF):
        if _decode_gbk(prev_trail + bytes([lead])) is None:
            continue
        decoded = _decode_gbk(bytes([lead]) + data)
        if not decoded or not all(_is_cjk(c) or _is_wide_punct(c) for c in decoded):
            continue
        first = decoded[0]
        context = decoded + following
        score = max(_freq(prev + first), _freq(first + context[1:2]), _freq(first + context[1:3]))
        scored.append((score, decoded))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < 100:
        return None
    runner_up = scored[1][0] if len(scored) > 1 else 0
    return scored[0][1] if scored[0][0] >= 5 * max(runner_up, 1) else None


def _repair_period_shift(text: str, removed: list) -> str:
    """`?,F在` -> `。現在`: GBK bytes after 。 (A1 A3) were read one byte off; realign and decode strictly."""
    out, pos, i = [], 0, 0
    while True:
        i = text.find("?", i)
        if i < 0 or i + 1 >= len(text):
            break
        before = text[i - 1] if i else ""
        c = text[i + 1]
        if not (before and (_is_cjk(before) or _is_wide_punct(before)) and "\x21" <= c <= "\x7e"):
            i += 1
            continue
        orphan = bytes([0xA1, 0xA3, ord(c) | 0x80])
        replacement, end = None, None
        span = _shifted_span(text, i + 2)
        if span is not None:
            decoded = _decode_gbk(orphan + span[1])
            if decoded and _common(decoded):
                replacement, end = decoded, span[0]
        elif c != "?" and text[i + 2:i + 3] == "?" and _line_ends(text, i + 3):
            replacement, end = _close_paragraph(text, i, orphan), i + 3
        if replacement is None:
            i += 1
            continue
        removed.append(("mojibake", text[i:end] + " -> " + replacement))
        out.append(text[pos:i] + replacement)
        pos = i = end
    out.append(text[pos:])
    return "".join(out)


def _line_ends(text: str, i: int) -> bool:
    rest = text[i:i + 80]
    return not rest.split("\n", 1)[0].strip()


def _close_paragraph(text: str, i: int, orphan: bytes) -> str:
    """`?!?` at a paragraph end: 。 plus the closing mark (its last byte was lost) that balances an open quote."""
    line_start = text.rfind("\n", 0, i) + 1
    para = text[line_start:i]
    for opener, closer in _closers_led_by(orphan[2]):
        if para.count(opener) > para.count(closer):
            return "。" + closer
    return "。"


@functools.lru_cache(maxsize=128)
def _closers_led_by(lead: int) -> tuple[tuple[str, str], ...]:
    """(opener, closer) pairs whose closing mark is a GBK char with this lead byte."""
    found = []
    for trail in range(0x40, 0xFF):
        ch = _decode_gbk(bytes([lead, trail]))
        found.extend((o, c) for o, c in _CLOSERS.items() if c == ch)
    return tuple(found)


def _normalise(raw: str, removed: list) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_html(text, removed)
    bad = _CONTROL_RE.findall(text)
    if bad:
        removed.append(("control", "".join(bad)))
        text = _CONTROL_RE.sub("", text)
    text = _strip_annotations(text, removed)
    text = _repair_broken_annotations(text, removed)
    text = _repair_period_shift(text, removed)
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _published(m: re.Match) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _split_source(value: str) -> str:
    """Outlet part of a source line: drop a trailing person name (`科技袁人袁岚峰` -> `科技袁人`)."""
    simplified = to_simplified(value)
    if len(simplified) != len(value):
        return value
    from analytics import segment

    tokens = list(segment.pos_tokenizer().cut(simplified))
    if len(tokens) >= 2 and tokens[-1].flag == "nr" and 2 <= len(tokens[-1].word) <= 3:
        cut = len(value) - len(tokens[-1].word)
        if cut >= 2:
            return value[:cut]
    return value


def _source_parts(value: str) -> tuple[str, str]:
    """`财新网 记者 张三` -> (`财新网`, `张三`) by the reporter-byline rule; `科技袁人袁岚峰` -> (`科技袁人`, '')."""
    m = _REPORTER_RE.match(re.sub(r"\s*(特约记者|特約記者|记者|記者)\s*", r"\1", value))
    if m:
        return _split_source(m.group("outlet")), m.group("author")
    return _split_source(value), ""


def _platform_in(line: str) -> str | None:
    for name in _PLATFORMS:
        if name in line:
            return name
    low = line.lower()
    return next((v for k, v in _PLATFORMS_EN.items() if k in low), None)


def _block_rule(line: str) -> str:
    return "disclaimer" if _DISCLAIMER_RE.match(line) or _EN_DISCLAIMER_RE.match(line) else "related_block"


def _timestamp_items(lines: list[str]) -> set[int]:
    """Indices of timestamp lines that belong to a list (another timestamp line within three lines)."""
    stamps = [i for i, line in enumerate(lines) if _TIMESTAMP_LINE_RE.match(line)]
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    return {i for k, i in enumerate(stamps) if (k and gaps[k - 1] <= 3) or (k < len(gaps) and gaps[k] <= 3)}


def _zones(lines: list[str]) -> tuple[int | None, set[int], set[int]]:
    """Index of a first-line headline, the header lines between it and the body, and the footer lines."""
    from analytics import bylines

    filled = [i for i, line in enumerate(lines) if line]
    if not filled:
        return None, set(), set()
    first = filled[0]
    following = lines[filled[1]] if len(filled) > 1 else ""
    title = first if not _SEPARATOR_RE.match(lines[first]) and bylines.looks_like_headline(lines[first], following) else None
    header: set[int] = set()
    for k, i in enumerate(filled):
        if i == title:
            continue
        line = lines[i]
        nxt = lines[filled[k + 1]] if k + 1 < len(filled) else ""
        if bylines.read_line(line, "header", nxt) is None and (len(line) > 40 or re.search(r"[。！？!?，,]", line)):
            break
        header.add(i)
    body = [i for i in filled if i not in header and i != title]
    footer = set(body[1:][-_FOOTER_LINES:])
    return title, header, footer


def _strip_furniture(lines: list[str], meta: dict, removed: list) -> list[str]:
    """Drop page furniture line by line, moving bylines, source lines, title and platform into `meta`."""
    from analytics import bylines

    for line in lines:
        platform = _platform_in(line) if (_DISCLAIMER_RE.match(line) or _EN_DISCLAIMER_RE.match(line)) else None
        if platform:
            meta.setdefault("platform", platform)
    cut = next((i for i, line in enumerate(lines) if _RELATED_RE.match(line.rstrip(" -–—"))), None)
    if cut is not None:
        removed.extend((_block_rule(line), line) for line in lines[cut:] if line)
        lines = lines[:cut]
    listed = _timestamp_items(lines)
    title_idx, header, footer = _zones(lines)
    if title_idx is not None:
        meta.setdefault("title", lines[title_idx])
    found_head: list = []
    found_foot: list = []
    kept: list[str] = []
    body_started = False
    leads = 0
    for i, line in enumerate(lines):
        rule = None
        if not line:
            continue
        zone = "header" if i in header else "footer" if i in footer else ""
        nxt = next((x for x in lines[i + 1:] if x), "")
        fields = bylines.read_line(line, zone, nxt) if zone and i not in listed else None
        if _SEPARATOR_RE.match(line):
            rule = "separator"
        elif i in listed:
            rule = "timestamp_list"
            if i - 1 not in listed and kept and kept[-1] == lines[i - 1] and len(kept[-1]) <= _SHORT_LINE:
                removed.append(("link_list", kept.pop()))
        elif (m := _TIMESTAMP_LINE_RE.match(line)) and len(m.group("tail").strip()) <= 20:
            rule = "dateline"
            if not body_started and (date := _published(m)):
                meta.setdefault("published", date)
        elif m := _PUBLISHED_LINE_RE.match(line):
            rule = "dateline"
            if date := _published(m):
                meta.setdefault("published", date)
        elif _EDITOR_RE.match(line) and len(line) <= 40:
            rule = "editor"
        elif _EMAIL_RE.search(line) and len(line) <= 80:
            rule = "email"
        elif _END_MARK_RE.match(line) or (_CALL_TO_ACTION_RE.search(line) and len(line) <= 40):
            rule = "end_mark"
        elif _DISCLAIMER_RE.match(line) or _EN_DISCLAIMER_RE.match(line):
            rule = "disclaimer"
        elif _SECTION_MARK_RE.match(line):
            rule = "section_mark"
        elif _title_framed(lines, i) and not body_started and "title" not in meta:
            rule = "title"
            meta["title"] = line
        elif (m := _TITLE_MARK_RE.match(line)) and not body_started:
            rule = "title"
            meta.setdefault("title", m.group("title").strip())
        elif len(line) <= 40 and (m := _REPORTER_RE.match(line)):
            rule = "byline"
            fields = fields or bylines.Fields(outlet=m.group("outlet"), author=m.group("author"), kind="reporter")
        elif len(line) <= 30 and (m := _PLAIN_BYLINE_RE.match(line)):
            rule = "byline"
            fields = fields or bylines.Fields(author=m.group("author"))
        elif m := _SOURCE_RE.match(line):
            rule = "source_line"
            if fields is None:
                value = m.group("value").strip()
                outlet, author = _source_parts(value)
                fields = bylines.Fields(outlet=outlet, author=author, source_line=value, kind="source")
        elif m := _BRACKET_BYLINE_RE.match(line):
            removed.append(("byline", m.group()))
            fields = bylines.Fields(outlet=m.group("outlet") or "", author=bylines.person_names(m.group("author")),
                                    kind="bracket")
            line = line[m.end():].strip()
        if rule is None and fields is None and i != title_idx and leads < 2 and i not in header:
            leads += 1
            fields = bylines.read_lead(line)
        if fields is not None:
            (found_foot if zone == "footer" or (body_started and not zone) else found_head).append(fields)
        if rule:
            removed.append((rule, line))
            continue
        if not line:
            continue
        if len(line) > _SHORT_LINE or re.search("[。！？!?]", line):
            body_started = True
        kept.append(line)
    for key, value in bylines.resolve(found_head, found_foot, meta.get("platform", "")).items():
        meta.setdefault(key, value)
    return kept


def _title_framed(lines: list[str], i: int) -> bool:
    """A short line between two separator lines at the top of the page is the headline."""
    line = lines[i]
    if len(line) > _SHORT_LINE or i == 0 or i + 1 >= len(lines):
        return False
    return bool(_SEPARATOR_RE.match(lines[i - 1]) and _SEPARATOR_RE.match(lines[i + 1]))


def _dedupe(lines: list[str], removed: list) -> list[str]:
    """Drop exact duplicate paragraphs and an abstract that repeats (a prefix of) a later paragraph."""
    seen: set[str] = set()
    kept: list[str] = []
    for i, line in enumerate(lines):
        key = re.sub(r"\s+", "", line)
        if key in seen:
            removed.append(("duplicate", line))
            continue
        seen.add(key)
        m = _ABSTRACT_RE.match(line)
        if m:
            body = m.group("body").strip()
            if any(_repeats(body, later) for later in lines[i + 1:]):
                removed.append(("abstract_duplicate", line))
                continue
            removed.append(("abstract_label", line[: m.start("body")]))
            line = body
        kept.append(line)
    return kept


def _repeats(abstract: str, paragraph: str) -> bool:
    a = re.sub(r"[\s.…]+$", "", re.sub(r"\s+", "", abstract))
    p = re.sub(r"\s+", "", paragraph)
    if len(a) < 10:
        return False
    if p.startswith(a) or a in p:
        return True
    return difflib.SequenceMatcher(None, a, p[: len(a) + 10], autojunk=False).ratio() >= 0.9


def clean_text(raw: str) -> CleanResult:
    """Clean one article; never raises, returns empty text when nothing of the body remains."""
    removed: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str) or not raw.strip():
        return CleanResult("", meta, removed)
    try:
        text = _normalise(raw, removed)
        lines = _strip_furniture(text.split("\n"), meta, removed)
        lines = _dedupe(lines, removed)
    except Exception as exc:  # a cleaning rule must never lose the article: fall back to plain lines
        removed.append(("error", f"{type(exc).__name__}: {exc}"))
        lines = [_SPACES_RE.sub(" ", ln).strip() for ln in _CONTROL_RE.sub("", raw).splitlines()]
    return CleanResult("\n".join(ln for ln in lines if ln), meta, removed)
