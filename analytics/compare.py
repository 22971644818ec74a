"""Two views side by side: a view cut down to some articles (an outlet, a period), and what sets it apart.

`subset` keeps only the given articles' rows in every table and recounts per-view numbers through the
same code as the global filters, so a side of a comparison reads exactly like a filtered view.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics import filters as flt
from analytics import timeline


def subset(view: dict[str, pd.DataFrame], article_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The view restricted to `article_ids`, with counts (articles, narratives, entities, claims) recomputed."""
    ids = set(map(str, article_ids))
    cut = dict(view)
    s = view["sentences"]
    cut["sentences"] = s[s["article_id"].astype(str).isin(ids)].reset_index(drop=True)
    return flt.apply(cut, flt.Filters(tone=flt.TONES))


def articles_in(view: dict[str, pd.DataFrame], dim: str, value: str | tuple[str, str]) -> list[str]:
    """Article ids of one side: `dim` 'outlet' with an outlet name, or 'period' with (from, to) ISO dates."""
    a = view["articles"]
    if dim == "outlet":
        return a.loc[a["outlet"] == value, "article_id"].astype(str).tolist()
    lo, hi = value
    d = timeline.dated(a)
    iso = d["date"].dt.strftime("%Y-%m-%d")
    return d.loc[(iso >= (lo or "0000")) & (iso <= (hi or "9999")), "article_id"].astype(str).tolist()


def top_topics(view: dict[str, pd.DataFrame], n: int = 5) -> pd.DataFrame:
    """The view's largest narratives: topic_id, label, n_sentences, share of the view's sentences."""
    s, t = view["sentences"], view.get("topics")
    cols = ["topic_id", "label", "n_sentences", "share"]
    if s.empty or t is None or t.empty or "topic_id" not in s:
        return pd.DataFrame(columns=cols)
    counts = s[s["topic_id"] >= 0]["topic_id"].value_counts().head(n)
    labels = dict(zip(t["topic_id"].astype(int), t["label"]))
    return pd.DataFrame({"topic_id": counts.index.astype(int), "label": [labels.get(int(i), str(i)) for i in counts.index],
                         "n_sentences": counts.values.astype(int), "share": counts.values / len(s)}, columns=cols)
