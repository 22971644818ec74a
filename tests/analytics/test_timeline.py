"""Time views' numbers: auto granularity, filled periods, Poisson and tone intervals, undated articles."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import timeline

ARTICLES = pd.DataFrame({
    "article_id": ["a", "b", "c", "d", "e"],
    "published": ["2025-01-27", "2025-01-27", "2025-01-29", "", "not a date"],
    "outlet": ["新华社", "财新网", "新华社", "新华社", "财新网"],
    "tone_mean": [0.5, -0.5, 0.2, 0.0, 0.1],
})


def test_auto_granularity():
    assert timeline.auto_granularity(pd.Series(["2025-01-01", "2025-02-15"])) == "day"
    assert timeline.auto_granularity(pd.Series(["2025-01-01", "2025-06-30"])) == "week"
    assert timeline.auto_granularity(pd.Series(["2023-01-01", "2025-06-30"])) == "month"


def test_volume_per_day_fills_gaps_and_counts_undated():
    v = timeline.volume(ARTICLES)
    assert v.attrs["granularity"] == "day"
    assert [str(p.date()) for p in v["period"]] == ["2025-01-27", "2025-01-28", "2025-01-29"]
    assert list(v["n_articles"]) == [2, 0, 1]
    assert v["tone_mean"].iloc[0] == pytest.approx(0.0)
    assert np.isnan(v["tone_mean"].iloc[1])
    assert timeline.undated_count(ARTICLES) == 2


def test_small_counts_get_wide_intervals():
    v = timeline.volume(ARTICLES)
    lo, hi = v["n_lo"].tolist(), v["n_hi"].tolist()
    assert lo[1] == 0 and hi[1] == pytest.approx(3.689, abs=1e-3)
    assert lo[2] == pytest.approx(0.0253, abs=1e-4) and hi[2] == pytest.approx(5.572, abs=1e-3)
    one = v["tone_hi"].iloc[2] - v["tone_lo"].iloc[2]
    two = v["tone_hi"].iloc[0] - v["tone_lo"].iloc[0]
    assert one > two > 0


def test_volume_per_outlet_and_week():
    v = timeline.volume(ARTICLES, granularity="week", by="outlet")
    assert v.attrs["granularity"] == "week"
    assert dict(zip(v["outlet"], v["n_articles"])) == {"新华社": 2, "财新网": 1}
    assert str(v["period"].iloc[0].date()) == "2025-01-27"


def test_topic_shares_and_claim_values():
    s = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "sentence_idx": [0, 1, 0, 0], "topic_id": [1, 2, 1, -1]})
    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["芯片", "股市"]})
    t = timeline.topic_shares(s, ARTICLES, topics)
    assert list(zip(t["label"], t["n_sentences"], t["share"].round(3))) == [("芯片", 2, 0.667), ("股市", 1, 0.333)]
    figs = pd.DataFrame({"figure_id": [1, 2, 3], "article_id": ["c", "a", "d"], "claim_id": [7, 7, 7],
                         "value": [5.0, 6.0, 7.0], "value_max": [np.nan] * 3, "unit": ["%"] * 3, "text": ["5%", "6%", "7%"]})
    c = timeline.claim_values(figs, ARTICLES, claim_id=7)
    assert list(c["figure_id"]) == [2, 1] and list(c["outlet"]) == ["新华社", "新华社"]
