"""Overview: the facts several outlets quote, each outlet's figure on one line per claim."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.plotting.claim_comparison import agreement, claim_figure
from analytics.plotting.overview_common import empty_figure


def disputed_claims(claims: pd.DataFrame, figures: pd.DataFrame, lang: str = "zh", top_n: int = 6,
                    only_disagreeing: bool = True, title: str = "") -> go.Figure:
    """The claims outlets differ on (all claims when none differ), most quoted first, drawn like the
    Figures page's claim chart: one scale (share of the largest quoted value), bounds as ◀ ▶."""
    if claims is None or claims.empty or figures is None or figures.empty:
        return empty_figure(lang, title)
    c = claims
    status = agreement(figures, claims).set_index("claim_id")["status"] if len(claims) else pd.Series(dtype=str)
    differ = c["claim_id"].map(status).eq("differ")
    if only_disagreeing and differ.any():
        c = c[differ.to_numpy()]
    counts = figures[figures["claim_id"].isin(c["claim_id"])].groupby("claim_id")["article_id"].nunique()
    order = counts.sort_values(ascending=False, kind="stable").index[:top_n]
    c = c.set_index("claim_id").loc[list(order)].reset_index()
    return claim_figure(figures, c, lang=lang, title=title, ranges=False, height_per_row=50, unit_in_label=False)


def headline_status(claims: pd.DataFrame, figures: pd.DataFrame) -> str:
    """'differ' when outlets differ on any claim shown, 'close' when some differ beyond rounding, else 'agree'."""
    if claims is None or claims.empty or figures is None or figures.empty:
        return "agree"
    status = set(agreement(figures, claims)["status"])
    return "differ" if "differ" in status else "close" if "close" in status else "agree"
