"""Narratives: each topic's top terms and their class-TF-IDF weights, one small bar chart per topic."""
from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.narratives import UNASSIGNED, to_script
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.plotting.topic_share import topic_color, topic_names

_NOTE = {"zh": "另有 {n} 句未归类(太短或无共享词汇)", "en": "{n} sentences unassigned (too short or no shared vocabulary)"}


def topic_terms(topics: pd.DataFrame, script: str = "Hans", lang: str = "zh", n_terms: int = 8, cols: int = 3,
                title: str = "") -> go.Figure:
    """Horizontal bars of the top ``n_terms`` terms per topic; the unassigned count is stated in a note."""
    if topics.empty or "term_weights" not in topics:
        return empty_figure(lang, title)
    real = topics[topics["topic_id"] != UNASSIGNED].sort_values("topic_id")
    unassigned = int(topics.loc[topics["topic_id"] == UNASSIGNED, "n_sentences"].sum()) if "n_sentences" in topics else 0
    if real.empty:
        return empty_figure(lang, title)
    names = topic_names(topics, script, lang)
    rows = math.ceil(len(real) / cols)
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.12, vertical_spacing=0.35 / rows,
                        subplot_titles=[f"{names[int(t)]} ({n})" for t, n in zip(real["topic_id"], real["n_sentences"])])
    for i, (_, row) in enumerate(real.iterrows()):
        t = int(row["topic_id"])
        pairs = json.loads(row["term_weights"] or "[]")[:n_terms]
        terms = [to_script(term, script) if script == "Hant" else term for term, _ in pairs]
        fig.add_bar(x=[w for _, w in pairs], y=terms, orientation="h", marker_color=topic_color(t),
                    name=names[t], showlegend=False, customdata=[[f"topic:{t}", term] for term in terms],
                    hovertemplate="%{y}: %{x:.3f}<extra>%{fullData.name}</extra>",
                    row=i // cols + 1, col=i % cols + 1)
    fig.update_yaxes(autorange="reversed")
    if unassigned:
        fig.add_annotation(text=_NOTE.get(lang, _NOTE["en"]).format(n=unassigned), x=0, y=-0.08 if rows > 1 else -0.2,
                           xref="paper", yref="paper", showarrow=False, xanchor="left",
                           font={"color": "#666"}, name="unassigned_note")
    fig.update_annotations(font_size=12)
    return base_layout(fig, title, height=60 + 230 * rows)


