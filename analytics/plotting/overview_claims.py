"""Overview: the figures outlets disagree on, each outlet's value on one line per claim."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

PALETTE = ("#1f5fa8", "#e07b39", "#6a4c93", "#2a9d8f", "#8d6e63", "#c2185b", "#5c6bc0", "#7cb342")


def disputed_claims(claims: pd.DataFrame, figures: pd.DataFrame, lang: str = "zh", top_n: int = 6,
                    only_disagreeing: bool = True, title: str = "") -> go.Figure:
    """One row per claim, one marker per outlet at the value it quoted; the spread is the row's length.

    Values are shown relative to the claim's largest value so money and percentages share an axis;
    hover gives the original text. customdata carries ``claim:<id>`` and ``outlet:<name>``.
    """
    if claims is None or claims.empty or figures is None or figures.empty:
        return empty_figure(lang, title)
    c = claims
    if only_disagreeing and "disagree" in c and c["disagree"].fillna(False).astype(bool).any():
        c = c[c["disagree"].fillna(False).astype(bool)]
    f = figures[figures["claim_id"].isin(c["claim_id"]) & figures["value"].notna()]
    if f.empty:
        return empty_figure(lang, title)
    order = f.groupby("claim_id")["article_id"].nunique().sort_values(ascending=False).index[:top_n]
    labels = dict(zip(c["claim_id"], c["label"]))
    fig = go.Figure()
    outlets = sorted(f["outlet"].fillna("").unique())
    for i, outlet in enumerate(outlets):
        sub = f[(f["outlet"].fillna("") == outlet) & f["claim_id"].isin(order)]
        if sub.empty:
            continue
        top = f.groupby("claim_id")["value"].max()
        rel = [v / top[cid] if top[cid] else 0.0 for v, cid in zip(sub["value"], sub["claim_id"])]
        fig.add_scatter(
            x=rel, y=[labels.get(cid, str(cid)) for cid in sub["claim_id"]], mode="markers", name=outlet or "?",
            marker={"size": 13, "color": PALETTE[i % len(PALETTE)], "line": {"width": 1, "color": "white"}},
            text=sub["text"].tolist(),
            customdata=[[f"claim:{cid}", f"outlet:{outlet}", f"article:{a}", f"sentence:{int(si)}"]
                        for cid, a, si in zip(sub["claim_id"], sub["article_id"], sub["sentence_idx"])],
            hovertemplate="%{y}<br>%{fullData.name}: %{text}<extra></extra>",
        )
    fig.update_layout(xaxis={"title": "× max" if lang == "en" else "相对最大值", "tickformat": ".0%"},
                      yaxis_autorange="reversed")
    return base_layout(fig, title, height=max(300, 80 + 50 * len(order)))
