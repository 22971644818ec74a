"""Narratives: share of each outlet's sentences per topic, as stacked bars (unassigned shown in grey).

Also home of the topic colours and names every narrative chart shares.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from analytics.narratives import UNASSIGNED, to_script
from analytics.plotting.overview_common import base_layout, empty_figure

UNASSIGNED_COLOR = "#b8bec6"
UNASSIGNED_NAME = {"zh": "未归类", "en": "unassigned"}
_PALETTE = plotly.colors.qualitative.Plotly + plotly.colors.qualitative.D3


def topic_color(topic_id: int) -> str:
    """Stable colour for a topic id; grey for unassigned (-1)."""
    return UNASSIGNED_COLOR if int(topic_id) == UNASSIGNED else _PALETTE[int(topic_id) % len(_PALETTE)]


def topic_names(topics: pd.DataFrame, script: str = "Hans", lang: str = "zh") -> dict[int, str]:
    """topic_id -> display label in the reader's script ('Hans' or 'Hant'); -1 -> 'unassigned'."""
    col = "label_hant" if script == "Hant" and "label_hant" in topics else "label"
    if lang == "en" and "label_en" in topics:
        col = "label_en"
    names = {int(t): str(lab) for t, lab in zip(topics["topic_id"], topics[col])} if len(topics) else {}
    names[UNASSIGNED] = UNASSIGNED_NAME.get(lang, UNASSIGNED_NAME["en"])
    return names


def topic_order(ids) -> list[int]:
    """Topic ids in display order: 0, 1, ... then unassigned last."""
    ids = sorted({int(t) for t in ids})
    return [t for t in ids if t != UNASSIGNED] + ([UNASSIGNED] if UNASSIGNED in ids else [])


def sentence_hover(sentences: pd.DataFrame, script: str = "Hans", width: int = 32) -> list[str]:
    """Sentence text in the reader's script, wrapped for a hover box."""
    col = "text_hans" if script == "Hans" and "text_hans" in sentences else "text"
    texts = [to_script(t, script) if script == "Hant" else str(t) for t in sentences[col].fillna("")]
    return ["<br>".join(textwrap.wrap(t, width)) or "" for t in texts]


def topic_share(sentences: pd.DataFrame, articles: pd.DataFrame, topics: pd.DataFrame, script: str = "Hans",
                lang: str = "zh", normalize: bool = True, title: str = "") -> go.Figure:
    """Stacked bars: for each outlet, the share (or count) of its sentences in each topic.

    customdata carries ``topic:<id>`` and ``outlet:<name>`` so a selected bar names its evidence.
    """
    if sentences.empty or "topic_id" not in sentences:
        return empty_figure(lang, title)
    s = sentences[["article_id", "topic_id"]].copy()
    outlets = articles[["article_id", "outlet"]] if {"article_id", "outlet"} <= set(articles.columns) else None
    s = s.merge(outlets, on="article_id", how="left") if outlets is not None else s.assign(outlet=None)
    s["outlet"] = s["outlet"].where(s["outlet"].notna() & (s["outlet"].astype(str) != ""), s["article_id"])
    counts = s.groupby(["outlet", "topic_id"]).size().unstack(fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    names = topic_names(topics, script, lang)
    fig = go.Figure()
    for t in topic_order(counts.columns):
        y = shares[t] if normalize else counts[t]
        fig.add_bar(
            x=[str(o) for o in counts.index], y=y.tolist(), name=names.get(t, str(t)), marker_color=topic_color(t),
            customdata=[[f"topic:{t}", f"outlet:{o}", int(n)] for o, n in counts[t].items()],
            hovertemplate="%{x}<br>%{fullData.name}: %{y" + (":.0%" if normalize else "") +
                          "} (%{customdata[2]})<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    if normalize:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return base_layout(fig, title, height=460)
