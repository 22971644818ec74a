"""Tone per cited source: the mean tone of what each source is quoted saying, with citation counts."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure, tone_scale


def source_tone(citations: pd.DataFrame, lang: str = "zh", scheme: str = "western", min_count: int = 1,
                top_n: int = 25, title: str = "") -> go.Figure:
    """Horizontal bars of mean tone per source, most negative first; labels give n citations.

    Takes citations with the lead's joined ``tone`` column; customdata is ``source:<name>``, n, articles.
    """
    if citations is None or citations.empty or "tone" not in citations:
        return empty_figure(lang, title)
    c = citations[citations["tone"].notna()]
    g = (c.groupby("source")
         .agg(tone=("tone", "mean"), n=("tone", "size"), source_en=("source_en", "first"),
              n_articles=("article_id", "nunique"))
         .reset_index())
    g = g[g["n"] >= min_count]
    if g.empty:
        return empty_figure(lang, title)
    g = g.sort_values(["n", "source"], ascending=[False, True]).head(top_n).sort_values(["tone", "source"])
    names = [en if lang == "en" and isinstance(en, str) and en else s for s, en in zip(g["source"], g["source_en"])]
    fig = go.Figure(go.Bar(
        x=g["tone"].round(3).tolist(), y=names, orientation="h",
        text=[f"n={n}" for n in g["n"]], textposition="outside",
        marker={"color": g["tone"].tolist(), "colorscale": tone_scale(scheme), "cmin": -1, "cmax": 1},
        customdata=[[f"source:{s}", int(n), int(a)] for s, n, a in zip(g["source"], g["n"], g["n_articles"])],
        hovertemplate="%{y}: %{x:.2f}<br>n=%{customdata[1]} · %{customdata[2]} art.<extra></extra>",
    ))
    fig.update_layout(xaxis={"range": [-1.05, 1.05], "title": "mean tone" if lang == "en" else "平均语气"})
    return base_layout(fig, title, height=max(300, 80 + 28 * len(g)))
