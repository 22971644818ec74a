"""Attention over time: articles and mean tone per day, week or month, with uncertainty for small counts.

Counts carry an exact Poisson 95% interval; a period's mean tone carries a normal interval whose
spread is the corpus-wide article tone deviation (so a period of one article gets a wide band, not
none). Articles without a date are counted apart (`undated`), never dropped silently.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

FREQS = {"day": "D", "week": "W-MON", "month": "MS"}
Z95 = 1.96


def dated(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles with a parsed `date` column (Timestamp); rows without a valid `published` are left out."""
    if articles is None or articles.empty or "published" not in articles:
        return pd.DataFrame(columns=[*(articles.columns if articles is not None else []), "date"])
    out = articles.assign(date=pd.to_datetime(articles["published"].replace("", None), errors="coerce"))
    return out[out["date"].notna()]


def undated_count(articles: pd.DataFrame) -> int:
    """How many articles have no usable publication date."""
    if articles is None or articles.empty:
        return 0
    return int(len(articles) - len(dated(articles)))


def auto_granularity(dates: pd.Series, max_bins: int = 60) -> str:
    """`day`, `week` or `month`: the finest that keeps the span within max_bins periods."""
    d = pd.to_datetime(pd.Series(dates)).dropna()
    if d.empty:
        return "day"
    days = (d.max() - d.min()).days + 1
    if days <= max_bins:
        return "day"
    if days / 7 <= max_bins:
        return "week"
    return "month"


def period_start(dates: pd.Series, granularity: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday)."""
    d = pd.to_datetime(dates)
    if granularity == "day":
        return d.dt.normalize()
    if granularity == "week":
        return (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.normalize()
    return d.dt.to_period("M").dt.to_timestamp()


def poisson_interval(n: np.ndarray | int, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for a Poisson count: 0 -> (0, 3.69), 1 -> (0.03, 5.57)."""
    n = np.asarray(n, dtype=float)
    a = 1 - level
    lo = np.where(n > 0, stats.chi2.ppf(a / 2, 2 * n) / 2, 0.0)
    hi = stats.chi2.ppf(1 - a / 2, 2 * (n + 1)) / 2
    return lo, hi


def volume(articles: pd.DataFrame, granularity: str = "auto", by: str | None = None,
           fill: bool = True) -> pd.DataFrame:
    """Articles and mean article tone per period (and per `by` column, e.g. outlet).

    Columns: period, [by], n_articles, n_lo, n_hi, tone_mean, tone_lo, tone_hi; periods without
    articles are filled with zero counts when `fill` so gaps show as gaps.
    """
    cols = ["period", *([by] if by else []), "n_articles", "n_lo", "n_hi", "tone_mean", "tone_lo", "tone_hi"]
    a = dated(articles)
    if a.empty:
        return pd.DataFrame(columns=cols)
    gran = auto_granularity(a["date"]) if granularity == "auto" else granularity
    a = a.assign(period=period_start(a["date"], gran))
    tone = pd.to_numeric(a["tone_mean"], errors="coerce") if "tone_mean" in a else pd.Series(np.nan, index=a.index)
    a = a.assign(_tone=tone)
    sd = float(tone.std(ddof=1)) if tone.notna().sum() > 1 else 0.5
    keys = ["period", *([by] if by else [])]
    g = a.groupby(keys, dropna=False).agg(n_articles=("article_id", "size"), tone_mean=("_tone", "mean"),
                                           n_tone=("_tone", "count")).reset_index()
    if fill:
        step = {"day": "D", "week": "7D", "month": "MS"}[gran]
        periods = pd.date_range(g["period"].min(), g["period"].max(), freq=step)
        groups = g[by].drop_duplicates().tolist() if by else [None]
        full = pd.MultiIndex.from_product([periods, groups] if by else [periods], names=keys).to_frame(index=False)
        g = full.merge(g, on=keys, how="left")
        g["n_articles"] = g["n_articles"].fillna(0).astype(int)
        g["n_tone"] = g["n_tone"].fillna(0).astype(int)
    g["n_lo"], g["n_hi"] = poisson_interval(g["n_articles"].to_numpy())
    half = Z95 * sd / np.sqrt(g["n_tone"].where(g["n_tone"] > 0))
    g["tone_lo"] = (g["tone_mean"] - half).clip(lower=-1)
    g["tone_hi"] = (g["tone_mean"] + half).clip(upper=1)
    g.attrs["granularity"] = gran
    return g[cols].sort_values(keys).reset_index(drop=True)


def topic_shares(sentences: pd.DataFrame, articles: pd.DataFrame, topics: pd.DataFrame | None,
                 granularity: str = "auto", column: str = "topic_id", top: int = 8) -> pd.DataFrame:
    """Share of each period's sentences in each narrative (or theme, `column="theme_id"` from articles).

    The `top` largest keep their label; the rest are pooled as 'other' (topic_id -2). Columns: period,
    topic_id, label, n_sentences, share.
    """
    cols = ["period", "topic_id", "label", "n_sentences", "share"]
    a = dated(articles)
    if a.empty or sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    gran = auto_granularity(a["date"]) if granularity == "auto" else granularity
    a = a.assign(period=period_start(a["date"], gran))
    keep = ["article_id", "period"] + ([column] if column in a and column not in sentences else [])
    s = sentences.merge(a[keep], on="article_id", how="inner")
    if column not in s or s.empty:
        return pd.DataFrame(columns=cols)
    s = s.assign(topic_id=pd.to_numeric(s[column], errors="coerce").fillna(-1).astype(int))
    s = s[s["topic_id"] >= 0]
    if s.empty:
        return pd.DataFrame(columns=cols)
    biggest = s["topic_id"].value_counts().index[:top]
    s.loc[~s["topic_id"].isin(biggest), "topic_id"] = -2
    g = s.groupby(["period", "topic_id"]).size().rename("n_sentences").reset_index()
    g["share"] = g["n_sentences"] / g.groupby("period")["n_sentences"].transform("sum")
    labels = dict(zip(topics["topic_id"].astype(int), topics["label"])) if topics is not None and len(topics) else {}
    g["label"] = [labels.get(t, "其他" if t == -2 else str(t)) for t in g["topic_id"]]
    g.attrs["granularity"] = gran
    return g[cols].sort_values(["period", "topic_id"]).reset_index(drop=True)


def claim_values(figures: pd.DataFrame, articles: pd.DataFrame, claim_id: object = None) -> pd.DataFrame:
    """Each quoted figure of a claim (or of all claims) with its article's date and outlet, by date."""
    cols = ["claim_id", "figure_id", "article_id", "date", "outlet", "value", "value_max", "unit", "text"]
    if figures is None or figures.empty:
        return pd.DataFrame(columns=cols)
    f = figures if claim_id is None else figures[figures["claim_id"] == claim_id]
    a = dated(articles)
    out = f.drop(columns=[c for c in ("outlet",) if c in f]).merge(
        a[["article_id", "date", *(["outlet"] if "outlet" in a else [])]], on="article_id", how="inner")
    for c in cols:
        if c not in out:
            out[c] = np.nan
    return out[cols].sort_values(["date", "figure_id"]).reset_index(drop=True)
