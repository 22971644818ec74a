"""Distinctive terms of two views side by side: z-scores of the log-odds ratio (Monroe et al. 2008)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

AXIS = {"zh": "区分度（对数几率 z 值）", "en": "distinctiveness (log-odds z-score)"}


def distinctive_terms(a: pd.DataFrame, b: pd.DataFrame, name_a: str, name_b: str, lang: str = "zh",
                      title: str = "") -> go.Figure:
    """Diverging bars: terms typical of A to the right, of B to the left, each labelled with its counts.

    `a` and `b` are `analytics.distinctive.distinctive_terms` output; customdata: term, n_a, n_b.
    """
    if (a is None or a.empty) and (b is None or b.empty):
        return empty_figure(lang, title)
    fig = go.Figure()
    for part, sign, name, color in ((b, -1, name_b, "#c07b2f"), (a, 1, name_a, "#1f5fa8")):
        if part is None or part.empty:
            continue
        part = part.sort_values("z")
        fig.add_trace(go.Bar(
            x=(sign * part["z"]).round(3).tolist(), y=part["term"].tolist(), orientation="h", name=name,
            marker_color=color, customdata=[[t, int(x), int(y)] for t, x, y in zip(part["term"], part["n_a"], part["n_b"])],
            hovertemplate=f"%{{y}}: z=%{{x:.1f}}<br>{name_a}: %{{customdata[1]}} · {name_b}: %{{customdata[2]}}<extra></extra>"))
    n = max(len(a) if a is not None else 0, len(b) if b is not None else 0)
    fig.update_layout(xaxis={"title": AXIS.get(lang, AXIS["en"]), "zeroline": True}, yaxis={"type": "category"},
                      barmode="overlay")
    return base_layout(fig, title, height=max(320, 90 + 22 * 2 * n))
