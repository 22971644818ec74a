"""HTML markup of one article for the reader: sentences tinted by tone, figures and sources marked.

Presentation only: the analysis tables say where things are; this turns them into escaped HTML.
"""
from __future__ import annotations

import html

import pandas as pd

from analytics.clean import to_script


def _spans(text: str, needles: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) of each needle's first occurrence, longest first."""
    taken: list[tuple[int, int, str]] = []
    for needle, kind in sorted({n for n in needles if n[0]}, key=lambda n: -len(n[0])):
        at = text.find(needle)
        while at >= 0 and any(a < at + len(needle) and at < b for a, b, _ in taken):
            at = text.find(needle, at + 1)
        if at >= 0:
            taken.append((at, at + len(needle), kind))
    return sorted(taken)


def _mark(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for a, b, kind in spans:
        out.append(html.escape(text[pos:a]))
        out.append(f'<span class="hl-{kind}">{html.escape(text[a:b])}</span>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _variants(word: str) -> list[str]:
    return list(dict.fromkeys([word, to_script(word, "Hans"), to_script(word, "Hant")]))


def article_html(text: str, sentences: pd.DataFrame, figures: pd.DataFrame, citations: pd.DataFrame,
                 colors: dict[str, str], script: str = "orig", focus: int | None = None,
                 in_view: set[int] | None = None, tone_names: dict[str, str] | None = None) -> str:
    """The article as HTML paragraphs; ``script`` 'orig' keeps the original text, 'Hans' shows Simplified."""
    figs = figures.groupby("sentence_idx")["text"].apply(list).to_dict() if len(figures) else {}
    srcs = citations.groupby("sentence_idx")["source"].apply(list).to_dict() if len(citations) else {}
    parts, prev_end = ['<div class="reader"><p>'], 0
    names = tone_names or {}
    for row in sentences.sort_values("sentence_idx").itertuples():
        gap = text[prev_end:int(row.start)] if text else ""
        if "\n" in gap and prev_end:
            parts.append("</p><p>")
        prev_end = int(row.end)
        shown = row.text_hans if script == "Hans" else row.text
        needles = [(v, "fig") for f in figs.get(row.sentence_idx, []) for v in _variants(str(f))]
        needles += [(v, "src") for s in srcs.get(row.sentence_idx, []) for v in _variants(str(s))]
        color = colors.get(row.tone_label, "#999999")
        cls = "sent focus" if focus is not None and int(row.sentence_idx) == focus else "sent"
        if in_view is not None and int(row.sentence_idx) not in in_view:
            cls += " dim"
        parts.append(f'<span class="{cls}" id="s{int(row.sentence_idx)}" style="border-bottom:3px solid {color};'
                     f'background:{color}1f" title="#{int(row.sentence_idx)} · {names.get(row.tone_label, row.tone_label)} · '
                     f'{row.tone:+.2f}">'
                     f'{_mark(str(shown), _spans(str(shown), needles))}</span> ')
    parts.append("</p></div>")
    return "".join(parts)


STYLE = """<style>
.reader{font-size:1.05rem;line-height:2.0;max-width:60rem}
.reader .sent{padding:1px 2px;border-radius:3px}
.reader .focus{outline:2px solid #1f5fa8;outline-offset:2px}
.reader .dim{opacity:.45}
.reader .hl-fig{font-weight:700;text-decoration:underline double}
.reader .hl-src{font-style:italic;color:#1f5fa8;font-weight:600}
</style>"""
