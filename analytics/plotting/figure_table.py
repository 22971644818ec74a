"""Figure table: every quoted figure with its sentence, filterable by kind and unit."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

HEADERS = {
    "zh": {"outlet": "媒体", "text": "原文", "kind": "类型", "value": "数值", "unit": "单位", "qualifier": "限定",
           "subject": "主题", "cited_source": "来源", "sentence": "句子"},
    "en": {"outlet": "Outlet", "text": "Quoted", "kind": "Kind", "value": "Value", "unit": "Unit",
           "qualifier": "Qualifier", "subject": "Subject", "cited_source": "Source", "sentence": "Sentence"},
}


def _value_text(value: float, value_max: float | None) -> str:
    def fmt(v: float) -> str:
        return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:.4g}"

    return fmt(value) if value_max is None or pd.isna(value_max) else f"{fmt(value)}–{fmt(value_max)}"


def figure_table(figures: pd.DataFrame, kinds: list[str] | None = None, units: list[str] | None = None,
                 lang: str = "zh", title: str = "") -> go.Figure:
    """A plotly Table of figures, keeping only the given kinds and units (None keeps all).

    customdata-like ids stay in the figure's meta (``figure_ids``) so a click can drill to sentences.
    """
    df = figures if figures is not None else pd.DataFrame()
    if not df.empty and kinds:
        df = df[df["kind"].isin(kinds)]
    if not df.empty and units:
        df = df[df["unit"].isin(units)]
    if df.empty:
        return empty_figure(lang, title)
    df = df.sort_values(["article_id", "sentence_idx", "start"]) if "start" in df else df
    heads = HEADERS.get(lang, HEADERS["en"])
    cols = [c for c in heads if c in df]
    cells = []
    for c in cols:
        if c == "value":
            vmax = df["value_max"] if "value_max" in df else [None] * len(df)
            cells.append([_value_text(v, m) for v, m in zip(df["value"], vmax)])
        else:
            cells.append(df[c].fillna("").astype(str).tolist())
    fig = go.Figure(go.Table(
        header={"values": [heads[c] for c in cols], "align": "left", "fill_color": "#eef1f5"},
        cells={"values": cells, "align": "left"},
        columnwidth=[1.2 if c in ("sentence",) else 0.6 for c in cols],
    ))
    base_layout(fig, title, height=min(900, 120 + 28 * len(df)))
    fig.update_layout(meta={"figure_ids": df["figure_id"].tolist() if "figure_id" in df else []})
    return fig
