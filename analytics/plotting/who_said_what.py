"""'Who said what': a table of cited sources, the outlet citing them, their words and the tone."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

HEADERS = {"zh": ["来源", "媒体", "引语", "语气"], "en": ["Source", "Outlet", "Quote", "Tone"]}


def who_said_what(citations: pd.DataFrame, articles: pd.DataFrame | None = None, lang: str = "zh",
                  quoted_only: bool = False, max_rows: int = 200, title: str = "") -> go.Figure:
    """One row per citation; outlet (and its English name) come from ``citations`` or are joined from ``articles``."""
    if citations is None or citations.empty:
        return empty_figure(lang, title)
    c = citations
    if articles is not None and not articles.empty:
        cols = [col for col in ("outlet", "outlet_en") if col in articles and col not in c]
        if cols:
            c = c.merge(articles[["article_id", *cols]], on="article_id", how="left")
    if quoted_only:
        c = c[c["quote"].fillna("") != ""]
    if c.empty:
        return empty_figure(lang, title)
    c = c.sort_values(["article_id", "sentence_idx"], kind="stable").head(max_rows)
    en = lang == "en"
    source = [e if en and isinstance(e, str) and e else s for s, e in zip(c["source"], c["source_en"])]
    outlet_col = "outlet_en" if en and "outlet_en" in c else "outlet"
    outlet = c[outlet_col].fillna("").tolist() if outlet_col in c else [""] * len(c)
    quote = [q if isinstance(q, str) and q else "—" for q in c["quote"]]
    tone = [f"{t:+.2f}" if pd.notna(t) else "" for t in c["tone"]] if "tone" in c else [""] * len(c)
    fig = go.Figure(go.Table(
        columnwidth=[1.2, 1.2, 5, 0.6],
        header={"values": HEADERS["en" if en else "zh"], "align": "left", "fill_color": "#eceff3"},
        cells={"values": [source, outlet, quote, tone], "align": "left", "height": 26},
    ))
    return base_layout(fig, title, height=min(900, 120 + 34 * len(c)))
