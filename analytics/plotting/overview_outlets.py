"""Overview: tone mix per publishing outlet (share of sentences per tone label)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import TONE_NAMES, TONE_ORDER, base_layout, empty_figure, tone_colors


def outlet_tone(sentences: pd.DataFrame, articles: pd.DataFrame, lang: str = "zh", scheme: str = "western",
                title: str = "") -> go.Figure:
    """Share of each outlet's sentences that are negative, neutral and positive, with counts on hover."""
    if sentences.empty or articles.empty:
        return empty_figure(lang, title)
    name_col = "outlet_en" if lang == "en" and "outlet_en" in articles else "outlet"
    s = sentences.merge(articles[["article_id", "outlet"] + ([name_col] if name_col != "outlet" else [])],
                        on="article_id", how="left")
    counts = s.groupby(["outlet", "tone_label"]).size().unstack(fill_value=0).reindex(columns=list(TONE_ORDER), fill_value=0)
    share = counts.div(counts.sum(axis=1), axis=0)
    share = share.sort_values("neg", ascending=False)
    counts = counts.loc[share.index]
    shown = dict(zip(s["outlet"], s[name_col])) if name_col != "outlet" else {}
    y = [shown.get(o) or o for o in share.index]
    colors = tone_colors(scheme)
    names = TONE_NAMES.get(lang, TONE_NAMES["en"])
    fig = go.Figure()
    for tone in TONE_ORDER:
        fig.add_bar(y=y, x=share[tone].tolist(), orientation="h", name=names[tone], marker_color=colors[tone],
                    text=counts[tone].tolist(), textposition="none",
                    customdata=[[f"outlet:{o}", f"tone:{tone}"] for o in share.index],
                    hovertemplate="%{y}<br>%{fullData.name}: %{x:.0%} (%{text})<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_tickformat=".0%", yaxis_autorange="reversed")
    return base_layout(fig, title, height=max(280, 60 + 40 * len(share)))
