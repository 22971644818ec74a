"""Distribution of sentence tone (or raw SnowNLP score), stacked by tone label."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import TONE_NAMES, TONE_ORDER, base_layout, empty_figure, tone_colors

RANGES = {"tone": (-1.0, 1.0), "snownlp": (0.0, 1.0)}
AXES = {"zh": {"tone": "语气", "snownlp": "SnowNLP 原始分数"}, "en": {"tone": "tone", "snownlp": "raw SnowNLP score"}}


def tone_distribution(sentences: pd.DataFrame, column: str = "tone", bins: int = 20, lang: str = "zh",
                      scheme: str = "western", title: str = "") -> go.Figure:
    """Stacked histogram of ``column`` ('tone' in [-1, 1] or 'snownlp' in [0, 1]), one trace per tone label.

    Counts are computed here (not by plotly) so ``fig.to_dict()`` carries them: x = bin centres,
    y = sentence counts, customdata = [bin start, bin end, ``tone:<label>``, ``range:<column>:<start>:<end>``]
    so a selected bar drills to that bin's sentences of that label.
    """
    if column not in RANGES:
        raise ValueError(f"column must be one of {sorted(RANGES)}, not {column!r}")
    if sentences is None or sentences.empty or column not in sentences:
        return empty_figure(lang, title)
    s = sentences.dropna(subset=[column])
    if s.empty:
        return empty_figure(lang, title)
    lo, hi = RANGES[column]
    width = (hi - lo) / bins
    edges = [lo + i * width for i in range(bins + 1)]
    idx = ((s[column].clip(lo, hi) - lo) / width).astype(int).clip(0, bins - 1)
    colors = tone_colors(scheme)
    names = TONE_NAMES.get(lang, TONE_NAMES["en"])
    fig = go.Figure()
    for lab in TONE_ORDER:
        counts = idx[s["tone_label"] == lab].value_counts().reindex(range(bins), fill_value=0)
        fig.add_trace(go.Bar(
            x=[round(edges[i] + width / 2, 4) for i in range(bins)], y=counts.astype(int).tolist(),
            width=width, name=names[lab], marker_color=colors[lab],
            customdata=[[round(edges[i], 4), round(edges[i + 1], 4), f"tone:{lab}",
                         f"range:{column}:{round(edges[i], 4)}:{round(edges[i + 1], 4)}"] for i in range(bins)],
            hovertemplate="%{customdata[0]} … %{customdata[1]}: %{y}<extra>" + names[lab] + "</extra>",
        ))
    n_label = "句子数" if lang == "zh" else "sentences"
    fig.update_layout(barmode="stack", bargap=0.02, xaxis={"title": AXES.get(lang, AXES["en"])[column],
                      "range": [lo, hi]}, yaxis={"title": n_label})
    return base_layout(fig, title)
