"""Overview: the most quoted voices, with how often and in what tone they are quoted."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure, tone_scale


def top_voices(citations: pd.DataFrame, lang: str = "zh", scheme: str = "western", top_n: int = 10,
               title: str = "") -> go.Figure:
    """Citations per source (bar length) coloured by the mean tone of what they are quoted saying."""
    if citations is None or citations.empty:
        return empty_figure(lang, title)
    g = (citations.groupby("source")
         .agg(n=("source", "size"), tone=("tone", "mean"), source_en=("source_en", "first"),
              n_articles=("article_id", "nunique"))
         .reset_index().sort_values(["n", "source"], ascending=[False, True]).head(top_n))
    names = [en if lang == "en" and isinstance(en, str) and en else src for src, en in zip(g["source"], g["source_en"])]
    fig = go.Figure(go.Bar(
        y=names, x=g["n"].tolist(), orientation="h",
        marker={"color": g["tone"].fillna(0).tolist(), "colorscale": tone_scale(scheme), "cmin": -1, "cmax": 1,
                "colorbar": {"title": {"text": "tone"}, "thickness": 10}},
        customdata=[[f"source:{s}", round(float(t), 2) if pd.notna(t) else None, int(a)]
                    for s, t, a in zip(g["source"], g["tone"], g["n_articles"])],
        hovertemplate="%{y}: %{x}<br>tone %{customdata[1]} · %{customdata[2]} art.<extra></extra>",
    ))
    fig.update_layout(yaxis_autorange="reversed")
    return base_layout(fig, title, height=max(300, 60 + 32 * len(g)))
