"""Narratives: a 2-D map of sentences (TruncatedSVD of TF-IDF), coloured by topic, sentence on hover."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.narratives import sentence_map
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.plotting.topic_share import sentence_hover, topic_color, topic_names, topic_order


def topic_map(sentences: pd.DataFrame, topics: pd.DataFrame, coords: pd.DataFrame | None = None,
              script: str = "Hans", lang: str = "zh", title: str = "") -> go.Figure:
    """Scatter of sentences at ``coords`` (x, y indexed like ``sentences``; computed when None), one trace per topic.

    customdata carries ``topic:<id>``, article_id and sentence_idx for drill-down.
    """
    if sentences.empty or "topic_id" not in sentences:
        return empty_figure(lang, title)
    xy = sentence_map(sentences) if coords is None else coords
    s = sentences.join(xy[["x", "y"]], how="left")
    s["hover"] = sentence_hover(s, script)
    names = topic_names(topics, script, lang)
    fig = go.Figure()
    for t in topic_order(s["topic_id"]):
        part = s[s["topic_id"] == t]
        fig.add_scatter(
            x=part["x"].round(4).tolist(), y=part["y"].round(4).tolist(), mode="markers", name=names.get(t, str(t)),
            marker={"color": topic_color(t), "size": 8, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
            text=part["hover"].tolist(),
            customdata=[[f"topic:{t}", a, int(i)] for a, i in zip(part["article_id"], part["sentence_idx"])],
            hovertemplate="<b>%{fullData.name}</b><br>%{text}<extra></extra>",
        )
    fig.update_xaxes(showticklabels=False, zeroline=False, title_text="")
    fig.update_yaxes(showticklabels=False, zeroline=False, title_text="")
    return base_layout(fig, title, height=520)
