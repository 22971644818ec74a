"""Voices: publishing outlets, cited sources (who said what) and named entities.

Everything is resolved on the Simplified text (``text_hans``) against a curated, versioned
dictionary (``data/entities.json``) whose aliases cover both scripts and English spellings, so
英偉達, 英伟达 and NVIDIA are one entity and 马库斯, 加里·马库斯 and Gary Marcus one source.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics.clean import to_simplified

DATA = Path(__file__).parent / "data"
TYPES = ("org", "person", "product", "model", "chip", "country", "programme", "media", "place")
SPEAKER_TYPES = {"org", "person", "media"}
CITATION_COLUMNS = ["article_id", "sentence_idx", "source", "source_en", "source_type", "quote", "cue",
                    "source_id"]
ENTITY_COLUMNS = ["entity_id", "name", "name_en", "type", "aliases", "n_mentions", "n_articles"]
MENTION_COLUMNS = ["entity_id", "article_id", "sentence_idx", "start", "end", "surface"]
CANDIDATE_COLUMNS = ["name", "pos", "n_mentions", "n_articles", "example"]
CO_MENTION_COLUMNS = ["entity_a", "entity_b", "n_sentences", "n_articles"]

_NORM_TABLE = {
    **{o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F) if chr(o) not in "（），：；！？"},
    **{ord(c): "·" for c in "‧・•∙⋅･"}, 0x3000: " ", 0x00A0: " ",
}
_PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _norm(text: str) -> str:
    """Same-length normalisation for matching: one middle dot, half-width ASCII, plain spaces."""
    return text.translate(_NORM_TABLE)


def _key(alias: str, case_sensitive: bool) -> str:
    key = re.sub(r"\s+", " ", _norm(alias).strip())
    return key if case_sensitive else key.lower()


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
    """The loaded entity dictionary with its alias index and matcher."""

    version: str
    entries: dict[str, Entry]
    stoplist: frozenset[str]
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
    body = r"\s*".join(re.escape(p) for p in _norm(alias).split(" ") if p) if " " in alias else re.escape(_norm(alias))
    if _ASCII_ALNUM.match(alias[0]):
        body = r"(?<![A-Za-z0-9])" + body
    if _ASCII_ALNUM.match(alias[-1]):
        body += r"(?![A-Za-z0-9])"
    if not case_sensitive and re.search(r"[A-Za-z]", alias):
        body = f"(?i:{body})"
    return body


@lru_cache(maxsize=4)
def load_dictionary(path: str | None = None) -> Dictionary:
    """Load and index ``entities.json`` (aliases converted to Simplified for matching)."""
    doc = json.loads(Path(path or DATA / "entities.json").read_text(encoding="utf-8"))
    d = Dictionary(doc["version"], {}, frozenset(doc.get("candidate_stoplist", [])))
    alts: dict[str, str] = {}
    for raw in doc["entities"]:
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
                sensitive = cs or not ascii_only and not re.search(r"[A-Za-z]", form)
                d.exact.setdefault(_key(form, True), e.id)
                if not cs:
                    d.folded.setdefault(_key(form, False), e.id)
                alts.setdefault(_alias_regex(form, sensitive or cs), form)
    ordered = sorted(alts, key=lambda rx: (-len(_norm(alts[rx])), rx))
    d.pattern = re.compile("|".join(ordered))
    return d


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


UNKNOWN_OUTLET = "unknown"


def outlet_label(outlet: str | None, article_id: str) -> str:
    """An article's outlet for per-outlet series; articles of unknown outlet stay apart, named by id."""
    if isinstance(outlet, str) and outlet and outlet != UNKNOWN_OUTLET:
        return outlet
    return f"{UNKNOWN_OUTLET} ({article_id})"


def normalise_outlet(raw: str | None) -> tuple[str, str]:
    """(canonical Simplified outlet name, English name) for a byline/source/manifest outlet value."""
    if raw is None or not str(raw).strip():
        return (UNKNOWN_OUTLET, UNKNOWN_OUTLET)
    text = _PINYIN.sub("", str(raw)).strip().strip("【】[]《》<> ")
    hans = to_simplified(text)
    d = load_dictionary()
    eid = d.lookup(hans)
    if eid is None:
        hits = [(end - start, eid) for eid, start, end in find_mentions(hans)
                if d.entries[eid].type == "media"]
        eid = max(hits)[1] if hits else None
    if eid is None:
        return (hans, text if not _CJK.search(text) else hans)
    e = d.entries[eid]
    return (e.name, e.name_en)


# ---------------------------------------------------------------- citations

_OPEN = {"“": "”", "「": "」", "『": "』"}
_PARENS = {"(": ")", "（": "）"}
_CLAUSE = set("，,：:；;")
_MASK = "\x00"
_CUES = [
    "发表文章称", "发表文章说", "发表文章指出", "撰文声称", "撰文指出", "撰文称", "刊文称", "发文称",
    "分析称", "分析指出", "感叹称", "感叹道", "警告称", "警告说", "评价道", "评价称", "评价是", "回应称",
    "回应说", "喊话道", "补充道", "补充说", "说道", "写道", "问道", "声称", "宣称", "坚称", "直言", "坦言",
    "透露", "表示", "指出", "认为", "强调", "提醒", "承认", "预测", "预计", "呼吁", "喊话", "提到", "所说",
    "援引", "引述", "告诉", "担忧", "质疑", "批评", "称赞", "警告", "感叹", "评价", "报道",
]
_CUE_RE = re.compile(
    "|".join(re.escape(c) if c != "报道" else r"(?<!据)报道" for c in _CUES)
    + r"|(?<![据堪号简自名俗通人宣声坚])称(?![作为之号赞呼])"
    + r"|(?<![可以据听小演游学传解虽再或如是来话])说(?![明法服是])"
)
_INTRODUCES = {"援引", "引述"}
_OBJECT_BEFORE = ("对", "给", "向", "被", "与", "跟", "把", "比", "继", "在", "据", "替", "嘲笑", "告诉",
                  "超越", "超过", "关于", "赶上", "采访", "为何", "收购", "投资", "起诉", "接受")
_FILLER = re.compile(r"^(?:只能|同时|公开|再次|多次|此前|日前|近日|随后|当时|撰文|发文|刊文|[则也还就又都更亦却曾并但而且的“”‘’])*$")
_TRANSLIT = set(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多恩尔法范菲费芬丰弗福富盖甘冈高戈格"
    "贡古瓜哈海汉豪赫亨洪胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯孔库奎拉莱赖兰朗劳勒雷蕾里利莉连林琳隆卢鲁伦"
    "罗洛马玛迈麦曼梅门蒙米密明莫姆穆纳娜奈南内尼涅宁纽诺欧帕潘佩彭皮珀普奇齐乔切琼丘萨塞桑瑟森沙莎尚舍什施"
    "史斯松苏索塔泰坦汤唐特提汀图托瓦万威韦维温沃乌武西希锡夏谢辛休雅亚扬耶伊因英尤约泽扎詹朱兹茨佐王李"
    "翰瑞赛珊魏默萝丝露薇珍茜妮娅琪芙黛蒂杰乔伦诺奥朗霍雷汉顿登斐钦赞"
)
_FOREIGN_NAME = re.compile(f"[{''.join(sorted(_TRANSLIT))}]+(?:·[{''.join(sorted(_TRANSLIT))}]+)+")
_TRANSLIT_RUN = re.compile(f"[{''.join(sorted(_TRANSLIT))}]{{4,}}")
_BOOK = re.compile(r"《([^《》]{1,20})》")
_VENUE_AFTER = re.compile(r"^》?(?:杂志|网站|网|报)?(?:上)?(?:发表|刊文|撰文|刊登|发文|撰写)")
_JU_AFTER = re.compile(r"^》?(?:杂志|网站|网|报)?(?:的)?(?:报道|消息|披露|报导|援引|称|透露|分析)")
_PRONOUN = re.compile(r"(?<![其吉利])[他她](?![们人国乡日])")
_INTERVIEW = re.compile(r"^(?:的|在)?(?:采访|专访|访谈)")
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


def _speakers(text: str, masked: str) -> list[_Speaker]:
    """Candidate speakers outside quotes: dictionary entries, pronouns, foreign names, 《titles》."""
    d = load_dictionary()
    out: list[_Speaker] = []
    taken = [False] * len(text)
    for eid, s, e in find_mentions(text):
        if masked[s] == _MASK:
            continue
        ent = d.entries[eid]
        for i in range(s, e):
            taken[i] = True
        if ent.type in SPEAKER_TYPES:
            out.append(_Speaker(s, e, ent.name, ent.name_en, ent.source_type, ent.id))
    for m in _FOREIGN_NAME.finditer(masked):
        s, e = m.start(), m.end()
        if e - s >= 3 and not any(taken[s:e]):
            name = text[s:e]
            out.append(_Speaker(s, e, name, name, "person", ""))
    for m in _BOOK.finditer(masked):
        if not any(taken[m.start():m.end()]) and _MASK not in m.group(1):
            out.append(_Speaker(m.start(), m.end(), m.group(1), m.group(1), "media", "", "book"))
    for m in _PRONOUN.finditer(masked):
        out.append(_Speaker(m.start(), m.end(), "", "", "person", "", "pronoun"))
    return sorted(out, key=lambda sp: sp.start)


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
            break
        if nxt.start < cur.end or nxt.kind == "pronoun":
            continue
        gap = masked[cur.end:nxt.start]
        if (len(gap) > 15 or any(ch in _CLAUSE or ch in "。" for ch in gap) or _CUE_RE.search(gap)
                or _is_object(masked, nxt)):
            break
        cur = nxt
        if nxt.source_type == "person":
            best = nxt
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


def _venues(cands: list[_Speaker], masked: str) -> list[_Citation]:
    """Media named as the place of publication: 据X报道, 在《X》发表, 接受X采访, 告诉X."""
    out = []
    for sp in cands:
        if sp.source_type != "media":
            continue
        before = masked[max(0, sp.start - 10):sp.start]
        after = masked[sp.end:sp.end + 10]
        clause_before = re.split("[，,：:；;。]", before)[-1]
        cue = None
        if "据" in clause_before and _JU_AFTER.match(after.lstrip(")")):
            cue = "据…报道"
        elif clause_before.rstrip("《").endswith("在") and _VENUE_AFTER.match(after):
            cue = "在…发表"
        elif "接受" in clause_before and "采访" in after[:8]:
            cue = "接受…采访"
        elif clause_before.rstrip("《").endswith("告诉"):
            cue = "告诉"
        if cue:
            out.append(_Citation(sp, cue, sp.start, sp.end, venue=True))
    for sp in cands:
        if sp.source_type == "person" and sp.kind != "pronoun" and _INTERVIEW.match(masked[sp.end:sp.end + 6]):
            out.append(_Citation(sp, "采访", sp.start, sp.end))
    return out


def _clean_quote(q: str) -> str:
    """Quoted words without surrounding space or a trailing HTML/mojibake remnant."""
    return _JUNK_TAIL.sub("", q.strip()) if q.strip().endswith(("?/p>", "</p>", "/p>")) else q.strip()


def _cite_sentence(text: str, open_at_start: bool, recent: list[_Speaker]
                   ) -> tuple[list[_Citation], list[tuple[int, int]], str, bool]:
    masked, quotes, still_open = _mask(text, open_at_start)
    cands = _speakers(text, masked)
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
    cites.extend(_venues(cands, masked))
    return cites, quotes, masked, still_open


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


def extract_citations(sentences: pd.DataFrame) -> pd.DataFrame:
    """Who is cited saying what, sentence by sentence; quotes running over sentences keep their speaker."""
    rows = []
    if sentences.empty:
        return pd.DataFrame(columns=CITATION_COLUMNS)
    frame = sentences.sort_values(["article_id", "sentence_idx"], kind="stable")
    for aid, group in frame.groupby("article_id", sort=False):
        recent: list[_Speaker] = []
        prev_cites: list[_Citation] = []
        open_quote = False
        for idx, raw in zip(group["sentence_idx"], group["text_hans"]):
            text = _norm(str(raw))
            cites, quotes, masked, still_open = _cite_sentence(text, open_quote, recent)
            _assign_quotes(cites, quotes, text)
            if not cites and prev_cites and quotes:
                outside = [sp for sp in _speakers(text, masked) if sp.kind != "pronoun"]
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


# ---------------------------------------------------------------- entities

def extract_entities(sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve dictionary mentions on ``text_hans``: (entities with counts, mentions with offsets)."""
    d = load_dictionary()
    rows = []
    for aid, idx, text in zip(sentences.get("article_id", []), sentences.get("sentence_idx", []),
                              sentences.get("text_hans", [])):
        text = str(text)
        for eid, s, e in find_mentions(text):
            rows.append({"entity_id": eid, "article_id": aid, "sentence_idx": int(idx), "start": s, "end": e,
                         "surface": text[s:e]})
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS), mentions
    counts = mentions.groupby("entity_id").agg(n_mentions=("article_id", "size"),
                                               n_articles=("article_id", "nunique"))
    ents = []
    for eid, r in counts.iterrows():
        e = d.entries[eid]
        ents.append({"entity_id": eid, "name": e.name, "name_en": e.name_en, "type": e.type,
                     "aliases": "|".join(e.aliases), "n_mentions": int(r.n_mentions),
                     "n_articles": int(r.n_articles)})
    entities = pd.DataFrame(ents, columns=ENTITY_COLUMNS).sort_values(
        ["n_mentions", "entity_id"], ascending=[False, True], ignore_index=True)
    return entities, mentions


def _pos_tokenizer():
    from analytics import segment

    return segment.pos_tokenizer()


_PROPER = {"nr", "nrt", "nrfg", "nt", "nz", "ns", "eng"}
_COMMON_FREQ = 300


def _proper_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(word, pos, start, end) of likely proper nouns: rare jieba nr/nt/nz/ns words, Latin names, X·Y names."""
    tok = _pos_tokenizer()
    out, pos = [], 0
    for pair in tok.cut(text):
        start, pos = pos, pos + len(pair.word)
        word = pair.word.strip()
        if pair.flag not in _PROPER or len(word) < 2 or word.isdigit():
            continue
        if pair.flag == "eng":
            if len(word) >= 3 and re.search(r"[A-Z]", word):
                out.append((word, "eng", start, pos))
        elif tok.tokenizer.FREQ.get(word, 0) <= _COMMON_FREQ and "·" not in word:
            out.append((word, pair.flag, start, pos))
    for m in _TRANSLIT_RUN.finditer(text):
        inside = [t for t in out if t[1].startswith("nr") and m.start() <= t[2] and t[3] <= m.end()]
        if inside:
            out = [t for t in out if t not in inside] + [(m.group(0), "nr", m.start(), m.end())]
    for m in _FOREIGN_NAME.finditer(text):
        out = [t for t in out if not (m.start() <= t[2] and t[3] <= m.end())]
        out.append((m.group(0), "nr", m.start(), m.end()))
    return out


def entity_candidates(sentences: pd.DataFrame, mentions: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Frequent proper nouns (jieba POS nr/nt/nz/ns/eng) that no dictionary entry covers yet."""
    d = load_dictionary()
    covered: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for aid, idx, s, e in zip(mentions.get("article_id", []), mentions.get("sentence_idx", []),
                              mentions.get("start", []), mentions.get("end", [])):
        covered.setdefault((aid, int(idx)), []).append((int(s), int(e)))
    stats: dict[str, dict] = {}
    for aid, idx, text in zip(sentences.get("article_id", []), sentences.get("sentence_idx", []),
                              sentences.get("text_hans", [])):
        text = _norm(str(text))
        spans = covered.get((aid, int(idx)), [])
        for word, flag, start, end in _proper_tokens(text):
            if word in d.stoplist or any(s < end and start < e for s, e in spans) or d.lookup(word):
                continue
            st = stats.setdefault(word, {"name": word, "pos": flag, "n_mentions": 0, "articles": set(),
                                         "example": text[:80]})
            st["n_mentions"] += 1
            st["articles"].add(aid)
    rows = [{**{k: v for k, v in st.items() if k != "articles"}, "n_articles": len(st["articles"])}
            for st in stats.values() if st["n_mentions"] >= min_count]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return out.sort_values(["n_mentions", "name"], ascending=[False, True], ignore_index=True)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities named in the same sentence: how many sentences and articles."""
    if mentions.empty:
        return pd.DataFrame(columns=CO_MENTION_COLUMNS)
    per = mentions.groupby(["article_id", "sentence_idx"])["entity_id"].agg(lambda s: sorted(set(s)))
    pairs: dict[tuple[str, str], tuple[int, set]] = {}
    for (aid, _), ids in per.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                n, arts = pairs.get((a, b), (0, set()))
                arts.add(aid)
                pairs[(a, b)] = (n + 1, arts)
    rows = [{"entity_a": a, "entity_b": b, "n_sentences": n, "n_articles": len(arts)}
            for (a, b), (n, arts) in pairs.items()]
    out = pd.DataFrame(rows, columns=CO_MENTION_COLUMNS)
    return out.sort_values(["n_sentences", "entity_a", "entity_b"], ascending=[False, True, True],
                           ignore_index=True)
