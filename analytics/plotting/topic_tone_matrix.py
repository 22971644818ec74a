"""Narratives x tone: how many sentences of each topic read negative, neutral or positive."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import TONE_NAMES, TONE_ORDER, base_layout, cell_targets, empty_figure
from analytics.plotting.topic_share import topic_names, topic_order


def topic_tone_matrix(sentences: pd.DataFrame, topics: pd.DataFrame, script: str = "Hans", lang: str = "zh",
                      normalize: bool = False, title: str = "") -> go.Figure:
    """Heatmap of sentence counts (or row shares) per topic and tone label; hover adds the mean tone.

    Unassigned sentences get their own row. customdata carries ``topic:<id>`` and ``tone:<label>``; an
    invisible marker per cell makes a click drill down.
    """
    if sentences.empty or not {"topic_id", "tone_label"} <= set(sentences.columns):
        return empty_figure(lang, title)
    counts = sentences.groupby(["topic_id", "tone_label"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=topic_order(counts.index), columns=list(TONE_ORDER), fill_value=0)
    means = sentences.groupby("topic_id")["tone"].mean() if "tone" in sentences else pd.Series(dtype=float)
    shares = counts.div(counts.sum(axis=1).where(lambda x: x > 0, 1), axis=0)
    names = topic_names(topics, script, lang)
    tone_names = TONE_NAMES.get(lang, TONE_NAMES["en"])
    z = shares if normalize else counts
    rows = [names.get(t, str(t)) for t in counts.index]
    custom = [[[f"topic:{t}", f"tone:{tone}", int(counts.loc[t, tone]), float(shares.loc[t, tone]),
                float(means.get(t, float("nan")))] for tone in TONE_ORDER] for t in counts.index]
    hover = ("%{y}<br>%{x}: %{customdata[2]} (%{customdata[3]:.0%})<br>"
             + ("平均语气" if lang == "zh" else "mean tone") + " %{customdata[4]:.2f}<extra></extra>")
    cols = [tone_names[t] for t in TONE_ORDER]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy().tolist(), x=cols, y=rows, colorscale="Blues",
        customdata=custom, texttemplate="%{z:.0%}" if normalize else "%{z}", hovertemplate=hover,
    ))
    cell_targets(fig, [c for _ in rows for c in cols], [r for r in rows for _ in cols],
                 [cell for row in custom for cell in row], hover)
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, title, height=max(320, 80 + 34 * len(rows)))
