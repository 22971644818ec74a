"""Entity mention bars: the most named organisations, people, products and places."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.overview_common import base_layout, empty_figure

TYPE_COLORS = {"org": "#1f5fa8", "person": "#e07b39", "product": "#6a4c93", "media": "#7cb342",
               "place": "#90a4ae", "work": "#2a9d8f", "other": "#8d6e63"}
TYPE_NAMES = {"zh": {"org": "机构", "person": "人物", "product": "产品", "media": "媒体", "place": "地点",
                     "work": "作品", "other": "其他"},
              "en": {t: t for t in TYPE_COLORS}}


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Entities table as is, or counts derived from a mentions table plus the dictionary's names."""
    if "n_mentions" in frame:
        return frame
    from analytics.voices import load_dictionary

    d = load_dictionary()
    g = frame.groupby("entity_id").agg(n_mentions=("entity_id", "size"), n_articles=("article_id", "nunique"))
    g = g.reset_index()
    g["name"] = [d.entries[e].name if e in d.entries else e for e in g["entity_id"]]
    g["name_en"] = [d.entries[e].name_en if e in d.entries else e for e in g["entity_id"]]
    g["type"] = [d.entries[e].type if e in d.entries else "org" for e in g["entity_id"]]
    return g


def entity_bars(entities: pd.DataFrame, lang: str = "zh", top_n: int = 20, types: list[str] | None = None,
                title: str = "") -> go.Figure:
    """Mentions per entity, one colour per type; accepts the entities table or the mentions table.

    customdata carries ``entity:<id>`` and the number of articles.
    """
    if entities is None or entities.empty:
        return empty_figure(lang, title)
    e = _counts(entities)
    if types:
        e = e[e["type"].isin(types)]
    if e.empty:
        return empty_figure(lang, title)
    e = e.sort_values(["n_mentions", "entity_id"], ascending=[False, True]).head(top_n)
    fig = go.Figure()
    names = TYPE_NAMES.get(lang, TYPE_NAMES["en"])
    for t in [t for t in TYPE_COLORS if t in set(e["type"])]:
        sub = e[e["type"] == t]
        labels = [en if lang == "en" and isinstance(en, str) and en else n for n, en in zip(sub["name"], sub["name_en"])]
        fig.add_bar(x=sub["n_mentions"].tolist(), y=labels, orientation="h", name=names.get(t, t),
                    marker_color=TYPE_COLORS[t],
                    customdata=[[f"entity:{i}", int(a)] for i, a in zip(sub["entity_id"], sub["n_articles"])],
                    hovertemplate="%{y}: %{x}<br>%{customdata[1]} art.<extra></extra>")
    order = [en if lang == "en" and isinstance(en, str) and en else n for n, en in zip(e["name"], e["name_en"])]
    fig.update_layout(yaxis={"categoryorder": "array", "categoryarray": order[::-1]},
                      xaxis_title="mentions" if lang == "en" else "提及次数", barmode="overlay")
    return base_layout(fig, title, height=max(300, 80 + 26 * len(e)))
