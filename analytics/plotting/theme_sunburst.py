"""Themes and the narratives inside them, as a sunburst: the corpus's structure at a glance.

Inner ring: themes (article-level clusters); outer ring: each theme's narratives (sentence-level).
Sizes are the view's sentence counts; a node's customdata names every narrative it covers
(``topic:<id>``), so clicking a theme or a narrative drills down to its sentences.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.narratives import UNASSIGNED
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.plotting.topic_share import UNASSIGNED_COLOR, UNASSIGNED_NAME, topic_color, topic_names

ROOT = {"zh": "全部报道", "en": "All coverage"}
ONE_THEME = {"zh": "全部", "en": "All"}


def theme_sunburst(sentences: pd.DataFrame, topics: pd.DataFrame, themes: pd.DataFrame, script: str = "Hans",
                   lang: str = "zh", title: str = "") -> go.Figure:
    """Sunburst of theme -> narrative sizes in sentences; unassigned sentences form their own grey wedge."""
    if sentences.empty or "topic_id" not in sentences:
        return empty_figure(lang, title)
    counts = sentences.groupby("topic_id").size()
    names = topic_names(topics, script, lang)
    parent = dict(zip(topics["topic_id"].astype(int), topics["parent_id"].astype(int))) \
        if "parent_id" in topics else {}
    theme_names = topic_names(themes, script, lang) if len(themes) else {}
    if len(themes) == 1:
        theme_names = {int(themes["topic_id"].iloc[0]): ONE_THEME.get(lang, ONE_THEME["en"])}
    root = ROOT.get(lang, ROOT["en"])
    ids, labels, parents, values, colors, custom = [root], [root], [""], [int(counts.sum())], ["#ffffff"], [[]]
    children: dict[int, list[int]] = {}
    for t in counts.index:
        t = int(t)
        children.setdefault(parent.get(t, -1) if t != UNASSIGNED else -1, []).append(t)
    for theme in sorted(k for k in children if k != -1):
        members = children[theme]
        tid = f"theme:{theme}"
        ids.append(tid)
        labels.append(theme_names.get(theme, str(theme)))
        parents.append(root)
        values.append(int(sum(counts[m] for m in members)))
        colors.append("#dfe4ea")
        custom.append([f"topic:{m}" for m in members])
        for m in sorted(members):
            ids.append(f"topic:{m}")
            labels.append(names.get(m, str(m)))
            parents.append(tid)
            values.append(int(counts[m]))
            colors.append(topic_color(m))
            custom.append([f"topic:{m}"])
    for m in children.get(-1, []):
        ids.append(f"topic:{m}")
        labels.append(UNASSIGNED_NAME.get(lang, UNASSIGNED_NAME["en"]) if m == UNASSIGNED else names.get(m, str(m)))
        parents.append(root)
        values.append(int(counts[m]))
        colors.append(UNASSIGNED_COLOR if m == UNASSIGNED else topic_color(m))
        custom.append([f"topic:{m}"])
    unit = "句" if lang == "zh" else " sentences"
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker={"colors": colors}, customdata=custom, insidetextorientation="radial", maxdepth=2,
        hovertemplate="%{label}<br>%{value}" + unit + " (%{percentRoot:.0%})<extra></extra>",
    ))
    return base_layout(fig, title, height=520)
