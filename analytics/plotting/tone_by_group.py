"""Mean tone per group (outlet, narrative, cited source, entity...) with the sentence count behind each bar."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure, tone_scale
from analytics.tone import aggregate_tone

AXIS = {"zh": "平均语气（-1 负面 … +1 正面）", "en": "mean tone (-1 negative … +1 positive)"}


def tone_by_group(df: pd.DataFrame, by: str, lang: str = "zh", scheme: str = "western", min_count: int = 1,
                  top_n: int = 30, names: dict | None = None, title: str = "") -> go.Figure:
    """Horizontal bars of mean tone per value of ``by`` (most negative at the bottom), labelled n=sentences.

    ``df`` is sentences joined to the grouping column; ``names`` maps group values to display names.
    customdata per bar: ``"<by>:<value>"``, n_sentences, share_pos, share_neu, share_neg.
    """
    if df is None or df.empty or by not in df or "tone" not in df:
        return empty_figure(lang, title)
    g = aggregate_tone(df, by)
    g = g[g["n_sentences"] >= min_count].head(top_n)
    if g.empty:
        return empty_figure(lang, title)
    g = g.sort_values(["tone_mean", by], kind="stable")
    names = names or {}
    labels = [str(names.get(v, v)) for v in g[by]]
    fig = go.Figure(go.Bar(
        x=g["tone_mean"].round(3).tolist(), y=labels, orientation="h",
        text=[f"n={n}" for n in g["n_sentences"]], textposition="outside", cliponaxis=False,
        marker={"color": g["tone_mean"].tolist(), "colorscale": tone_scale(scheme), "cmin": -1, "cmax": 1},
        customdata=[[f"{by}:{v}", int(n), round(p, 3), round(u, 3), round(m, 3)] for v, n, p, u, m in
                    zip(g[by], g["n_sentences"], g["share_pos"], g["share_neu"], g["share_neg"])],
        hovertemplate=("%{y}: %{x:.2f}<br>n=%{customdata[1]}<br>+ %{customdata[2]:.0%} · "
                       "0 %{customdata[3]:.0%} · − %{customdata[4]:.0%}<extra></extra>"),
    ))
    fig.update_layout(xaxis={"range": [-1.3, 1.3], "title": AXIS.get(lang, AXIS["en"]), "zeroline": True,
                             "tickvals": [-1, -0.5, 0, 0.5, 1]},
                      yaxis={"type": "category"})
    return base_layout(fig, title, height=max(300, 80 + 28 * len(g)))
