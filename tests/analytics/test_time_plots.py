"""Time and comparison charts: values carried by the figures, empty views, view subsets."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import compare, distinctive, timeline
from analytics.plotting.claim_over_time import claim_over_time
from analytics.plotting.distinctive_terms import distinctive_terms
from analytics.plotting.time_volume import time_volume
from analytics.plotting.topic_over_time import topic_over_time

ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "published": ["2025-01-27", "2025-01-27", "2025-01-29"],
                         "outlet": ["新华社", "财新网", "新华社"], "tone_mean": [0.5, -0.5, 0.2]})
SENTENCES = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "sentence_idx": [0, 1, 0, 0], "topic_id": [1, 2, 1, 1],
                          "tone": [0.5, 0.5, -0.5, 0.2], "tone_label": ["pos", "pos", "neg", "pos"],
                          "text": ["芯片", "股市", "芯片", "芯片"], "text_hans": ["芯片", "股市", "芯片", "芯片"]})
TOPICS = pd.DataFrame({"topic_id": [1, 2], "label": ["芯片", "股市"], "n_sentences": [3, 1]})


def test_time_volume_bars_errors_and_tone():
    d = time_volume(timeline.volume(ARTICLES), lang="en").to_dict()
    bars, line = d["data"][0], d["data"][-1]
    assert list(bars["x"]) == ["2025-01-27", "2025-01-28", "2025-01-29"] and list(bars["y"]) == [2, 0, 1]
    assert bars["error_y"]["array"][1] > 3.6
    assert line["yaxis"] == "y2" and list(line["y"])[0] == 0.0
    assert d["layout"]["meta"]["granularity"] == "day"
    assert d["layout"]["xaxis"]["title"]["text"] == "date (daily)"


def test_time_volume_per_outlet_stacks():
    d = time_volume(timeline.volume(ARTICLES, by="outlet"), by="outlet", show_tone=False).to_dict()
    assert {tr["name"]: sum(tr["y"]) for tr in d["data"]} == {"新华社": 2, "财新网": 1}
    assert d["layout"]["barmode"] == "stack"


def test_empty_views():
    undated = ARTICLES.assign(published="")
    for fig in (time_volume(timeline.volume(undated)), topic_over_time(timeline.topic_shares(SENTENCES, undated, TOPICS)),
                claim_over_time(pd.DataFrame())):
        assert fig.layout.meta["empty"]


def test_topic_over_time_and_claims():
    d = topic_over_time(timeline.topic_shares(SENTENCES, ARTICLES, TOPICS)).to_dict()
    assert [tr["name"] for tr in d["data"]] == ["芯片", "股市"]
    assert list(d["data"][0]["y"]) == [round(2 / 3, 4), 1.0]
    figs = pd.DataFrame({"figure_id": [1, 2], "article_id": ["a", "c"], "claim_id": [3, 3], "value": [5.0, 6.0],
                         "value_max": [np.nan, 8.0], "unit": ["%", "%"], "text": ["5%", "6%至8%"]})
    c = claim_over_time(timeline.claim_values(figs, ARTICLES, 3)).to_dict()
    assert [tr["name"] for tr in c["data"]] == ["新华社"] and list(c["data"][0]["error_y"]["array"]) == [0, 2.0]


def test_compare_subset_and_distinctive_chart():
    view = {"articles": ARTICLES, "sentences": SENTENCES, "topics": TOPICS}
    ids = compare.articles_in(view, "outlet", "新华社")
    side = compare.subset(view, ids)
    assert sorted(side["articles"]["article_id"]) == ["a", "c"] and len(side["sentences"]) == 3
    assert compare.articles_in(view, "period", ("2025-01-28", "2025-01-31")) == ["c"]
    top = compare.top_topics(side)
    assert list(zip(top["label"], top["n_sentences"])) == [("芯片", 2), ("股市", 1)]
    res = distinctive.distinctive_terms(SENTENCES, SENTENCES["article_id"].isin(ids), tokenizer=lambda t: [t],
                                        top=3)
    fig = distinctive_terms(res["a"], res["b"], "新华社", "财新网").to_dict()
    assert fig["data"]
