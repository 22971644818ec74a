"""Attention over time: articles per period as bars (with a 95% interval for small counts) and mean
article tone as a line with its band, per outlet when the table is split by one."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure, tone_colors

AXES = {"zh": ("文章数", "平均语气", "日期"), "en": ("articles", "mean tone", "date")}
GRAN = {"zh": {"day": "按日", "week": "按周", "month": "按月"}, "en": {"day": "daily", "week": "weekly", "month": "monthly"}}
TONE = {"zh": "平均语气（95% 区间）", "en": "mean tone (95% interval)"}


def time_volume(table: pd.DataFrame, lang: str = "zh", scheme: str = "western", title: str = "",
                by: str | None = None, names: dict | None = None, show_tone: bool = True) -> go.Figure:
    """Bars of n_articles per period (stacked by `by` when given) with Poisson error bars on totals, and
    the mean tone line with its interval on a second axis. `table` is `analytics.timeline.volume` output.

    customdata per bar: period (ISO date), n_articles[, group].
    """
    if table is None or table.empty or table["n_articles"].sum() == 0:
        return empty_figure(lang, title)
    ax = AXES.get(lang, AXES["en"])
    names = names or {}
    fig = go.Figure()
    x = [p.strftime("%Y-%m-%d") for p in pd.to_datetime(table["period"])]
    table = table.assign(x=x)
    if by and by in table:
        for g, part in table.groupby(by, sort=False):
            fig.add_trace(go.Bar(x=part["x"].tolist(), y=part["n_articles"].tolist(), name=str(names.get(g, g)),
                                 customdata=[[p, int(n), str(g)] for p, n in zip(part["x"], part["n_articles"])],
                                 hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>"))
        fig.update_layout(barmode="stack")
    else:
        fig.add_trace(go.Bar(
            x=x, y=table["n_articles"].tolist(), name=ax[0], marker_color="#8aa4c8",
            error_y={"type": "data", "symmetric": False, "array": (table["n_hi"] - table["n_articles"]).round(2).tolist(),
                     "arrayminus": (table["n_articles"] - table["n_lo"]).round(2).tolist(), "thickness": 1, "width": 2},
            customdata=[[p, int(n)] for p, n in zip(x, table["n_articles"])],
            hovertemplate="%{x}: %{y}<extra></extra>"))
    if show_tone and "tone_mean" in table and table["tone_mean"].notna().any():
        t = table.groupby("x", sort=True).apply(
            lambda g: pd.Series({"tone": (g["tone_mean"] * g["n_articles"]).sum() / g["n_articles"].sum()
                                 if g["n_articles"].sum() else float("nan"),
                                 "lo": g["tone_lo"].min() if len(g) == 1 else float("nan"),
                                 "hi": g["tone_hi"].max() if len(g) == 1 else float("nan")}),
            include_groups=False).reset_index()
        color = tone_colors(scheme)["pos"]
        if t["lo"].notna().any():
            fig.add_trace(go.Scatter(x=t["x"].tolist() + t["x"].tolist()[::-1],
                                     y=t["hi"].round(3).tolist() + t["lo"].round(3).tolist()[::-1],
                                     fill="toself", fillcolor="rgba(120,120,120,0.15)", line={"width": 0},
                                     yaxis="y2", name=TONE.get(lang, TONE["en"]), hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(x=t["x"].tolist(), y=t["tone"].round(3).tolist(), yaxis="y2", mode="lines+markers",
                                 name=ax[1], line={"color": color}, connectgaps=False,
                                 hovertemplate="%{x}: %{y:.2f}<extra></extra>"))
        fig.update_layout(yaxis2={"title": ax[1], "overlaying": "y", "side": "right", "range": [-1, 1],
                                  "zeroline": True, "showgrid": False})
    gran = table.attrs.get("granularity", "")
    fig.update_layout(xaxis={"title": f"{ax[2]} ({GRAN.get(lang, GRAN['en']).get(gran, gran)})" if gran else ax[2],
                             "type": "date"},
                      yaxis={"title": ax[0], "rangemode": "tozero"}, bargap=0.1, meta={"granularity": gran})
    return base_layout(fig, title)
