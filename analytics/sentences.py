"""Sentence splitting with character offsets into the cleaned article text.

Splits on Chinese and ASCII sentence ends (。！？!?；; and line breaks), keeps closing quotes and
brackets with the sentence they close, never splits inside a number (``0.55``, ``16.86%``) and does
not treat a ``?`` standing for a corrupted character between two CJK characters as a sentence end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ENDS = "。！？!?；;…"
CLOSERS = "”’」』》〉）)】\"'"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_QUESTION = re.compile(r"[嗎吗呢麼么誰谁哪啥幾几]|什|怎|何|難道|难道|是否|多少|為何|为何")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its position in the article and its [start, end) offsets in the cleaned text."""

    idx: int
    start: int
    end: int
    text: str


def _is_corrupt_qmark(text: str, start: int, i: int) -> bool:
    """True when the ASCII ``?`` at ``i`` sits inside a word and the sentence asks nothing.

    Mis-decoded characters leave a ``?`` between two CJK characters; a real question mark there
    follows a question word (嗎, 什麼, 為何...) somewhere in the sentence so far.
    """
    if text[i] != "?" or i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    inside = bool(_CJK.match(before) and (_CJK.match(after) or after.isalnum()))
    return inside and not _QUESTION.search(text, start, i)


def _closes(text: str, j: int) -> bool:
    """True when ``text[j]`` closes a quote or bracket; a straight quote closes when the paragraph
    so far holds an odd number of them."""
    ch = text[j]
    if ch in "\"'":
        return text.count(ch, text.rfind("\n", 0, j) + 1, j) % 2 == 1
    return ch in CLOSERS


def _is_end(text: str, start: int, i: int) -> bool:
    ch = text[i]
    if ch not in ENDS:
        return False
    if ch == "?" and _is_corrupt_qmark(text, start, i):
        return False
    if ch in "!?;" and i + 1 < len(text) and text[i + 1].isdigit() and i > 0 and text[i - 1].isdigit():
        return False
    if ch in "!?" and i + 1 < len(text) and text[i + 1] in ",，、" and i > 0 and text[i - 1].isascii():
        return False  # Yahoo!, Jeopardy!: part of a Latin name, the clause goes on
    return True


def split_sentences(text: str, min_chars: int = 1) -> list[Sentence]:
    """Split cleaned text into sentences; whitespace-only pieces are dropped, offsets stay exact."""
    out: list[Sentence] = []
    n = len(text)
    start = 0
    i = 0

    def emit(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= min_chars:
            out.append(Sentence(len(out), s, e, text[s:e]))

    while i < n:
        ch = text[i]
        if ch == "\n":
            emit(start, i)
            start = i + 1
            i += 1
            continue
        if _is_end(text, start, i):
            j = i + 1
            while j < n and (text[j] in ENDS or _closes(text, j)):
                j += 1
            emit(start, j)
            start = j
            i = j
            continue
        i += 1
    emit(start, n)
    return out
