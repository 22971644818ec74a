"""Sentence-by-sentence tone arc of one or more articles: how the tone moves through the text."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import TONE_NAMES, base_layout, empty_figure, tone_colors

AXES = {"zh": ("句子序号", "语气"), "en": ("sentence", "tone")}
SMOOTH_NOTE = {"zh": "粗线：{n} 句滑动平均；点：每句语气", "en": "thick line: {n}-sentence rolling mean; dots: each sentence"}
# Articles drawn at first; the others stay one legend click away so the lines do not tangle.
SHOWN = 4
# Articles listed at most (the longest): a large view would send thousands of lines to the browser.
LISTED = 40
LISTED_NOTE = {"zh": "仅列出最长的 {k} 篇（共 {n} 篇）", "en": "the {k} longest of {n} articles listed"}


def tone_arc(sentences: pd.DataFrame, article_ids: list[str] | str | None = None, lang: str = "zh",
             scheme: str = "western", smooth: int = 3, names: dict | None = None, title: str = "") -> go.Figure:
    """One line per article over sentence_idx: markers coloured by tone_label, corrected ones as diamonds,
    plus a centred rolling mean over ``smooth`` sentences (0 or 1 for none) in the same legend entry.
    The SHOWN longest articles are drawn; the rest are listed in the legend, one click away.

    customdata per marker: article_id, sentence_idx, the sentence text (for drill-down and hover).
    """
    if sentences is None or sentences.empty or "tone" not in sentences:
        return empty_figure(lang, title)
    s = sentences
    if article_ids is not None:
        ids = [article_ids] if isinstance(article_ids, str) else list(article_ids)
        s = s[s["article_id"].isin(ids)]
    if s.empty:
        return empty_figure(lang, title)
    colors = tone_colors(scheme)
    label_names = TONE_NAMES.get(lang, TONE_NAMES["en"])
    names = names or {}
    fig = go.Figure()
    by_length = s.groupby("article_id").size().sort_values(ascending=False, kind="stable").index
    longest = set(by_length[:SHOWN])
    n_articles = len(by_length)
    if n_articles > LISTED:
        s = s[s["article_id"].isin(set(by_length[:LISTED]))]
    palette = ("#1f5fa8", "#e07b39", "#2a9d8f", "#6a4c93", "#c2185b", "#7cb342", "#8d6e63", "#5c6bc0")
    for n, (aid, a) in enumerate(s.sort_values(["article_id", "sentence_idx"]).groupby("article_id", sort=True)):
        name = str(names.get(aid, aid))
        visible = True if aid in longest else "legendonly"
        hue = palette[n % len(palette)]
        corrected = a["corrected"].astype(bool) if "corrected" in a else pd.Series(False, index=a.index)
        text = a["text"] if "text" in a else a.get("text_hans", pd.Series("", index=a.index))
        fig.add_trace(go.Scatter(
            x=a["sentence_idx"].tolist(), y=a["tone"].round(3).tolist(), mode="lines+markers", name=name,
            line={"width": 1, "color": hue, "dash": "dot"}, legendgroup=aid, visible=visible,
            marker={"size": 8, "color": [colors.get(lab, "#999") for lab in a["tone_label"]],
                    "symbol": ["diamond" if c else "circle" for c in corrected]},
            customdata=[[aid, int(i), str(t)[:80], label_names.get(lab, lab)]
                        for i, t, lab in zip(a["sentence_idx"], text, a["tone_label"])],
            hovertemplate=f"{name} #%{{customdata[1]}}: %{{y:.2f}} (%{{customdata[3]}})<br>"
                          "%{customdata[2]}<extra></extra>",
        ))
        if smooth and smooth > 1 and len(a) >= smooth:
            fig.add_trace(go.Scatter(
                x=a["sentence_idx"].tolist(),
                y=a["tone"].rolling(smooth, center=True, min_periods=1).mean().round(3).tolist(),
                mode="lines", name=name, line={"width": 3, "color": hue}, hoverinfo="skip", legendgroup=aid,
                showlegend=False, visible=visible, meta={"role": "smooth", "article_id": aid},
            ))
    x_title, y_title = AXES.get(lang, AXES["en"])
    fig.add_hline(y=0, line={"color": "#ccc", "width": 1})
    fig.update_layout(xaxis={"title": x_title}, yaxis={"title": y_title, "range": [-1.1, 1.1]})
    base_layout(fig, title)
    note = SMOOTH_NOTE.get(lang, SMOOTH_NOTE["en"]).format(n=smooth) if smooth and smooth > 1 else ""
    if n_articles > LISTED:
        listed = LISTED_NOTE.get(lang, LISTED_NOTE["en"]).format(k=LISTED, n=n_articles)
        note = f"{note}; {listed}" if note else listed
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper",
                           x=0, y=1.0, yanchor="bottom", xanchor="left", showarrow=False, font={"size": 11, "color": "#555"})
    return fig
