"""Outlet x cited-source matrix: which publishing outlet cites which media, people and organisations."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, cell_targets, empty_figure


def _label(name: object, name_en: object, lang: str) -> str:
    if lang == "en" and isinstance(name_en, str) and name_en:
        return name_en
    return str(name) if isinstance(name, str) and name else ("Not stated" if lang == "en" else "未注明")


def outlet_source_matrix(citations: pd.DataFrame, articles: pd.DataFrame, lang: str = "zh", top_n: int = 20,
                         title: str = "") -> go.Figure:
    """Heatmap of citation counts, publishing outlets down, the most cited sources across.

    customdata carries ``outlet:<name>`` and ``source:<name>`` (canonical Simplified) for drill-down; an
    invisible marker per non-empty cell makes a click select it; every column is labelled.
    """
    if citations is None or citations.empty or articles is None or articles.empty:
        return empty_figure(lang, title)
    cols = ["article_id", "outlet"] + (["outlet_en"] if "outlet_en" in articles else [])
    c = citations.drop(columns=[x for x in ("outlet", "outlet_en") if x in citations]).merge(
        articles[cols], on="article_id", how="left")
    c["outlet"] = c["outlet"].fillna("").replace("", "未注明")
    if "outlet_en" not in c:
        c["outlet_en"] = c["outlet"]
    top = c.groupby("source").size().sort_values(ascending=False, kind="stable").index[:top_n]
    c = c[c["source"].isin(top)]
    counts = c.groupby(["outlet", "source"]).size().unstack(fill_value=0).reindex(columns=list(top), fill_value=0)
    src_en = c.groupby("source")["source_en"].first()
    out_en = c.groupby("outlet")["outlet_en"].first()
    x = [_label(s, src_en.get(s), lang) for s in counts.columns]
    y = [_label(o, out_en.get(o), lang) for o in counts.index]
    z = counts.to_numpy()
    custom = [[[f"outlet:{o}", f"source:{s}", int(n)] for s, n in zip(counts.columns, row)]
              for o, row in zip(counts.index, z)]
    fig = go.Figure(go.Heatmap(
        z=z.tolist(), x=x, y=y, colorscale="Blues", zmin=0, text=z.tolist(), texttemplate="%{text}",
        customdata=custom, hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
        colorbar={"title": {"text": "citations" if lang == "en" else "引用次数"}, "thickness": 10},
    ))
    cells = [(xi, yi, c) for yi, row in zip(y, custom) for xi, c in zip(x, row) if c[2]]
    cell_targets(fig, [c[0] for c in cells], [c[1] for c in cells], [c[2] for c in cells],
                 "%{y} → %{x}: %{customdata[2]}<extra></extra>")
    fig.update_layout(xaxis={"tickangle": -45, "tickmode": "array", "tickvals": x, "ticktext": x,
                             "type": "category"},
                      yaxis={"autorange": "reversed", "type": "category", "tickmode": "array", "tickvals": y})
    return base_layout(fig, title, height=max(320, 160 + 40 * len(y)))
