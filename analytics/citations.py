"""Cited sources: who is cited saying what, sentence by sentence (speech cues, quotes running over
sentences, pronouns back to recent speakers, 据…报道 venues). Apart from the entity tables because
attribution has its own patterns; it reads each article's names from ``article_names``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analytics.article_names import _Cluster, _article_rows, _entity_key, _names_cached, _version
from analytics.entity_dict import fold, load_dictionary, _norm, _source_type
from analytics.entity_recognition import _EMPLOYER_GAP, Span
from analytics.outlets import _own_outlet_keys
from analytics.speech_cues import _CUE_RE

SPEAKER_TYPES = {"org", "person", "media"}
CITATION_COLUMNS = ["article_id", "sentence_idx", "source", "source_en", "source_type", "quote", "cue",
                    "source_id"]

_OPEN = {"“": "”", "「": "」", "『": "』"}
_PARENS = {"(": ")", "（": "）"}
_CLAUSE = set("，,：:；;")
_MASK = "\x00"
_INTRODUCES = {"援引", "引述"}
_OBJECT_BEFORE = ("对", "给", "向", "被", "与", "跟", "把", "比", "继", "在", "据", "替", "嘲笑", "告诉",
                  "超越", "超过", "关于", "赶上", "采访", "为何", "收购", "投资", "起诉", "接受")
_FILLER = re.compile(r"^(?:只能|同时|公开|再次|多次|此前|日前|近日|随后|当时|撰文|发文|刊文|[则也还就又都更亦却曾并但而且的“”‘’])*$")
_VENUE_AFTER = re.compile(r"^》?(?:杂志|网站|网|报)?(?:上)?(?:发表|刊文|撰文|刊登|发文|撰写)")
_PRONOUN = re.compile(r"(?<![其吉利])[他她](?![们人国乡日])")
_INTERVIEW = re.compile(r"^(?:的|在)?(?:采访|专访|访谈)")
_DATELINE = re.compile(r"(?:[\u4e00-\u9fff]{0,8}(?:\d{4}年)?\d{1,2}月\d{1,2}日)?电|[\u4e00-\u9fff]{0,3}讯|记者")
_JUNK_TAIL = re.compile(r"[?？!！/p<>\s]+$")


@dataclass
class _Speaker:
    start: int
    end: int
    source: str
    source_en: str
    source_type: str
    source_id: str
    kind: str = "name"


@dataclass
class _Citation:
    speaker: _Speaker
    cue: str
    cue_start: int
    cue_end: int
    venue: bool = False
    quotes: list[str] = field(default_factory=list)


def _mask(text: str, open_at_start: bool) -> tuple[str, list[tuple[int, int]], bool]:
    """Blank out quoted and parenthesised text; return the masked text, quote spans, still-open flag."""
    chars = list(text)
    quotes: list[tuple[int, int]] = []
    q_start = 0 if open_at_start else None
    q_close = "”"
    paren = None
    for i, ch in enumerate(text):
        if q_start is not None:
            if ch == q_close or (q_close == "”" and ch == '"'):
                quotes.append((q_start, i))
                q_start = None
            else:
                chars[i] = _MASK
            continue
        if paren is not None:
            if ch == _PARENS[paren]:
                paren = None
            else:
                chars[i] = _MASK
            continue
        if ch in _OPEN or ch == '"':
            q_start, q_close = i + 1, _OPEN.get(ch, '"')
        elif ch in _PARENS:
            paren = ch
    still_open = q_start is not None
    if still_open:
        quotes.append((q_start, len(text)))
    return "".join(chars), quotes, still_open


def _speakers(text: str, masked: str, names: list[tuple[Span, "_Cluster"]]) -> list[_Speaker]:
    """Candidate speakers outside quotes: named people, organisations and media, and pronouns."""
    out: list[_Speaker] = []
    for sp, c in names:
        if masked[sp.start] == _MASK or c.type not in SPEAKER_TYPES:
            continue
        if c.type == "media" and _DATELINE.match(text, sp.end) and not re.search(r"据\s*$", text[:sp.start]):
            continue
        if sp.rule in {"book", "book-name"} and c.type == "media" and not c.eid:
            kind = "book"
        else:
            kind = "name"
        out.append(_Speaker(sp.start, sp.end, *_source_fields(c), kind))
    for m in _PRONOUN.finditer(masked):
        out.append(_Speaker(m.start(), m.end(), "", "", "person", "", "pronoun"))
    return sorted(out, key=lambda sp: sp.start)


def _source_fields(c: "_Cluster") -> tuple[str, str, str, str]:
    """(source, source_en, source_type, source_id) of an entity cited as a source."""
    d = load_dictionary()
    if c.eid and c.eid in d.entries:
        e = d.entries[c.eid]
        return e.name, e.name_en, e.source_type, e.id
    name = c.names[0]
    return name, c.english or name, _source_type(c.type, None), _entity_key(c)


def _is_object(masked: str, sp: _Speaker) -> bool:
    before = masked[max(0, sp.start - 4):sp.start].rstrip("《 ")
    return before.endswith(_OBJECT_BEFORE)


def _visible(s: str) -> int:
    return sum(1 for ch in s if ch != _MASK and not ch.isspace())


def _clauses(masked: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(masked):
        if ch in _CLAUSE:
            out.append((start, i))
            start = i + 1
    out.append((start, len(masked)))
    return out


def _chain(cands: list[_Speaker], first: _Speaker, masked: str) -> _Speaker:
    """Follow an affiliation chain (微软首席执行官纳德拉, 浙江大学博士、南加大学者傅聪) to its person."""
    best, cur = first, first
    for nxt in cands:
        if best.source_type == "person":
            if nxt.start < best.end:
                continue
            if nxt.kind == "name" and nxt.source_type == "person" \
                    and _EMPLOYER_GAP.fullmatch(masked[best.end:nxt.start]):
                best = nxt  # 何颖诗的教练陈启明指出: the coach speaks
            break
        if nxt.start < cur.end or nxt.kind == "pronoun":
            continue
        gap = masked[cur.end:nxt.start]
        if (len(gap) > 15 or any(ch in _CLAUSE or ch in "。" for ch in gap) or _CUE_RE.search(gap)
                or _is_object(masked, nxt)):
            break
        cur = nxt
        if nxt.source_type == "person" or re.search(r"的|所属|旗下", gap):
            best = nxt  # a person, or the head of "A的B" (驰远汽车在香港的总代理港驰汽车有限公司表示)
    return best


def _subject(cands: list[_Speaker], masked: str, lo: int, hi: int) -> _Speaker | None:
    """The first non-object speaker in masked[lo:hi] near the clause start, chained to its person."""
    for sp in cands:
        if sp.start < lo or sp.end > hi:
            continue
        if _is_object(masked, sp) or _visible(masked[lo:sp.start]) > 20:
            continue
        if sp.kind == "pronoun" and _visible(masked[lo:sp.start]) > 2:
            continue
        return _chain(cands, sp, masked)
    return None


def _resolve(sp: _Speaker, recent: list[_Speaker]) -> _Speaker | None:
    if sp.kind != "pronoun":
        return sp
    for prev in reversed(recent):
        if prev.source_type == "person":
            return prev
    return None


_JU_ANY = re.compile(r"^》?(?:的)?(?:官方)?(?:此前|早前|日前|近日|最新)?(?:报道|报导|消息|介绍|通报|统计|数据|调查|监测|"
                     r"公告|显示|披露|透露|发布|公布|公开|测算|估计|预测|官网|网站|分析|援引|称)")
_FROM = re.compile(r"^(?:处|那里|方面)?(?:(?:举行|召开|举办)的)?(?:新闻发布会|发布会|新闻通气会|通气会|记者会)?上?"
                   r"(?:获悉|了解到|得知|获得的数据)")


_REPORTER_FINDS = re.compile(r"^记者(?:统计|报道|了解|获悉|调查|梳理)")  # 据第一财经记者统计


def _venues(cands: list[_Speaker], masked: str) -> list[_Citation]:
    """Parties named as the origin of what is reported: 据X报道/介绍/数据, 从X获悉, 在X发表, 接受X采访."""
    out = []
    for sp in cands:
        if sp.kind == "pronoun":
            continue
        before = masked[max(0, sp.start - 10):sp.start]
        after = masked[sp.end:sp.end + 16]
        clause_before = re.split("[，,：:；;。]", before)[-1]
        plain = re.sub(r"^[（(]?\x00*[）)]", "", after)  # 根据世界乒乓球职业大联盟（WTT）公布的规则
        cue = None
        if re.search(r"据\s*《?$", clause_before) and (_JU_ANY.match(plain) and not plain.startswith("记者")
                                                      or _REPORTER_FINDS.match(plain)):
            cue = "据…报道"
        elif re.search(r"从\s*$", clause_before) and _FROM.match(after):
            cue = "从…获悉"
        elif sp.source_type == "media" and clause_before.rstrip("《").endswith("在") and _VENUE_AFTER.match(after):
            cue = "在…发表"
        elif sp.source_type == "media" and "接受" in clause_before and "采访" in after[:8] \
                and not after.startswith("记者"):
            cue = "接受…采访"
        if cue:
            out.append(_Citation(sp, cue, sp.start, sp.end, venue=True))
    for sp in cands:
        if sp.source_type == "person" and sp.kind != "pronoun" and _INTERVIEW.match(masked[sp.end:sp.end + 6]):
            out.append(_Citation(sp, "采访", sp.start, sp.end))
    return out


def _clean_quote(q: str) -> str:
    """Quoted words without surrounding space or a trailing HTML/mojibake remnant."""
    return _JUNK_TAIL.sub("", q.strip()) if q.strip().endswith(("?/p>", "</p>", "/p>")) else q.strip()


def _cite_sentence(text: str, open_at_start: bool, recent: list[_Speaker], names
                   ) -> tuple[list[_Citation], list[tuple[int, int]], str, bool]:
    masked, quotes, still_open = _mask(text, open_at_start)
    cands = _speakers(text, masked, names)
    cites: list[_Citation] = []
    clauses = _clauses(masked)
    last_end: dict[int, int] = {}
    for m in _CUE_RE.finditer(masked):
        ci = next(i for i, (a, b) in enumerate(clauses) if a <= m.start() <= b)
        lo = last_end.get(ci, clauses[ci][0])
        sp = _subject(cands, masked, lo, m.start())
        if sp is None and _FILLER.match(masked[lo:m.start()].replace(_MASK, "").replace(" ", "")):
            for back in range(ci - 1, max(-1, ci - 3), -1):
                sp = _subject(cands, masked, clauses[back][0], clauses[back][1])
                if sp is not None:
                    break
        if m.group(0) in _INTRODUCES:
            last_end[ci] = m.end()
        sp = _resolve(sp, recent + [c.speaker for c in cites]) if sp else None
        if sp is None:
            continue
        cites.append(_Citation(sp, m.group(0), m.start(), m.end()))
        cites.extend(_Citation(c, m.group(0), m.start(), m.end()) for c in _coordinated(cands, sp, masked, m.start()))
    cites.extend(_venues(cands, masked))
    cites.extend(_quoted_publishers(text, quotes))
    return cites, quotes, masked, still_open


_QUOTED_AFTER = re.compile(r"^[”\"」](?:报道|报导|消息|数据|统计)")
_PUBLISHER_END = re.compile(r"(?:网|云|社|台|报|刊|新闻|日报|周刊|杂志|客户端)$")


def _quoted_publishers(text: str, quotes: list[tuple[int, int]]) -> list[_Citation]:
    """A name in quotation marks the report comes from: 据台湾“中央社”报道, 据“ETtoday新闻云”报道."""
    out = []
    for qs, qe in quotes:
        name = text[qs:qe].strip()
        if not 2 <= len(name) <= 14 or re.search(r"[，,。：:；;！？\s]", name) or not _QUOTED_AFTER.match(text[qe:]):
            continue
        if not re.search(r"据[\u4e00-\u9fff]{0,4}[“\"「]$", text[max(0, qs - 7):qs]):
            continue
        kind = "media" if _PUBLISHER_END.search(name) else "organisation"
        out.append(_Citation(_Speaker(qs, qe, name, name, kind, fold(name)), "据…报道", qs, qe, venue=True))
    return out


_AND = re.compile(r"^\x00*(?:、|和|与|及|以及)$")


def _coordinated(cands: list[_Speaker], first: _Speaker, masked: str, cue_at: int) -> list[_Speaker]:
    """Parties listed with the subject before one verb (最高人民法院、最高人民检察院、公安部联合发布)."""
    out, cur = [], first
    for c in cands:
        if c.start < cur.end or c.kind == "pronoun" or c.end > cue_at:
            continue
        if not _AND.match(masked[cur.end:c.start]):
            break
        out.append(c)
        cur = c
    return out


def _assign_quotes(cites: list[_Citation], quotes: list[tuple[int, int]], text: str) -> None:
    speakers = sorted((c for c in cites if not c.venue), key=lambda c: c.cue_start)
    holders = speakers or sorted(cites, key=lambda c: c.cue_start)
    if not holders:
        return
    for qs, qe in quotes:
        words = _clean_quote(text[qs:qe])
        if not words:
            continue
        owner = None
        for i, c in enumerate(holders):
            nxt = holders[i + 1].speaker.start if i + 1 < len(holders) else len(text) + 1
            if c.cue_end <= qs < nxt:
                owner = c
        if owner is None:
            follow = [c for c in holders if 0 <= c.speaker.start - qe <= 2]
            owner = follow[0] if follow else None
        if owner is not None:
            owner.quotes.append(words)


def _quote_share(quotes: list[tuple[int, int]], text: str) -> float:
    n = _visible(text)
    return sum(e - s for s, e in quotes) / n if n else 0.0


def extract_citations(sentences: pd.DataFrame, outlets: dict[str, str] | None = None) -> pd.DataFrame:
    """Who is cited saying what, sentence by sentence; quotes running over sentences keep their speaker.
    ``outlets`` (article_id -> publishing outlet) keeps an article's own outlet and reporters out of its sources."""
    rows = []
    outlets = outlets or {}
    if sentences.empty:
        return pd.DataFrame(columns=CITATION_COLUMNS)
    frame = sentences.sort_values(["article_id", "sentence_idx"], kind="stable")
    version = _version()
    for aid, group in frame.groupby("article_id", sort=False):
        art = _names_cached(_article_rows(group), version)
        own = _own_outlet_keys(outlets.get(aid))
        by_sentence = {idx: [(sp, art.clusters[ci]) for sp, ci in pairs if not own or fold(art.clusters[ci].names[0])
                             not in own] for idx, pairs in art.spans.items()}
        recent: list[_Speaker] = []
        prev_cites: list[_Citation] = []
        open_quote = False
        for idx, raw in zip(group["sentence_idx"], group["text_hans"]):
            text = _norm(str(raw))
            names = by_sentence.get(int(idx), [])
            cites, quotes, masked, still_open = _cite_sentence(text, open_quote, recent, names)
            _assign_quotes(cites, quotes, text)
            if not cites and prev_cites and quotes:
                outside = [sp for sp in _speakers(text, masked, names) if sp.kind != "pronoun"]
                if open_quote or (not outside and _quote_share(quotes, text) >= 0.3):
                    carrier = next((c for c in prev_cites if c.quotes and not c.venue),
                                   next((c for c in prev_cites if not c.venue), prev_cites[0]))
                    words = [w for w in (_clean_quote(text[s:e]) for s, e in quotes) if w]
                    cites = [_Citation(carrier.speaker, "quote", 0, 0, quotes=words)] if words else []
            seen: dict[str, dict] = {}
            for c in cites:
                sp = c.speaker
                key = sp.source_id or sp.source
                if key in seen:
                    seen[key]["quote"] = " … ".join(filter(None, [seen[key]["quote"], *c.quotes]))
                    continue
                seen[key] = {"article_id": aid, "sentence_idx": int(idx), "source": sp.source,
                             "source_en": sp.source_en, "source_type": sp.source_type,
                             "quote": " … ".join(c.quotes), "cue": c.cue, "source_id": sp.source_id}
            rows.extend(seen.values())
            recent.extend(c.speaker for c in cites if c.speaker.source_type == "person")
            recent = recent[-8:]
            prev_cites = cites
            open_quote = still_open
    return pd.DataFrame(rows, columns=CITATION_COLUMNS)
