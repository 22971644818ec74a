"""Markdown articles to plain text: headings, emphasis, links, lists and quotes lose their markup.

A `.md` article is otherwise cleaned like a `.txt` one; its leading `#` heading becomes the title
rather than a body sentence.
"""
from __future__ import annotations

import re

_INLINE: list[tuple[re.Pattern, str]] = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![A-Za-z0-9*])\*(?=\S)(.+?)(?<=\S)\*(?![A-Za-z0-9*])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]
_BLOCK: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^\s*(?:```|~~~).*$", re.M), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M), r"\1"),
    (re.compile(r"^\s{0,3}(?:>\s?)+", re.M), ""),
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M), ""),
    (re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", re.M), ""),
    (re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.M), ""),
    (re.compile(r"[ \t]*\|[ \t]*"), " "),
]
_H1 = re.compile(r"^\s{0,3}#\s+(?P<title>.+?)\s*#*\s*$")


def markdown_to_text(raw: str) -> tuple[str, str]:
    """Plain text of a Markdown article and its title (the first line's `# heading`, else '')."""
    lines = raw.replace("\r\n", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = ""
    if first is not None and (m := _H1.match(lines[first])):
        title = m.group("title")
        lines = lines[:first] + lines[first + 1:]
    text = "\n".join(lines)
    for rx, repl in _BLOCK + _INLINE:
        text = rx.sub(repl, text)
    for rx, repl in _INLINE:
        title = rx.sub(repl, title)
    return text, title
