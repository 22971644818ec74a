"""Shared pieces of the overview charts: tone colour schemes, labels, and the empty-view figure."""
from __future__ import annotations

import plotly.graph_objects as go

TONE_ORDER = ("neg", "neu", "pos")
# Red marks bad news in international usage; Chinese markets colour gains red and losses green.
TONE_COLORS = {
    "western": {"neg": "#c8372d", "neu": "#a5adb8", "pos": "#2f7d4f"},
    "cn": {"neg": "#2f7d4f", "neu": "#a5adb8", "pos": "#c8372d"},
}
TONE_NAMES = {"zh": {"neg": "负面", "neu": "中性", "pos": "正面"}, "en": {"neg": "negative", "neu": "neutral", "pos": "positive"}}
EMPTY = {"zh": "当前筛选没有数据", "en": "No data for the current filters"}


def tone_colors(scheme: str = "western") -> dict[str, str]:
    """Colour per tone label for a scheme ('western' red=negative, 'cn' red=positive)."""
    return TONE_COLORS.get(scheme, TONE_COLORS["western"])


def tone_scale(scheme: str = "western") -> list[list]:
    """A diverging colour scale from negative (-1) to positive (+1) in the scheme's colours."""
    c = tone_colors(scheme)
    return [[0.0, c["neg"]], [0.5, "#eceff3"], [1.0, c["pos"]]]


def empty_figure(lang: str = "zh", title: str = "") -> go.Figure:
    """A figure that says there is nothing to show, instead of an empty axis."""
    fig = go.Figure()
    fig.add_annotation(text=EMPTY.get(lang, EMPTY["en"]), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 16, "color": "#666"})
    fig.update_layout(title_text=title, xaxis_visible=False, yaxis_visible=False, height=320,
                      meta={"empty": True})
    return fig


def base_layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """Common size and margins for a laptop screen. A short legend sits in one row between title and
    plot, a long one down the right side, so neither covers the axis title or the export's subtitle."""
    shown = {getattr(t, "legendgroup", None) or t.name for t in fig.data
             if getattr(t, "showlegend", None) is not False and getattr(t, "name", None)}
    legend = ({"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0} if len(shown) <= 5
              else {"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.01})
    fig.update_layout(title_text=title, title_y=0.98, title_yanchor="top", height=height,
                      margin={"l": 10, "r": 10, "t": 84 if legend["orientation"] == "h" else 56, "b": 10},
                      legend=legend, template="plotly_white")
    return fig


def cell_targets(fig: go.Figure, x: list, y: list, customdata: list, hovertemplate: str) -> go.Figure:
    """Invisible markers over every heatmap cell, so a click selects the cell (plotly selects points,
    not heatmap cells) and drills down to its sentences; ``x``, ``y``, ``customdata`` are per cell."""
    hidden = {"marker": {"opacity": 0}}
    fig.add_trace(go.Scatter(x=x, y=y, mode="markers", customdata=customdata, hovertemplate=hovertemplate,
                             marker={"size": 26, "opacity": 0, "color": "#000"}, selected=hidden,
                             unselected=hidden, showlegend=False, name="cells", meta={"role": "cells"}))
    fig.update_layout(hovermode="closest")
    return fig


def article_names(ids, articles=None, script: str = "Hans", width: int = 18) -> dict[str, str]:
    """Row label per article: its outlet (when known) and a short headline, unique per article.

    Falls back to the title, then to the id; two articles that would read the same get their id
    appended so no row hides another.
    """
    from analytics.clean import to_script

    ids = list(dict.fromkeys(ids))
    names = {a: a for a in ids}
    if articles is not None and "article_id" in articles:
        for r in articles.to_dict("records"):
            if r["article_id"] not in names:
                continue
            outlet = r.get("outlet") if r.get("outlet") not in (None, "", "unknown") else ""
            head = r.get("headline") or r.get("title") or ""
            bits = [str(b) for b in (outlet, head) if isinstance(b, str) and b]
            label = " · ".join(b[:width] + ("…" if len(b) > width else "") for b in bits)
            if label:
                names[r["article_id"]] = to_script(label, script) if script == "Hant" else label
    counts: dict[str, int] = {}
    for label in names.values():
        counts[label] = counts.get(label, 0) + 1
    return {a: (f"{label} ({a})" if counts[label] > 1 and label != a else label) for a, label in names.items()}
