"""Boolean search queries: AND, OR, NOT, "quoted phrases", parentheses, and 与/或/非 as operators.

`compile(q, aliases)` returns a predicate over sentence text that matches in either script (a
Traditional query finds Simplified text and back) and through entity aliases (华为 finds Huawei);
a plain word is a plain case-insensitive substring search, as before. A malformed query raises
`QueryError` whose message says what is wrong and where, in Chinese or English.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analytics.clean import to_simplified

OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "与": "AND", "與": "AND", "且": "AND", "或": "OR",
             "非": "NOT", "&&": "AND", "||": "OR"}
QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
TermHits = Callable[[str], "pd.Series | None"]
SHORT_ALIAS = 2  # an alias this short (CJK) or <= 3 Latin letters matches whole tokens only
_LATIN = re.compile(r"^[a-z0-9][a-z0-9 .&'+-]*$")

MESSAGES = {
    "unclosed_quote": ("引号未闭合（第{pos}个字符处）", "unclosed quote (at character {pos})"),
    "unclosed_paren": ("缺少右括号“)”（第{pos}个字符处的“(”）", "missing ')' for the '(' at character {pos}"),
    "unexpected_paren": ("多余的右括号“)”（第{pos}个字符处）", "unexpected ')' at character {pos}"),
    "empty_parens": ("括号内为空（第{pos}个字符处）", "empty parentheses at character {pos}"),
    "missing_left": ("运算符 {op} 前缺少检索词（第{pos}个字符处）", "{op} needs a term before it (character {pos})"),
    "missing_right": ("运算符 {op} 后缺少检索词（第{pos}个字符处）", "{op} needs a term after it (character {pos})"),
    "empty_phrase": ("引号内为空（第{pos}个字符处）", "empty quotes at character {pos}"),
}


class QueryError(ValueError):
    """A malformed query: `code` names the problem, `pos` is the 1-based character it was found at."""

    def __init__(self, code: str, pos: int, op: str = ""):
        self.code, self.pos, self.op = code, pos, op
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        zh, en = MESSAGES[self.code]
        return (zh if lang == "zh" else en).format(pos=self.pos, op=self.op)


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Text as matched: full-width forms folded, Simplified script, case-folded."""
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold()


def _tokens(q: str) -> list[tuple[str, str, int]]:
    """(kind, value, position) with kind one of TERM, PHRASE, OP, LP, RP."""
    out: list[tuple[str, str, int]] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "(（":
            out.append(("LP", c, i + 1))
            i += 1
        elif c in ")）":
            out.append(("RP", c, i + 1))
            i += 1
        elif c in QUOTES:
            end = q.find(QUOTES[c], i + 1)
            if end < 0:
                alt = [q.find(x, i + 1) for x in ('"', "”", "」", "』")]
                end = min((a for a in alt if a >= 0), default=-1)
            if end < 0:
                raise QueryError("unclosed_quote", i + 1)
            if not q[i + 1:end].strip():
                raise QueryError("empty_phrase", i + 1)
            out.append(("PHRASE", q[i + 1:end], i + 1))
            i = end + 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in "()（）" and q[j] not in QUOTES:
                j += 1
            word = q[i:j]
            kind = "OP" if word in OPERATORS else "TERM"
            out.append((kind, OPERATORS.get(word, word), i + 1))
            i = j
    return out


class _Parser:
    """Recursive descent: OR binds loosest, then AND (also implicit between terms), then NOT."""

    def __init__(self, tokens: list[tuple[str, str, int]]):
        self.t, self.i = tokens, 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.t[self.i]
        self.i += 1
        return tok

    def parse(self) -> object:
        node = self.or_expr()
        if (tok := self.peek()) is not None:
            raise QueryError("unexpected_paren", tok[2])
        return node

    def or_expr(self) -> object:
        nodes = [self.and_expr()]
        while (tok := self.peek()) and tok[0] == "OP" and tok[1] == "OR":
            self.take()
            nodes.append(self.operand(tok))
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> object:
        nodes = [self.not_expr()]
        while (tok := self.peek()) and (tok[0] in ("TERM", "PHRASE", "LP") or (tok[0] == "OP" and tok[1] in ("AND", "NOT"))):
            if tok[0] == "OP" and tok[1] == "AND":
                self.take()
                nodes.append(self.operand(tok))
            else:
                nodes.append(self.not_expr())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def operand(self, op: tuple[str, str, int]) -> object:
        nxt = self.peek()
        if nxt is None or nxt[0] == "RP" or (nxt[0] == "OP" and nxt[1] != "NOT"):
            raise QueryError("missing_right", op[2], op[1])
        return self.and_expr() if op[1] == "OR" else self.not_expr()

    def not_expr(self) -> object:
        tok = self.peek()
        if tok is None:
            raise QueryError("missing_right", len(self.t) and self.t[-1][2], "")
        if tok[0] == "OP" and tok[1] == "NOT":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt[0] == "RP" or (nxt[0] == "OP" and nxt[1] != "NOT"):
                raise QueryError("missing_right", tok[2], "NOT")
            return Not(self.not_expr())
        if tok[0] == "OP":
            raise QueryError("missing_left", tok[2], tok[1])
        if tok[0] == "RP":
            raise QueryError("unexpected_paren", tok[2])
        if tok[0] == "LP":
            self.take()
            if (nxt := self.peek()) and nxt[0] == "RP":
                raise QueryError("empty_parens", tok[2])
            if nxt is None:
                raise QueryError("unclosed_paren", tok[2])
            node = self.or_expr()
            close = self.peek()
            if close is None or close[0] != "RP":
                raise QueryError("unclosed_paren", tok[2])
            self.take()
            return node
        self.take()
        return Term(tok[1], tok[0] == "PHRASE")


def parse(q: str) -> object:
    """The query's syntax tree (Term, Not, And, Or); raises QueryError when malformed."""
    tokens = _tokens(unicodedata.normalize("NFC", q))
    if not tokens:
        return And(())
    return _Parser(tokens).parse()


def is_boolean(q: str) -> bool:
    """True when q uses operators, quotes or parentheses (else it is a plain substring search)."""
    try:
        return any(kind != "TERM" for kind, _, _ in _tokens(q)) or len(_tokens(q)) > 1
    except QueryError:
        return True


def error_message(q: str, lang: str = "zh") -> str | None:
    """The message for a malformed query in the UI language, or None when the query is well formed."""
    try:
        parse(q)
    except QueryError as exc:
        return exc.message(lang)
    return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _short(alias: str) -> bool:
    return len(alias) <= (3 if _LATIN.match(alias) else SHORT_ALIAS)


@lru_cache(maxsize=4096)
def _token_set(text: str) -> frozenset[str]:
    from analytics import segment

    return frozenset(w.casefold() for w in segment.tokenizer().lcut(text))


def _whole(needle: str, text: str) -> bool:
    """A short alias found as a whole token: Latin by word boundaries, CJK by segmentation."""
    if needle not in text:
        return False
    if _LATIN.match(needle):
        return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", text) is not None
    return needle in _token_set(text)


@dataclass(frozen=True)
class Needles:
    """What one query term matches: `plain` as substrings, `tokens` (short aliases) as whole tokens."""

    plain: tuple[str, ...]
    tokens: tuple[str, ...] = ()

    def found(self, text: str) -> bool:
        return any(p in text for p in self.plain) or any(_whole(t, text) for t in self.tokens)

    def all(self) -> tuple[str, ...]:
        return self.plain + self.tokens


def alias_groups(aliases: Mapping[str, Iterable[str]] | None) -> dict[str, frozenset[str]]:
    """Every normalised spelling mapped to all spellings of its entity (name and aliases)."""
    groups: dict[str, frozenset[str]] = {}
    for name, alts in (aliases or {}).items():
        spellings = {normalise(s) for s in [name, *(alts or [])] if isinstance(s, str) and s.strip()}
        spellings = frozenset(s.strip() for s in spellings)
        for s in spellings:
            groups[s] = groups.get(s, frozenset()) | spellings
    return groups


def aliases_from_entities(entities: pd.DataFrame | None) -> dict[str, list[str]]:
    """Name -> other spellings (English name, aliases) from the contract's entities table."""
    out: dict[str, list[str]] = {}
    if entities is None or entities.empty or "name" not in entities:
        return out
    for row in entities.to_dict("records"):
        alts = [row.get("name_en") or ""] + str(row.get("aliases") or "").split("|")
        alts = [a.strip() for a in alts if isinstance(a, str) and a.strip() and a.strip() != row["name"]]
        if alts:
            out.setdefault(str(row["name"]), []).extend(alts)
    return out


class Query:
    """A compiled query: call it on a sentence (any script) or use `mask` on a sentences table."""

    def __init__(self, q: str, aliases: Mapping[str, Iterable[str]] | None = None):
        self.q = q
        self.tree = parse(q)
        self._groups = alias_groups(aliases)
        self._needles: dict[Term, Needles] = {}

    def needles(self, term: Term) -> Needles:
        """The spellings a term matches: itself, plus its entity's other spellings unless quoted; short
        aliases and a typed Latin word of up to three letters (AI, NV) as whole words only."""
        if term not in self._needles:
            own = normalise(term.text)
            typed = tuple(dict.fromkeys([own, _fold(term.text)]))  # t2s may rewrite valid Simplified (昇腾)
            group = () if term.phrase else sorted(self._groups.get(own, frozenset()) - set(typed))
            words = tuple(a for a in typed if _LATIN.match(a) and _short(a))
            self._needles[term] = Needles((*(a for a in typed if a not in words), *(a for a in group if not _short(a))),
                                          (*words, *(a for a in group if _short(a))))
        return self._needles[term]

    def _eval(self, node: object, text: str) -> bool:
        if isinstance(node, Term):
            return self.needles(node).found(text)
        if isinstance(node, Not):
            return not self._eval(node.node, text)
        if isinstance(node, And):
            return all(self._eval(n, text) for n in node.nodes)
        return any(self._eval(n, text) for n in node.nodes)

    def matches_normalised(self, text: str) -> bool:
        """Match a text already passed through `normalise` (or cheap NFKC + casefold of Simplified text)."""
        return self._eval(self.tree, text)

    def __call__(self, text: str) -> bool:
        text = text or ""
        hans, folded = normalise(text), _fold(text)
        return self.matches_normalised(hans if hans == folded else f"{hans}\n{folded}")

    def positive_terms(self) -> list[Term]:
        """Terms not under NOT, in query order: what a concordance centres on."""
        out: list[Term] = []

        def walk(node: object, negated: bool) -> None:
            if isinstance(node, Term):
                if not negated:
                    out.append(node)
            elif isinstance(node, Not):
                walk(node.node, not negated)
            else:
                for n in node.nodes:
                    walk(n, negated)

        walk(self.tree, False)
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the query's positive terms occur in text (start, end), non-overlapping, in order.

        Offsets index `text` itself when normalising keeps its length (the usual case for CJK)."""
        norm = normalise(text or "")
        if len(norm) != len(text or ""):
            norm = unicodedata.normalize("NFKC", text or "").casefold()
        found: list[tuple[int, int]] = []
        for term in self.positive_terms():
            nd = self.needles(term)
            for needle in sorted(nd.all(), key=len, reverse=True):
                whole = needle in nd.tokens
                for m in re.finditer(re.escape(needle), norm):
                    if whole and not _whole(needle, norm[max(0, m.start() - 8):m.end() + 8]):
                        continue
                    if not any(s < m.end() and m.start() < e for s, e in found):
                        found.append((m.start(), m.end()))
        return sorted(found)

    def _frame(self, node: object, texts: pd.Series, also: TermHits | None) -> pd.Series:
        if isinstance(node, Term):
            nd = self.needles(node)
            extra = also(node.text) if also is not None and not node.phrase else None
            hit = pd.Series(False, index=texts.index) if extra is None else extra.reindex(texts.index, fill_value=False)
            for p in nd.plain:
                hit |= texts.str.contains(p, regex=False)
            for t in nd.tokens:
                hit |= texts.map(lambda x, t=t: _whole(t, x)).astype(bool)
            return hit
        if isinstance(node, Not):
            return ~self._frame(node.node, texts, also)
        parts = [self._frame(n, texts, also) for n in node.nodes]
        out = pd.Series(isinstance(node, And), index=texts.index)
        for p in parts:
            out = (out & p) if isinstance(node, And) else (out | p)
        return out

    def mask(self, sentences: pd.DataFrame, also: TermHits | None = None) -> pd.Series:
        """Boolean mask over a sentences table, matched on its Simplified `text_hans` (else `text`);
        `also(term)` may add sentences a term finds another way (entity mentions), indexed like the table."""
        col = "text_hans" if "text_hans" in sentences else "text"
        texts = sentences[col].fillna("").astype(str).map(_fold)
        return self._frame(self.tree, texts, also).astype(bool)


def compile(q: str, aliases: Mapping[str, Iterable[str]] | None = None) -> Query:  # noqa: A001
    """A predicate for query q (text -> bool), expanding entity names through `aliases`
    (name -> other spellings); raises QueryError for a malformed query."""
    return Query(q, aliases)
