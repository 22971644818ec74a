"""Issue 14 item 3: views read through DuckDB SQL agree with the pandas filters on the seeds, a large
view is a bounded sample of whole articles whose charts say so while headline numbers stay exact, and
charts are built once per view and shared."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from analytics import filters as flt, sqlview, store
from tests.dashboard.conftest import APP, charts

KEY = ["article_id", "sentence_idx"]


@pytest.fixture(scope="module")
def seed_tables(store_db):
    return flt.prepare(store.load_tables(store_db))


def _filters(tables) -> list[flt.Filters]:
    o = flt.options(tables)
    return [flt.Filters(), flt.Filters(outlet=(o["outlet"]["outlet"].iloc[0],)), flt.Filters(outlet=("未注明",)),
            flt.Filters(tone=("neg",)), flt.Filters(q="DeepSeek"), flt.Filters(q="nvidia"), flt.Filters(q="英伟达"),
            flt.Filters(q="DeepSeek AND NOT 美国"), flt.Filters(q="(AI"), flt.Filters(entity=("deepseek",)),
            flt.Filters(cited=(o["cited"]["source"].iloc[0],)), flt.Filters(topic=(0,)),
            flt.Filters(outlet=(o["outlet"]["outlet"].iloc[0],), tone=("pos", "neu"))]


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)
    return a == b


def test_sql_view_equals_pandas_filters_on_the_seeds(store_db, seed_tables):
    for f in _filters(seed_tables):
        want = flt.apply(seed_tables, f)
        got = sqlview.view(store_db, f)
        assert not got.sampled, f
        k = flt.summary(want)
        assert all(_same(k[key], got.summary.get(key)) for key in k), (f, k, got.summary)
        assert got.n_sentences == len(want["sentences"]) > 0 or f.q == "(AI", f
        for name in ("sentences", "figures", "citations", "mentions"):
            a = want[name][KEY].sort_values(KEY).reset_index(drop=True)
            b = got.tables[name][KEY].sort_values(KEY).reset_index(drop=True)
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{name} for {f}")
        if f.active:
            for name, key, cols in (("topics", "topic_id", ["n_sentences", "n_articles"]),
                                    ("entities", "entity_id", ["n_mentions", "n_articles"]),
                                    ("articles", "article_id", ["n_sentences"])):
                a = want[name].set_index(key)[cols].sort_index()
                b = got.tables[name].set_index(key)[cols].sort_index()
                pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{name} counts for {f}")
            assert len(want["co_mentions"]) == len(got.tables["co_mentions"]), f


def test_sql_options_equal_pandas_options(store_db, seed_tables):
    want, got = flt.options(seed_tables), sqlview.options(store_db)
    for key in want:
        assert want[key].astype(str).reset_index(drop=True).equals(
            got[key][want[key].columns].astype(str).reset_index(drop=True)), key


def test_a_large_view_is_a_sample_of_whole_articles_with_exact_headline_numbers(store_db, seed_tables):
    full = flt.summary(flt.apply(seed_tables, flt.Filters(tone=("neg", "neu"))))
    v = sqlview.view(store_db, flt.Filters(tone=("neg", "neu")), max_sentences=90)
    assert v.sampled and 0 < v.shown_sentences <= 90 and v.shown_articles < v.n_articles == full["n_articles"]
    assert v.summary["n_sentences"] == full["n_sentences"] == v.n_sentences
    assert v.summary["tone_mean"] == pytest.approx(full["tone_mean"])
    s = v.tables["sentences"]
    per_article = flt.apply(seed_tables, flt.Filters(tone=("neg", "neu")))["sentences"].groupby("article_id").size()
    assert (s.groupby("article_id").size() == per_article[s["article_id"].unique()]).all(), "whole articles"
    assert set(v.tables["articles"]["article_id"]) == set(s["article_id"])
    again = sqlview.view(store_db, flt.Filters(tone=("neg", "neu")), max_sentences=90)
    assert list(again.tables["sentences"]["article_id"].unique()) == list(s["article_id"].unique()), "stable sample"


def test_sql_mode_app_says_charts_are_sampled_and_counts_every_article(store_db, monkeypatch):
    monkeypatch.setenv("NARRATIVE_DB", str(store_db))
    monkeypatch.setenv("NARRATIVE_SQL_ROWS", "0")
    monkeypatch.setenv("NARRATIVE_SAMPLE_SENTENCES", "90")
    monkeypatch.setattr("dashboard.ui_charts.MAX_ROWS", 7)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "random sample of" in captions and "headline numbers count every article" in captions
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[next(k for k in metrics if "rticles" in k)] == "5"
    assert charts(at), "charts still draw from the sample"
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    assert "First 7 of" in " ".join(c.value for c in at.caption)
    assert all(len(df.value) <= 7 for df in at.dataframe)


def test_shared_figures_are_escaped_once_and_reused():
    from dashboard import data

    def bars(df: pd.DataFrame) -> go.Figure:
        return go.Figure(go.Bar(x=list(df["name"]), y=[1] * len(df), name="A&B"))

    df = pd.DataFrame({"name": ["<b>x</b> & y"]})
    first, second = data.figure(bars, df), data.figure(bars, df)
    assert first is second and data.is_shared(first)
    assert first.data[0].x == ("&lt;b&gt;x&lt;/b&gt; &amp; y",)
    assert first.data[0].name == "A&amp;B", "escaped exactly once"
    assert getattr(first, data.RAW_NAMES) == ["A&B"], "drill-down reads the raw names"
    assert data.figure(bars, df.copy()) is not first, "another table is another figure"


def test_tone_arc_lists_at_most_the_longest_articles_and_says_so():
    from analytics.plotting.tone_arc import LISTED, tone_arc

    rows = [{"article_id": f"a{i:03d}", "sentence_idx": j, "tone": 0.1, "tone_label": "neu", "text": "句"}
            for i in range(LISTED + 10) for j in range(2 + (i == 7))]
    fig = tone_arc(pd.DataFrame(rows), smooth=0, lang="en").to_dict()
    assert len({tr["legendgroup"] for tr in fig["data"] if tr.get("legendgroup")}) == LISTED
    assert "a007" in {tr["legendgroup"] for tr in fig["data"] if tr.get("legendgroup")}, "the longest stays"
    assert any(f"{LISTED} longest of {LISTED + 10} articles" in a["text"] for a in fig["layout"]["annotations"])
