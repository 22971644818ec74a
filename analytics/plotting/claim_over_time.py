"""A claim's quoted values over time: one marker per figure at its article's date, by outlet."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

AXES = {"zh": ("数值", "日期"), "en": ("value", "date")}


def claim_over_time(values: pd.DataFrame, lang: str = "zh", title: str = "", names: dict | None = None) -> go.Figure:
    """Scatter of value by date per outlet (a range figure shows its upper bound as an error bar).

    `values` is `analytics.timeline.claim_values` output; customdata: ``figure:<id>``, article_id, text.
    """
    if values is None or values.empty or values["value"].isna().all():
        return empty_figure(lang, title)
    ax = AXES.get(lang, AXES["en"])
    names = names or {}
    unit = next((u for u in values["unit"].dropna().astype(str) if u), "")
    fig = go.Figure()
    for outlet, part in values.groupby(values["outlet"].fillna(""), sort=True):
        upper = (part["value_max"] - part["value"]).where(part["value_max"].notna(), 0)
        fig.add_trace(go.Scatter(
            x=[d.strftime("%Y-%m-%d") for d in pd.to_datetime(part["date"])], y=part["value"].tolist(),
            mode="markers", name=str(names.get(outlet, outlet) or "—"), marker={"size": 10},
            error_y={"type": "data", "symmetric": False, "array": upper.tolist(), "arrayminus": [0] * len(part)},
            customdata=[[f"figure:{f}", a, t] for f, a, t in zip(part["figure_id"], part["article_id"], part["text"])],
            hovertemplate="%{x}: %{customdata[2]}<extra>%{fullData.name}</extra>"))
    fig.update_layout(yaxis={"title": f"{ax[0]} ({unit})" if unit else ax[0]}, xaxis={"title": ax[1], "type": "date"})
    return base_layout(fig, title)
