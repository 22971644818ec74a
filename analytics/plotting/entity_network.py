"""Entity co-mention network: who and what is named together, laid out with a seeded spring layout."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.entity_bars import TYPE_COLORS, TYPE_NAMES
from analytics.plotting.overview_common import base_layout, empty_figure


def spring_layout(n: int, edges: list[tuple[int, int, float]], random_state: int = 0,
                  iterations: int = 200, gravity: float = 0.5) -> np.ndarray:
    """Fruchterman-Reingold positions in [-1, 1]^2 for ``n`` nodes; deterministic for a seed."""
    rng = np.random.default_rng(random_state)
    pos = rng.uniform(-1, 1, size=(n, 2))
    if n <= 1:
        return np.zeros((n, 2))
    k = 1.5 / np.sqrt(n)
    w = np.zeros((n, n))
    for a, b, weight in edges:
        w[a, b] = w[b, a] = weight
    if w.max() > 0:
        w = w / w.max()
    temp = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        disp = (delta * (k * k / dist ** 2 - w * dist / k)[:, :, None]).sum(axis=1) - gravity * pos
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.98
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def _spaced_labels(names: list[str], pos: np.ndarray, gap: float = 0.22) -> list[str]:
    """Names for the nodes (most mentioned first) whose label would not sit on a bigger node's label;
    the rest stay unlabelled and keep their name on hover."""
    shown: list[int] = []
    out = []
    for i, name in enumerate(names):
        clear = all(abs(pos[i, 1] - pos[j, 1]) > gap / 2 or abs(pos[i, 0] - pos[j, 0]) >
                    gap * max(len(name), len(names[j])) / 8 for j in shown)
        out.append(name if clear else "")
        if clear:
            shown.append(i)
    return out


def entity_network(entities: pd.DataFrame, co_mentions: pd.DataFrame, lang: str = "zh", top_n: int = 30,
                   min_weight: int = 1, exclude_types: tuple[str, ...] = ("place",), random_state: int = 0,
                   title: str = "") -> go.Figure:
    """Nodes sized by mentions and coloured by type; edges as wide as the sentences naming both.

    Countries are left out by default: 中国 and 美国 co-occur with everything and hide the structure.
    customdata on nodes carries ``entity:<id>``; edge traces are grouped in width bands.
    """
    if entities is None or entities.empty:
        return empty_figure(lang, title)
    entities = entities[~entities["type"].isin(exclude_types)]
    if entities.empty:
        return empty_figure(lang, title)
    nodes = entities.sort_values(["n_mentions", "entity_id"], ascending=[False, True]).head(top_n).reset_index(drop=True)
    index = {e: i for i, e in enumerate(nodes["entity_id"])}
    cm = co_mentions if co_mentions is not None else pd.DataFrame(columns=["entity_a", "entity_b", "n_sentences"])
    cm = cm[cm["entity_a"].isin(index) & cm["entity_b"].isin(index) & (cm["n_sentences"] >= min_weight)]
    edges = [(index[a], index[b], float(n)) for a, b, n in zip(cm["entity_a"], cm["entity_b"], cm["n_sentences"])]
    pos = spring_layout(len(nodes), edges, random_state=random_state)
    fig = go.Figure()
    if edges:
        top = max(n for _, _, n in edges)
        bands = sorted({min(4, int(np.ceil(4 * n / top))) for _, _, n in edges})
        for band in bands:
            xs, ys = [], []
            for a, b, n in edges:
                if min(4, int(np.ceil(4 * n / top))) == band:
                    xs += [pos[a, 0], pos[b, 0], None]
                    ys += [pos[a, 1], pos[b, 1], None]
            fig.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                            line={"width": 0.8 * band ** 1.5, "color": "rgba(120,130,145,0.45)"})
    names_all = [en if lang == "en" and isinstance(en, str) and en else n for n, en in zip(nodes["name"], nodes["name_en"])]
    labels = _spaced_labels(names_all, pos)
    size = 12 + 38 * np.sqrt(nodes["n_mentions"].to_numpy(float) / max(1.0, float(nodes["n_mentions"].max())))
    names = TYPE_NAMES.get(lang, TYPE_NAMES["en"])
    for t in [t for t in TYPE_COLORS if t in set(nodes["type"])]:
        idx = nodes.index[nodes["type"] == t].tolist()
        fig.add_scatter(
            x=pos[idx, 0].tolist(), y=pos[idx, 1].tolist(), mode="markers+text", name=names.get(t, t),
            text=[labels[i] for i in idx], hovertext=[names_all[i] for i in idx], textposition="top center",
            marker={"size": size[idx].round(1).tolist(), "color": TYPE_COLORS[t], "line": {"width": 1, "color": "white"}},
            customdata=[[f"entity:{nodes.at[i, 'entity_id']}", int(nodes.at[i, "n_mentions"])] for i in idx],
            hovertemplate="%{hovertext}: %{customdata[1]}<extra></extra>",
        )
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"})
    return base_layout(fig, title, height=560)
