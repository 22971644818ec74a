"""Narratives through each article: which topic every sentence carries, from first to last."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import article_names, base_layout, empty_figure
from analytics.plotting.topic_share import sentence_hover, topic_color, topic_names, topic_order


def topic_flow(sentences: pd.DataFrame, topics: pd.DataFrame, articles: pd.DataFrame | None = None,
               script: str = "Hans", lang: str = "zh", title: str = "") -> go.Figure:
    """One row per article, one square per sentence (in order), coloured by its topic; unassigned in grey.

    customdata carries ``topic:<id>``, article_id and sentence_idx for drill-down.
    """
    if sentences.empty or "topic_id" not in sentences:
        return empty_figure(lang, title)
    s = sentences.sort_values(["article_id", "sentence_idx"]).copy()
    rows = article_names(s["article_id"], articles, script)
    s["row"] = s["article_id"].map(rows)
    s["hover"] = sentence_hover(s, script)
    names = topic_names(topics, script, lang)
    fig = go.Figure()
    for t in topic_order(s["topic_id"]):
        part = s[s["topic_id"] == t]
        fig.add_scatter(
            x=(part["sentence_idx"] + 1).tolist(), y=part["row"].tolist(), mode="markers", name=names.get(t, str(t)),
            marker={"symbol": "square", "size": 11, "color": topic_color(t)}, text=part["hover"].tolist(),
            customdata=[[f"topic:{t}", a, int(i)] for a, i in zip(part["article_id"], part["sentence_idx"])],
            hovertemplate="%{y} #%{x}<br><b>%{fullData.name}</b><br>%{text}<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(dict.fromkeys(s["row"]))[::-1])
    return base_layout(fig, title, height=max(300, 120 + 48 * len(rows)))
