"""Overview: each narrative's size and tone mix as a stacked horizontal bar."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import TONE_NAMES, TONE_ORDER, base_layout, empty_figure, tone_colors


def narratives_tone(sentences: pd.DataFrame, topics: pd.DataFrame, lang: str = "zh", scheme: str = "western",
                    label_col: str = "label", top_n: int = 8, title: str = "") -> go.Figure:
    """Sentences per narrative split by tone label, biggest narratives first.

    customdata carries ``topic:<id>`` and ``tone:<label>`` so a selected bar names its evidence.
    """
    s = sentences[sentences["topic_id"].notna() & (sentences["topic_id"] >= 0)] if len(sentences) else sentences
    if s.empty or topics.empty:
        return empty_figure(lang, title)
    counts = s.groupby(["topic_id", "tone_label"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(TONE_ORDER), fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index[:top_n]]
    col = label_col if label_col in topics else "label"
    names = dict(zip(topics["topic_id"], topics[col]))
    ylabels = [f"{names.get(t, t)}" for t in counts.index]
    colors = tone_colors(scheme)
    fig = go.Figure()
    for tone in TONE_ORDER:
        fig.add_bar(y=ylabels, x=counts[tone].tolist(), orientation="h", name=TONE_NAMES[lang if lang in TONE_NAMES else "en"][tone],
                    marker_color=colors[tone],
                    customdata=[[f"topic:{int(t)}", f"tone:{tone}"] for t in counts.index],
                    hovertemplate="%{y}<br>%{fullData.name}: %{x}<extra></extra>")
    fig.update_layout(barmode="stack", yaxis_autorange="reversed")
    return base_layout(fig, title, height=max(300, 60 + 38 * len(counts)))
