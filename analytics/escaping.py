"""Corpus text shown as text, never as markup: escaping for Markdown and HTML, and for Plotly's text
(which reads <a href>, <span style> and entities), plus the inverse for a chart selection."""
from __future__ import annotations

import html
import re

import plotly.graph_objects as go

# Characters Markdown, GFM autolinks, KaTeX ($) or Streamlit directives (:red[..]) could read as markup.
_MARKDOWN = set("\\`*_{}[]()<>#+-.!|$~:&=^\"'")
_AUTOLINK = re.compile(r"(?i)[a-z0-9]:(?=//)|www\.|@")
_JOINER = "\u2060"  # word joiner: invisible, but no autolink pattern matches across it
_SAFE_TAG = re.compile(r"</?(?:br|b|i|em|sup|sub|extra)\s*/?>", re.IGNORECASE)
_TRACE_TEXT = ("x", "y", "text", "hovertext", "name", "labels", "parents", "ids", "customdata", "values")
_TRACE_MARKUP = ("hovertemplate", "texttemplate")


def markdown(text: object) -> str:
    """``text`` for st.markdown/st.caption (with or without unsafe_allow_html): every character Markdown,
    HTML or math could act on becomes a numeric character reference, and an invisible word joiner
    splits ``://``, ``www.`` and ``@`` so GFM never turns a URL or an address into a live link."""
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + _JOINER + m.group(0)[-1] if m.group(0) != "@" else _JOINER + "@",
                         str(text))
    return "".join(f"&#{ord(ch)};" if ch in _MARKDOWN else ch for ch in text)


def plotly_text(value: object) -> object:
    """A data string as Plotly shows it literally (``&``, ``<``, ``>`` escaped); other values unchanged."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def plotly_markup(template: object) -> object:
    """A label or template written by code that may embed corpus text: the formatting tags Plotly draws
    (br, b, i, em, sup, sub, extra) are kept, any other tag (a link, a styled span) shows as text."""
    if not isinstance(template, str) or "<" not in template:
        return template
    out, pos = [], 0
    for m in _SAFE_TAG.finditer(template):
        out.append(template[pos:m.start()].replace("<", "&lt;"))
        out.append(m.group(0))
        pos = m.end()
    out.append(template[pos:].replace("<", "&lt;"))
    return "".join(out)


def _deep(value: object, fn) -> object:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, (list, tuple)):
        return [_deep(v, fn) for v in value]
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS":
        return [_deep(v, fn) for v in value.tolist()]
    return value


def _escape_axis(axis) -> None:
    if axis.tickvals is not None:
        axis.tickvals = _deep(axis.tickvals, plotly_text)
    if axis.categoryarray is not None:
        axis.categoryarray = _deep(axis.categoryarray, plotly_text)
    if axis.ticktext is not None:
        axis.ticktext = _deep(axis.ticktext, plotly_markup)
    if axis.title.text:
        axis.title.text = plotly_markup(axis.title.text)


def figure(fig: go.Figure) -> go.Figure:
    """``fig`` (changed in place and returned) with every data string escaped and every label or template
    stripped of tags Plotly would make live; a selection on it reads back through ``unescape``."""
    for trace in fig.data:
        props = trace.to_plotly_json()  # only what the chart set: reading unset properties would create them
        for attr in _TRACE_TEXT:
            if props.get(attr) is not None:
                trace[attr] = _deep(props[attr], plotly_text)
        for attr in _TRACE_MARKUP:
            if props.get(attr) is not None:
                trace[attr] = _deep(props[attr], plotly_markup)
        for part in ("header", "cells"):
            if isinstance(props.get(part), dict) and props[part].get("values") is not None:
                trace[part].values = _deep(props[part]["values"], plotly_text)
    layout = fig.layout
    set_in_layout = layout.to_plotly_json()
    if layout.title.text:
        layout.title.text = plotly_markup(layout.title.text)
    if layout.title.subtitle.text:
        layout.title.subtitle.text = plotly_markup(layout.title.subtitle.text)
    if layout.legend.title.text:
        layout.legend.title.text = plotly_markup(layout.legend.title.text)
    for ann in layout.annotations or ():
        ann.text = plotly_markup(ann.text)
    for name in set_in_layout:
        if name.startswith(("xaxis", "yaxis")):
            _escape_axis(layout[name])
    for name in ("angularaxis", "radialaxis"):
        if name in set_in_layout.get("polar", {}):
            _escape_axis(layout.polar[name])
    return fig


def unescape(value: object) -> object:
    """A chart selection (points with x, y, customdata...) with the strings ``figure`` escaped restored."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, dict):
        return {k: unescape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [unescape(v) for v in value]
    return value
