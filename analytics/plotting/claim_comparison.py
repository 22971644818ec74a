"""Claim comparison: each outlet's value per claim on a shared scale, spread and disagreements visible."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.claims import in_claim_unit
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.voices import outlet_label

LABELS = {"zh": {"disagree": "⚠ 不一致", "value": "相对中位数", "range": "范围"},
          "en": {"disagree": "⚠ disagree", "value": "relative to median", "range": "range"}}


def claim_comparison(figures: pd.DataFrame, claims: pd.DataFrame, lang: str = "zh", title: str = "") -> go.Figure:
    """One row per claim; each figure is a dot at its value divided by the claim's median value.

    Values of different magnitudes share one axis that way (1.0 = the median); a grey bar spans the
    claim's min-max, and claims whose outlets disagree beyond rounding are flagged in red.
    """
    if figures is None or claims is None or figures.empty or claims.empty or "claim_id" not in figures:
        return empty_figure(lang, title)
    members = figures[figures["claim_id"].isin(claims["claim_id"])]
    if members.empty:
        return empty_figure(lang, title)
    words = LABELS.get(lang, LABELS["en"])
    fig = go.Figure()
    members = members.assign(outlet_label=[outlet_label(o, a) for o, a in zip(members["outlet"], members["article_id"])])
    outlets = sorted(set(members["outlet_label"]))
    palette = ["#1f5fa8", "#e07b39", "#2a9d8f", "#6a4c93", "#c2185b", "#7cb342", "#8d6e63", "#5c6bc0"]
    rows = []
    for c in claims.itertuples(index=False):
        m = members[members["claim_id"] == c.claim_id]
        vals = [in_claim_unit(r.value, r.kind, r.unit, c.unit) for r in m.itertuples(index=False)]
        median = float(pd.Series(vals).median()) or 1.0
        label = f"{'⚠ ' if c.disagree else ''}{c.label} ({c.unit})"
        rows.append((label, c, m, vals, median))
    for label, c, _, _, median in rows:
        fig.add_trace(go.Scatter(
            x=[c.min_value / median, c.max_value / median], y=[label, label], mode="lines",
            line={"color": "#c8372d" if c.disagree else "#b0b7c3", "width": 8}, showlegend=False,
            hovertemplate=f"{words['range']}: {c.min_value:.4g}–{c.max_value:.4g} {c.unit}"
                          f"<br>spread {c.spread:.1%}<extra></extra>",
        ))
    for i, outlet in enumerate(outlets):
        xs, ys, texts, ids = [], [], [], []
        for label, c, m, vals, median in rows:
            for r, v in zip(m.itertuples(index=False), vals):
                if r.outlet_label != outlet:
                    continue
                xs.append(v / median)
                ys.append(label)
                texts.append(f"{outlet}: {r.text} ({r.qualifier or '='})")
                ids.append(f"figure:{r.figure_id}")
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=outlet, text=texts, customdata=ids,
                                     marker={"size": 12, "color": palette[i % len(palette)],
                                             "line": {"width": 1, "color": "white"}},
                                     hovertemplate="%{text}<extra></extra>"))
    base_layout(fig, title, height=max(320, 90 + 60 * len(rows)))
    fig.update_xaxes(title_text=words["value"], tickformat=".0%", zeroline=False)
    fig.update_layout(meta={"disagree": [r[0] for r in rows if r[1].disagree]})
    return fig
