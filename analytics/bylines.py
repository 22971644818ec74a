"""Who published and who wrote an article: outlet, author and platform from the lines web news states
them in (source lines, datelines, reporter bylines, name-and-date lines, platform lines, footers).

`read_line` reads one header or footer line into `Fields`; `read_lead` reads the dateline that opens a
body paragraph (新华社北京3月5日电（记者 李明）); `resolve` picks the article's values from all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.clean import to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_MEDIA_HEAD = (r"(?:日报|日報|晚报|晚報|早报|早報|时报|時報|商报|商報|周报|週報|周刊|週刊|报|報|通讯社|通訊社|社|网|網|"
               r"电视台|電視台|電台|电台|新闻|新聞|客户端|客戶端|杂志|雜誌|之家|氪|云|雲)")
_MEDIA_HEAD_RE = re.compile(_MEDIA_HEAD + "$")
_SELF = frozenset(("本报", "本報", "本网", "本網", "本台", "本刊", "本社"))
_PLATFORMS = {
    "网易号": "网易号", "網易號": "网易号", "搜狐号": "搜狐号", "搜狐號": "搜狐号", "百家号": "百家号", "百家號": "百家号",
    "头条号": "头条号", "頭條號": "头条号", "企鹅号": "企鹅号", "企鵝號": "企鹅号", "大风号": "大风号", "大風號": "大风号",
    "一点号": "一点号", "一點號": "一点号", "澎湃号": "澎湃号", "澎湃號": "澎湃号",
    "微信公众号": "微信公众号", "微信公眾號": "微信公众号",
}
_PLATFORM_RE = re.compile("|".join(sorted(_PLATFORMS, key=len, reverse=True)))

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RES = [
    re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"),
    re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日"),
    re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d{{2}}\b|\b{_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}\b"),
    re.compile(r"(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\s*HKT)?|\bHKT\b"),
    re.compile(r"[（(]?\s*(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]\s*[)）]?"),
    re.compile(r"[（(]?\s*第?\s*[A-Z]?\d{1,3}\s*版\s*[)）]?"),
]
_DATE_LABEL_RE = re.compile(
    r"(?:发布时间|發佈時間|發布時間|发布日期|發布日期|發佈日期|更新时间|更新時間|出版|日期|时间|時間|更新|发布|發佈|發布)"
    r"\s*[:：]?\s*(?=$|[\s|｜丨/／])"
)
_LOCATION_RE = re.compile(rf"(?:发布于|發布於|發佈於|IP属地|IP屬地)\s*[:：]?\s*[{CJK}]{{2,3}}(?![{CJK}])")
_LABEL_SEP_RE = re.compile(
    r"((?<![{0}])(?:文|图|圖)|作者|撰文者?|采写|採寫|文字|记者|記者|实习记者|實習記者|摄影|攝影|编辑|編輯|责编|責編)"
    r"\s*[/／|｜丨]\s*".format(CJK)
)
_SOURCE_LABELS = ("来源于", "來源於", "来源", "來源", "来自", "來自", "出处", "出處", "转载自", "轉載自", "转自", "轉自",
                  "原文刊载于", "原文刊載於", "原载于", "原載於", "发于", "發於")
_AUTHOR_LABELS = ("作者", "撰文者", "撰文", "采写", "採寫", "文字", "文", "记者", "記者")
_OTHER_LABELS = ("实习记者", "實習記者", "实习生", "實習生", "通讯员", "通訊員", "责任编辑", "責任編輯", "编辑", "編輯",
                 "责编", "責編", "校对", "校對", "审核", "審核", "摄影", "攝影", "图", "圖", "版面编辑", "版面編輯")
_LABELS = sorted(_SOURCE_LABELS + _AUTHOR_LABELS + _OTHER_LABELS, key=len, reverse=True)
_LABEL_RE = re.compile(rf"(?:^|(?<=[\s（(【\[]))(?P<pre>\S{{0,6}}?)(?P<label>{'|'.join(_LABELS)})\s*[:：]\s*|"
                       rf"(?:^|(?<=\s))(?P<label2>{'|'.join(s for s in _SOURCE_LABELS if s.endswith(('于', '於')))})\s*")
_STOP_AFTER_NAME = (r"(?=\s|、|[）)／/|｜〕】\]，,：:。]|$|报道|報導|報道|发自|發自|通讯员|通訊員|实习|實習|摄|攝|编辑|編輯|"
                    r"\d)")
_NOT_NAME = ("通讯员", "通訊員", "实习", "實習", "编辑", "編輯", "摄影", "攝影", "校对", "校對", "责编", "責編", "发自", "發自",
             "综合", "綜合", "编译", "編譯", "整理", "报道", "報導", "報道", "即时", "即時", "广编", "廣編")
_NAME = rf"(?!{'|'.join(_NOT_NAME)})[{CJK}·]{{2,4}}?{_STOP_AFTER_NAME}"
_REPORTER_RE = re.compile(
    rf"(?P<outlet>[^\s：:（(【〔\[]*?)\s?(?P<kind>实习记者|實習記者|特约记者|特約記者|全媒体记者|全媒體記者|首席记者|首席記者|记者|記者)"
    rf"\s*[:：]?\s*(?P<names>{_NAME}(?:[ 、]{_NAME})*)"
)
_REPORT_TAIL_RE = re.compile(rf"^[{CJK}]{{0,4}}?(?:即時|即时|综合|綜合)?(?:报道|報導|報道)$")
_SECTION_WORDS_RE = re.compile(r"\s*(?:评测|評測|专栏|專欄|快讯|快訊|独家|獨家|原创|原創|关注|關注|订阅|訂閱|\+关注)$")
_CHANNEL_RE = re.compile(rf"(?:[-—－·•]\s*[{CJK}A-Za-z0-9]{{1,8}}(?:频道|頻道|客户端|客戶端|派)?|\s*(?:客户端|客戶端|电子报|電子報|网站|網站|"
                         rf"APP|App))$")
_BARE_RE = re.compile(rf"^[{CJK}A-Za-z0-9·]{{2,16}}(?:\s+[A-Za-z][A-Za-z .]{{1,30}})?$")
_DATELINE_RE = re.compile(
    rf"^[（(〔]?\s*(?P<head>[{CJK}A-Za-z0-9·]{{2,24}}?)\s*(?P<date>(?:(?:19|20)\d{{2}}年)?\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}日)?"
    r"\s*(?:专电|專電|电|電|讯|訊)(?=[\s（(，,：:）)〕】]|$|记者|記者|全媒体|全媒體)"
)
_BRACKET_OUTLET_RE = re.compile(rf"^[【\[]\s*(?P<outlet>[{CJK}A-Za-z0-9·]{{2,12}}?)(?:专讯|專訊|讯|訊)?\s*[】\]]")
_COPYRIGHT_RE = re.compile(
    r"^(?:Copyright\s*)?(?:©|\(c\)|（c）|版权所有|版權所有)\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?\s*"
    r"(?P<name>[^\s©].{0,20}?)\s*(?:版权所有|版權所有|All rights reserved\.?|保留所有权利)?\s*$",
    re.IGNORECASE,
)
_ORIGINAL_TITLE_RE = re.compile(r"^[（(]?\s*(?:原标题|原標題|原题|原題)\s*[:：]?")
_NOT_OUTLET = frozenset(("网络", "網絡", "网友", "網友", "综合", "綜合", "资料", "資料", "受访者", "受訪者", "本站", "互联网"))


@dataclass
class Fields:
    """What one line says about the article's publication; `kind` says how strongly."""

    outlet: str = ""
    author: str = ""
    platform: str = ""
    account: str = ""
    bare: str = ""
    source_line: str = ""
    kind: str = ""
    end: int = 0

    def any(self) -> bool:
        return bool(self.outlet or self.author or self.platform or self.account or self.bare)


def _media_entry(name: str):
    from analytics import voices

    d = voices.load_dictionary()
    eid = d.lookup(to_simplified(name))
    return d.entries[eid] if eid and d.entries[eid].type == "media" else None


def is_known_outlet(name: str) -> bool:
    """A well-known outlet of the curated dictionary (any script or alias)."""
    return bool(name) and _media_entry(name) is not None


def _outlet_prefix(head: str) -> tuple[str, str]:
    """`新华社北京` -> (`新华社`, `北京`): the longest known outlet, else the longest prefix ending like an outlet."""
    head = head.split("·")[0] if "·" in head and _MEDIA_HEAD_RE.search(head.split("·")[0]) else head
    for n in range(len(head), 1, -1):
        if is_known_outlet(head[:n]):
            return head[:n], head[n:]
    for n in range(len(head), 1, -1):
        if _MEDIA_HEAD_RE.search(head[:n]):
            return head[:n], head[n:]
    return "", head


def _clean_outlet(name: str) -> str:
    """Drop brackets, channels and sub-brands: `人民网-汽车频道` -> `人民网`, `羊城晚报·羊城派` -> `羊城晚报`."""
    name = name.strip().strip("《》<>「」“”\"'()（）[]【】 ·:：|")
    for _ in range(2):
        cut = _CHANNEL_RE.sub("", name).strip()
        if len(cut) >= 2 and cut != name:
            name = cut
    if "·" in name:
        first = name.split("·")[0].strip()
        if len(first) >= 2 and (_MEDIA_HEAD_RE.search(first) or is_known_outlet(first)):
            name = first
    return name.strip()


def _surname_ok(name: str) -> bool:
    from analytics import voices

    from analytics import segment

    s = to_simplified(name)
    if "·" in s or s[:1] in voices._SURNAMES or s[:2] in voices._COMPOUND_SURNAMES:
        return True
    return len(s) <= 3 and segment.word_freq(s) == 0


def person_names(text: str) -> str:
    """Reporter names at the start of `text` (`杨菲 王婧`), or '' for words such as 综合 or 成都."""
    return _names(text + " ")


def _names(text: str) -> str:
    """Reporter names at the start of `text`; a second name needs a surname and must not be a word (成都)."""
    from analytics import segment, voices

    found = re.findall(_NAME, text)
    keep = found[:1] if found and _surname_ok(found[0]) else []
    for n in found[1:] if keep else []:
        s = to_simplified(n)
        if not (s[:1] in voices._SURNAMES and segment.word_freq(s) == 0):
            break
        keep.append(n)
    return " ".join(keep)


def reporter(text: str) -> tuple[str, str] | None:
    """`北京商报记者 何倩 实习记者 马悦` -> (`北京商报`, `何倩`); `本报记者 游星辰 罗晓婷` -> (`本报`, `游星辰 罗晓婷`)."""
    for m in _REPORTER_RE.finditer(text):
        if m.group("kind").startswith(("实习", "實習")):
            continue
        names = _names(m.group("names"))
        if not names:
            continue
        outlet = _clean_outlet(m.group("outlet"))
        return (outlet if len(outlet) >= 2 else ""), names
    return None


def _split_span(span: str) -> str:
    """`鍾佩芳台北` -> `鍾佩芳`: a dateline's reporter name before the place (the place is a known word)."""
    from analytics import segment

    for n in (3, 2, 4):
        rest = span[n:]
        if len(rest) >= 2 and segment.word_freq(to_simplified(rest)) > 0:
            return span[:n]
    return span[:3] if len(span) >= 5 else span[:2]


def dateline(text: str) -> Fields | None:
    """`新华社北京2024年3月5日电（记者 李明）`, `中央社記者陳怡君台北2023年11月2日電`, `本报讯（记者 王磊）`."""
    m = _DATELINE_RE.match(text)
    if not m or re.match(r"^(?:据|據|另据|另據|又|综合|綜合)", m.group("head")):
        return None
    head = re.sub(r"(?:19|20)\d{2}年$", "", m.group("head"))
    f = Fields(kind="dateline")
    rep = re.search(r"(?:全媒体|全媒體|特约|特約)?(?:记者|記者)", head)
    if rep:
        outlet, span = head[:rep.start()], head[rep.end():]
        f.author = _split_span(span) if span else ""
        outlet = _clean_outlet(outlet)
    else:
        outlet, _place = _outlet_prefix(head)
        outlet = _clean_outlet(outlet) if outlet else ""
    if not outlet:
        return None
    f.outlet = outlet
    f.end = m.end()
    paren = re.match(r"\s*[（(][^）)]{2,30}[）)]", text[m.end():])
    if paren:
        f.end += paren.end()
    if not f.author:
        r = reporter(paren.group() if paren else text[m.end():m.end() + 40])
        if r:
            f.author = r[1]
    return f


def _strip_dates(line: str) -> tuple[str, bool]:
    had = False
    for rx in _DATE_RES:
        line, n = rx.subn(" ", line)
        had = had or bool(n)
    line, n = _LOCATION_RE.subn(" ", line)
    line = _DATE_LABEL_RE.sub(" ", line)
    return re.sub(r"\s+", " ", line).strip(), had


def _platform(text: str) -> tuple[str, str] | None:
    """`救援那些事儿 · 网易号` / `搜狐号：法润生活` / `头条号「家居生活馆」` -> (platform, account)."""
    m = _PLATFORM_RE.search(text)
    if not m:
        return None
    rest = (text[:m.start()] + " " + text[m.end():]).strip()
    rest = _SECTION_WORDS_RE.sub("", rest)
    rest = re.sub(r"^(?:作者|来源|來源)\s*[:：]?", "", rest.strip(" ·•:：「」“”\"『』|"))
    rest = rest.strip(" ·•:：「」“”\"『』|")
    return _PLATFORMS[m.group()], (rest if _BARE_RE.match(rest) else "")


def _labelled(chunk: str) -> tuple[str, list[tuple[str, str]]]:
    """Split `香港01 撰文：何嘉欣` into its lead (`香港01`) and (label, value) pairs."""
    marks = list(_LABEL_RE.finditer(chunk))
    if not marks:
        return chunk.strip(), []
    lead = chunk[:marks[0].start()].strip()
    pairs = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(chunk)
        label = m.group("label") or m.group("label2")
        value = chunk[m.end():end].strip()
        if label in ("记者", "記者") and m.group("pre"):
            value = m.group("pre") + label + value
        pairs.append((label, value))
    return lead, pairs


def _source_value(value: str, f: Fields) -> None:
    f.source_line = f.source_line or value
    plat = _platform(value)
    if plat:
        f.platform, f.account = plat
        return
    r = reporter(value)
    if r:
        f.outlet = f.outlet or r[0]
        f.author = f.author or r[1]
        return
    name = _clean_outlet(value.split(" ")[0] if " " in value and is_known_outlet(value.split(" ")[0]) else value)
    if name and not is_known_outlet(name):
        from analytics.clean import _split_source

        name = _split_source(name)
    if name and name not in _NOT_OUTLET:
        f.outlet = f.outlet or name
        f.kind = f.kind or "source"


def _author_value(value: str, f: Fields, label: str) -> None:
    value = value.strip().strip("【】[]（）()")
    if label in ("记者", "記者") and not re.search("记者|記者", value):
        value = "记者" + value
    r = reporter(value)
    if r:
        f.outlet = f.outlet or r[0]
        f.author = f.author or r[1]
        f.kind = f.kind or "author"
        return
    parts = value.split(" ")
    if len(parts) == 2 and is_known_outlet(parts[1]) and re.fullmatch(rf"[{CJK}·]{{2,4}}", parts[0]):
        parts = parts[::-1]
    if len(parts) >= 2 and (is_known_outlet(parts[0]) or _MEDIA_HEAD_RE.search(parts[0])):
        f.outlet = f.outlet or _clean_outlet(parts[0])
        f.author = f.author or _names(" ".join(parts[1:]))
        f.kind = f.kind or "author"
    elif _BARE_RE.match(parts[0]) and label not in ("记者", "記者"):
        f.author = f.author or parts[0]


def _lead(lead: str, f: Fields, dated: bool) -> bool:
    """Read a chunk without labels; False when it is not byline text."""
    lead = _SECTION_WORDS_RE.sub("", lead.strip(" ·•《》")).strip(" ·•《》")
    if lead.count("（") + lead.count("(") != lead.count("）") + lead.count(")"):
        lead = lead.strip("（）() ")
    if not lead or re.match(rf"^(?:{'|'.join(_OTHER_LABELS)})\s", lead):
        return True
    if _REPORT_TAIL_RE.match(lead) and not is_known_outlet(lead):
        return True
    d = dateline(lead)
    if d and d.end >= len(lead):
        f.outlet, f.author, f.kind = f.outlet or d.outlet, f.author or d.author, f.kind or "dateline"
        return True
    m = _BRACKET_OUTLET_RE.match(lead)
    if m and lead[m.end():].strip() == "":
        f.outlet, f.kind = f.outlet or _clean_outlet(m.group("outlet")), f.kind or "bracket"
        return True
    plat = _platform(lead)
    if plat:
        f.platform, f.account = f.platform or plat[0], f.account or plat[1]
        return True
    r = reporter(lead)
    if r:
        f.outlet, f.author = f.outlet or r[0], f.author or r[1]
        f.kind = f.kind or "reporter"
        return True
    if _BARE_RE.match(lead):
        from analytics import segment

        hans = to_simplified(lead)
        if dated and len(hans) <= 3 and any(t.flag == "ns" for t in segment.pos_tokenizer().cut(hans)):
            return True
        name = _clean_outlet(lead)
        if is_known_outlet(name) or is_known_outlet(name.split(" ")[0]):
            f.outlet, f.kind = f.outlet or name.split(" ")[0] if " " in name else name, f.kind or "known"
        else:
            f.bare = f.bare or name.split(" ")[0]
        return True
    return False


def read_line(line: str, zone: str = "header", following: str = "") -> Fields | None:
    """The publication fields of one byline, source, dateline or footer line, or None when the line is
    something else. `zone` is `header` (between headline and body) or `footer` (after the body); a bare
    name (`娱乐前哨站`) counts only on a dated line or when the `following` line is dated or names a platform."""
    if not line or len(line) > 90:
        return None
    if zone == "footer":
        return _footer(line)
    if re.search(r"[。！？!?，,；;]", line):
        return None
    text, dated = _strip_dates(line)
    text = _LABEL_SEP_RE.sub(r"\1：", text)
    f = Fields()
    for chunk in re.split(r"\s*[|｜丨/／]\s*", text):
        chunk = chunk.strip().strip("〔〕")
        if chunk.startswith(("（", "(")) and chunk.endswith(("）", ")")):
            chunk = chunk[1:-1].strip()
        if not chunk.strip(" ()（）·-—:："):
            continue
        lead, pairs = _labelled(chunk)
        if not _lead(lead, f, dated):
            return None
        for label, value in pairs:
            if label in _SOURCE_LABELS:
                _source_value(value, f)
                f.kind = f.kind or "source"
            elif label in _AUTHOR_LABELS:
                _author_value(value, f, label)
    if not f.any():
        return None
    if f.bare and not dated and not (f.outlet or f.author or f.platform):
        confirmed = following and (_strip_dates(following)[1] or _PLATFORM_RE.search(following))
        if not confirmed and not _MEDIA_HEAD_RE.search(f.bare):
            return None
        f.kind = "bare"
    return f


def _footer(line: str) -> Fields | None:
    """Footer forms: `来源：宁波日报`, `© 2024 香港01`, `原标题：… 来源：X`, `原文刊载于…`, `转载自…`."""
    text = line.strip()
    if not _COPYRIGHT_RE.match(text):
        text = _strip_dates(text)[0]
    f = Fields(kind="footer")
    m = _COPYRIGHT_RE.match(text)
    if m:
        name = _clean_outlet(_strip_dates(m.group("name"))[0])
        if name:
            f.outlet = name
            return f
        return None
    if _ORIGINAL_TITLE_RE.match(text):
        src = re.search(r"(?:来源|來源)\s*[:：]\s*(?P<v>[^\s）)]{2,20})", text)
        if src:
            _source_value(src.group("v"), f)
        return f
    m = re.match(rf"^[（(]?\s*(?:本文|文章|原文)?(?:{'|'.join(_SOURCE_LABELS)})\s*[:：]?\s*(?P<v>.{{2,40}}?)\s*[)）]?$", text)
    if m:
        value, _ = _strip_dates(m.group("v"))
        value = re.sub(r"\s*(?:第\s*\d+\s*版|\d+版)$", "", value).strip("《》 ")
        if value:
            _source_value(value, f)
            return f if f.any() else None
    plat = _platform(text) if len(text) <= 30 or re.match(r"^(?:特别|特別|免责|免責|版权|版權)?(?:声明|聲明)\s*[:：]", text) else None
    if plat and (len(text) > 30 or not re.search("[。！？]", text)):
        f.platform, f.account = plat
        return f
    return None


def read_lead(paragraph: str) -> Fields | None:
    """The dateline that opens a body paragraph: `新京报讯（记者 孟繁宇）8月20日…`, `【明報專訊】深水埗…`."""
    m = _BRACKET_OUTLET_RE.match(paragraph)
    if m and re.search(r"(?:专讯|專訊|讯|訊|网|網)\s*[】\]]$", m.group()):
        f = Fields(outlet=_clean_outlet(m.group("outlet")), kind="bracket")
        r = reporter(paragraph[m.end():m.end() + 30].split("）")[0])
        if r:
            f.author = r[1]
        return f
    m = re.match(r"^[〔(（]\s*(?:记者|記者)[^〕)）]{2,16}[〕)）]", paragraph)
    if m:
        r = reporter(m.group().strip("〔〕()（）"))
        return Fields(author=r[1], kind="reporter") if r else None
    d = dateline(paragraph)
    if d is None and re.match(rf"^[{CJK}A-Za-z0-9·]{{2,12}}(?:记者|記者)\s?[{CJK}]", paragraph):
        r = reporter(paragraph[:24])
        if r and r[0]:
            from analytics import voices

            if to_simplified(r[1])[:1] in voices._SURNAMES:
                return Fields(outlet=r[0], author=r[1], kind="reporter")
    return d


def resolve(header: list[Fields], footer: list[Fields], disclaimer_platform: str = "") -> dict[str, str]:
    """The article's outlet, author and platform: header lines first (explicit before bare names), then footers.

    An article on a self-media platform (网易号, 搜狐号…) with a named account is published by the platform;
    the account is its author. `本报` (the paper itself) names no outlet.
    """
    meta: dict[str, str] = {}
    stated = [f for f in header if f.outlet and f.outlet not in _SELF]
    strong = ([f.outlet for f in stated if f.kind not in ("reporter", "author")]
              + [f.outlet for f in stated if f.kind in ("reporter", "author")])
    bare = [f.bare for f in header if f.bare]
    foot = [f.outlet for f in footer if f.outlet and f.outlet not in _SELF]
    authors = [f.author for f in header if f.author] + [f.author for f in footer if f.author]
    platform = next((f.platform for f in header + footer if f.platform), "") or disclaimer_platform
    account = next((f.account for f in header + footer if f.account), "")
    outlet = (strong or bare or foot or [""])[0]
    author = authors[0] if authors else ""
    if platform:
        account = account or author or (bare[0] if bare else "")
        if account:
            outlet, author = platform, account
    if outlet:
        meta["outlet"] = outlet
    if author:
        meta["author"] = author
    if platform:
        meta["platform"] = platform
    source_line = next((f.source_line for f in header + footer if f.source_line), "")
    if source_line:
        meta["source_line"] = source_line
    return meta


def looks_like_headline(line: str, following: str) -> bool:
    """A first line is the headline when it is short, has no sentence-final full stop and is followed by text."""
    line = line.strip()
    if not line or not following or len(line) > 64 or re.search(r"[。；;]|[：:，,、]$", line):
        return False
    if re.fullmatch(r"[\d\s\-/.:年月日]+", line) or _strip_dates(line)[0] == "":
        return False
    return read_line(line) is None and not _PLATFORM_RE.search(line)
