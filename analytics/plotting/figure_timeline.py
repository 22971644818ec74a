"""Figure timeline: where in each article the figures are quoted, by sentence index."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.display import kind_word
from analytics.plotting.overview_common import article_names, base_layout, empty_figure

KIND_COLORS = {"money": "#2f7d4f", "percent": "#c8372d", "count": "#1f5fa8", "quantity": "#6a4c93",
               "multiplier": "#e07b39", "fraction": "#8d6e63", "duration": "#5c6bc0", "date": "#90a4ae"}
AXIS = {"zh": ("句子序号", "文章"), "en": ("sentence index", "article")}


def figure_timeline(figures: pd.DataFrame, sentences: pd.DataFrame, lang: str = "zh", title: str = "",
                    articles: pd.DataFrame | None = None, script: str = "Hans") -> go.Figure:
    """One row per article spanning its sentences; a marker per figure at its sentence, coloured by kind.

    Rows are named by outlet and headline when ``articles`` is given (else by id).
    customdata carries ``sentence:<article_id>:<sentence_idx>`` for drilling to the sentence.
    """
    if figures is None or sentences is None or figures.empty or sentences.empty:
        return empty_figure(lang, title)
    lengths = sentences.groupby("article_id")["sentence_idx"].max()
    fig = go.Figure()
    ids = sorted(set(figures["article_id"]) & set(lengths.index))
    if not ids:
        return empty_figure(lang, title)
    names = article_names(ids, articles, script)
    for aid in ids:
        fig.add_trace(go.Scatter(x=[0, int(lengths[aid])], y=[names[aid]] * 2, mode="lines", showlegend=False,
                                 line={"color": "#dde2e8", "width": 6}, hoverinfo="skip"))
    figs = figures[figures["article_id"].isin(ids)]
    for kind, g in figs.groupby("kind", sort=True):
        # Several figures in one sentence are nudged apart so none hides another.
        offset = g.groupby(["article_id", "sentence_idx"]).cumcount() * 0.15
        fig.add_trace(go.Scatter(
            x=(g["sentence_idx"] + offset).tolist(), y=g["article_id"].map(names).tolist(), mode="markers",
            name=kind_word(kind, lang), legendgroup=kind,
            marker={"size": 11, "color": KIND_COLORS.get(kind, "#555"), "symbol": "diamond"},
            text=[f"{t}<br>{s}" for t, s in zip(g["text"], g["subject"].fillna(""))],
            customdata=[f"sentence:{a}:{i}" for a, i in zip(g["article_id"], g["sentence_idx"])],
            hovertemplate="%{text}<extra></extra>",
        ))
    x_title, y_title = AXIS.get(lang, AXIS["en"])
    base_layout(fig, title, height=max(300, 80 + 50 * len(ids)))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, autorange="reversed")
    return fig
