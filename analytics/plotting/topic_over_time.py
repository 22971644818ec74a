"""Narratives (or themes) over time: each period's sentences split by narrative, as stacked shares."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

AXES = {"zh": ("句子占比", "日期"), "en": ("share of sentences", "date")}


def topic_over_time(shares: pd.DataFrame, lang: str = "zh", title: str = "") -> go.Figure:
    """Stacked areas of each narrative's share per period (`analytics.timeline.topic_shares` output).

    customdata per point: ``topic:<id>`` (pooled 'other' is ``topic:-2``), n_sentences.
    """
    if shares is None or shares.empty:
        return empty_figure(lang, title)
    ax = AXES.get(lang, AXES["en"])
    wide = shares.pivot_table(index="period", columns="topic_id", values="share", fill_value=0.0).sort_index()
    counts = shares.pivot_table(index="period", columns="topic_id", values="n_sentences", fill_value=0).reindex(wide.index)
    labels = dict(zip(shares["topic_id"], shares["label"]))
    x = [p.strftime("%Y-%m-%d") for p in pd.to_datetime(wide.index)]
    fig = go.Figure()
    order = sorted(wide.columns, key=lambda t: (t == -2, -wide[t].sum()))
    for tid in order:
        fig.add_trace(go.Scatter(
            x=x, y=wide[tid].round(4).tolist(), name=str(labels.get(tid, tid)), stackgroup="one", mode="lines",
            customdata=[[f"topic:{int(tid)}", int(n)] for n in counts[tid]],
            hovertemplate="%{x}: %{y:.0%} (n=%{customdata[1]})<extra>%{fullData.name}</extra>"))
    fig.update_layout(yaxis={"title": ax[0], "tickformat": ".0%", "range": [0, 1]}, xaxis={"title": ax[1], "type": "date"},
                      meta={"granularity": shares.attrs.get("granularity", "")})
    return base_layout(fig, title)
