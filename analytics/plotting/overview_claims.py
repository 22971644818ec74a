"""Overview: the figures outlets disagree on, each outlet's value on one line per claim."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.claims import in_claim_unit
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.voices import outlet_label

PALETTE = ("#1f5fa8", "#e07b39", "#6a4c93", "#2a9d8f", "#8d6e63", "#c2185b", "#5c6bc0", "#7cb342")


def disputed_claims(claims: pd.DataFrame, figures: pd.DataFrame, lang: str = "zh", top_n: int = 6,
                    only_disagreeing: bool = True, title: str = "") -> go.Figure:
    """One row per claim, one marker per outlet at the value it quoted; the spread is the row's length.

    Values are converted to the claim's unit (CNY/USD at the fixed rates) and shown relative to the
    claim's largest value so money and percentages share an axis; hover gives the original text.
    Articles of unknown outlet stay separate. customdata carries ``claim:<id>`` and ``outlet:<name>``.
    """
    if claims is None or claims.empty or figures is None or figures.empty:
        return empty_figure(lang, title)
    c = claims
    if only_disagreeing and "disagree" in c and c["disagree"].fillna(False).astype(bool).any():
        c = c[c["disagree"].fillna(False).astype(bool)]
    f = figures[figures["claim_id"].isin(c["claim_id"]) & figures["value"].notna()]
    if f.empty:
        return empty_figure(lang, title)
    units = dict(zip(c["claim_id"], c["unit"]))
    f = f.assign(_v=[in_claim_unit(v, k, u, units[cid]) for v, k, u, cid in
                     zip(f["value"], f["kind"], f["unit"], f["claim_id"])],
                 _outlet=[outlet_label(o, a) for o, a in zip(f["outlet"], f["article_id"])])
    order = f.groupby("claim_id")["article_id"].nunique().sort_values(ascending=False).index[:top_n]
    labels = dict(zip(c["claim_id"], c["label"]))
    fig = go.Figure()
    top = f.groupby("claim_id")["_v"].max()
    for i, outlet in enumerate(sorted(f["_outlet"].unique())):
        sub = f[(f["_outlet"] == outlet) & f["claim_id"].isin(order)]
        if sub.empty:
            continue
        rel = [v / top[cid] if top[cid] else 0.0 for v, cid in zip(sub["_v"], sub["claim_id"])]
        fig.add_scatter(
            x=rel, y=[labels.get(cid, str(cid)) for cid in sub["claim_id"]], mode="markers", name=outlet,
            marker={"size": 13, "color": PALETTE[i % len(PALETTE)], "line": {"width": 1, "color": "white"}},
            text=sub["text"].tolist(),
            customdata=[[f"claim:{cid}", f"outlet:{o}", f"article:{a}", f"sentence:{int(si)}"]
                        for cid, o, a, si in zip(sub["claim_id"], sub["outlet"], sub["article_id"],
                                                 sub["sentence_idx"])],
            hovertemplate="%{y}<br>%{fullData.name}: %{text}<extra></extra>",
        )
    fig.update_layout(xaxis={"title": "× max" if lang == "en" else "相对最大值", "tickformat": ".0%"},
                      yaxis_autorange="reversed")
    return base_layout(fig, title, height=max(300, 80 + 50 * len(order)))
