"""Claim comparison: each outlet's figure for the same fact on one scale, with values, lower and upper
bounds drawn differently and the agreement between outlets stated as measured."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics.claims import in_claim_unit
from analytics.display import number
from analytics.plotting.overview_common import base_layout, empty_figure
from analytics.voices import outlet_label

LABELS = {"zh": {"value": "相对所引数值的最大值", "range": "范围", "differ": "相差", "agree": "一致",
                 "bounds": "● 数值　◀ 上限（不到/至多）　▶ 下限（超过/至少）", "outside": "界限与数值矛盾"},
          "en": {"value": "relative to the largest quoted value", "range": "range", "differ": "differ by",
                 "agree": "agree", "bounds": "● value   ◀ upper bound (under / at most)   ▶ lower bound (over / at least)",
                 "outside": "a bound contradicts a value"}}
PALETTE = ("#1f5fa8", "#e07b39", "#2a9d8f", "#6a4c93", "#c2185b", "#7cb342", "#8d6e63", "#5c6bc0")
UPPER = ("under", "at_most")
LOWER = ("over", "at_least")
# Point values further apart than this share of the largest are "different", not rounding.
CLOSE = 0.02


def role(qualifier: object) -> str:
    """'upper', 'lower' or 'value': how a qualified figure constrains the true number."""
    return "upper" if qualifier in UPPER else "lower" if qualifier in LOWER else "value"


def agreement(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Per claim: spread of the point values (share of the largest), whether every bound is consistent
    with them, and a status: 'agree' (within rounding), 'close' (within 10%) or 'differ'."""
    rows = []
    for c in claims.itertuples(index=False):
        m = figures[(figures["claim_id"] == c.claim_id) & figures["value"].notna()]
        vals = [(in_claim_unit(r.value, r.kind, r.unit, c.unit), role(r.qualifier)) for r in m.itertuples(index=False)]
        points = [v for v, k in vals if k == "value"]
        top = max(points) if points else max((v for v, _ in vals), default=0)
        spread = (max(points) - min(points)) / abs(top) if len(points) > 1 and top else 0.0
        ok = all((k != "upper" or v >= max(points, default=-math.inf)) and
                 (k != "lower" or v <= min(points, default=math.inf)) for v, k in vals)
        flagged = bool(getattr(c, "disagree", False)) if pd.notna(getattr(c, "disagree", False)) else False
        status = "differ" if flagged or not ok or spread > 0.10 else "close" if spread > CLOSE else "agree"
        rows.append({"claim_id": c.claim_id, "spread": spread, "bounds_ok": ok, "status": status})
    return pd.DataFrame(rows, columns=["claim_id", "spread", "bounds_ok", "status"])


def _nice_step(width: float) -> float:
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0):
        if width / step <= 6:
            return step
    return 10.0


def claim_figure(figures: pd.DataFrame, claims: pd.DataFrame, lang: str = "zh", title: str = "",
                 ranges: bool = True, height_per_row: int = 60, unit_in_label: bool = True) -> go.Figure:
    """One row per claim, one marker per figure at its value over the largest quoted value: circles for
    values, ◀ for upper bounds (不到), ▶ for lower bounds (超过). Row labels state the spread; ticks never
    repeat. customdata: claim, outlet, article and sentence of each figure (drill-down)."""
    if figures is None or claims is None or figures.empty or claims.empty or "claim_id" not in figures:
        return empty_figure(lang, title)
    members = figures[figures["claim_id"].isin(claims["claim_id"]) & figures["value"].notna()]
    if members.empty:
        return empty_figure(lang, title)
    words = LABELS.get(lang, LABELS["en"])
    agree = agreement(members, claims).set_index("claim_id")
    members = members.assign(series=[outlet_label(o, a) for o, a in zip(members["outlet"], members["article_id"])])
    rows = []
    for c in claims.itertuples(index=False):
        m = members[members["claim_id"] == c.claim_id]
        if m.empty:
            continue
        vals = [in_claim_unit(r.value, r.kind, r.unit, c.unit) for r in m.itertuples(index=False)]
        kinds = [role(q) for q in m["qualifier"]]
        points = [v for v, k in zip(vals, kinds) if k == "value"] or vals
        top = max(abs(v) for v in points) or 1.0
        a = agree.loc[c.claim_id]
        flag = "⚠ " if a["status"] == "differ" else ""
        label = f"{flag}{c.label} ({c.unit})" if unit_in_label else f"{flag}{c.label}"
        note = (f"{words['differ']} {a['spread']:.0%}" if a["spread"] > CLOSE else words["agree"]) + \
               ("" if a["bounds_ok"] else f" · {words['outside']}")
        rows.append((label, note, c, m, vals, kinds, top))
    fig = go.Figure()
    if ranges:
        for label, note, c, _, vals, kinds, top in rows:
            pts = [v for v, k in zip(vals, kinds) if k == "value"] or vals
            fig.add_trace(go.Scatter(
                x=[min(pts) / top, max(pts) / top], y=[label, label], mode="lines", showlegend=False,
                line={"color": "#c8372d" if label.startswith("⚠") else "#b0b7c3", "width": 8},
                text=[note, note], hovertemplate=f"{words['range']}: "
                f"{number(min(pts), c.unit, c.kind, lang)} – {number(max(pts), c.unit, c.kind, lang)}"
                f"<br>{note}<extra></extra>"))
    symbols = {"value": "circle", "upper": "triangle-left", "lower": "triangle-right"}
    xs_all = []
    for i, outlet in enumerate(sorted(set(members["series"]))):
        xs, ys, texts, custom, marks = [], [], [], [], []
        for label, _, c, m, vals, kinds, top in rows:
            for r, v, k in zip(m.itertuples(index=False), vals, kinds):
                if r.series != outlet:
                    continue
                xs.append(v / top)
                ys.append(label)
                texts.append(r.text)
                marks.append(symbols[k])
                idx = getattr(r, "sentence_idx", None)
                where = [f"sentence:{r.article_id}:{int(idx)}"] if idx is not None and pd.notna(idx) else []
                custom.append([f"claim:{r.claim_id}", f"outlet:{r.outlet}", f"article:{r.article_id}", *where,
                               f"figure:{r.figure_id}",
                               number(r.value, r.unit, r.kind, lang, getattr(r, "value_max", None), r.qualifier)])
        if xs:
            xs_all += xs
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="markers", name=outlet, text=texts, customdata=custom,
                marker={"size": 13, "color": PALETTE[i % len(PALETTE)], "symbol": marks,
                        "line": {"width": 1, "color": "white"}},
                hovertemplate="%{y}<br>%{fullData.name}: %{text}<extra></extra>"))
    lo, hi = min(xs_all + [1.0]), max(xs_all + [1.0])
    pad = max(0.05, (hi - lo) * 0.08)
    lo, hi = max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad
    base_layout(fig, title, height=max(320, 110 + height_per_row * len(rows)))
    fig.update_layout(showlegend=True, margin_b=70)
    fig.update_xaxes(title_text=f"{words['value']}<br><sub>{words['bounds']}</sub>", tickformat=".0%", range=[lo, hi], dtick=_nice_step(hi - lo),
                     zeroline=False, title_standoff=4)
    fig.update_yaxes(autorange="reversed", ticktext=[f"{r[0]}<br><sub>{r[1]}</sub>" for r in rows],
                     tickvals=[r[0] for r in rows])
    fig.update_layout(meta={"disagree": [r[0] for r in rows if r[0].startswith("⚠")],
                            "status": {str(k): v for k, v in agree["status"].items()}})
    return fig


def claim_comparison(figures: pd.DataFrame, claims: pd.DataFrame, lang: str = "zh", title: str = "") -> go.Figure:
    """Every claim of the view, with the span of its quoted values as a bar (red when outlets differ)."""
    return claim_figure(figures, claims, lang=lang, title=title, ranges=True)
