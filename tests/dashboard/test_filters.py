"""analytics.filters on the seed store and on small tables: selection, recounts, drill-down, description."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import filters as flt
from analytics import store


@pytest.fixture(scope="module")
def tables(store_db):
    return store.load_tables(store_db)


def test_no_filter_returns_the_tables_unchanged(tables):
    out = flt.apply(tables, flt.Filters())
    assert out["sentences"] is tables["sentences"]
    assert flt.describe(flt.Filters(), tables, "en") == "All articles (no filters)"


def test_outlet_filter_keeps_only_that_outlets_articles_and_their_evidence(tables):
    outlet = tables["articles"]["outlet"].value_counts().index[0]
    ids = set(tables["articles"].loc[tables["articles"]["outlet"] == outlet, "article_id"])
    out = flt.apply(tables, flt.Filters(outlet=(outlet,)))
    assert set(out["articles"]["article_id"]) == ids
    assert set(out["sentences"]["article_id"]) == ids
    assert set(out["figures"]["article_id"]) <= ids and set(out["citations"]["article_id"]) <= ids
    assert out["articles"]["n_sentences"].sum() == len(out["sentences"])
    assert set(out["claims"]["claim_id"]) == set(out["figures"]["claim_id"].dropna())


def test_cited_source_filter_selects_the_attributed_sentences(tables):
    source = tables["citations"]["source"].value_counts().index[0]
    out = flt.apply(tables, flt.Filters(cited=(source,)))
    cit = tables["citations"][tables["citations"]["source"] == source]
    assert len(out["sentences"]) == len(cit[["article_id", "sentence_idx"]].drop_duplicates())
    assert set(out["citations"]["source"]) >= {source}


def test_entity_filter_recounts_mentions_in_view(tables):
    top = tables["entities"].sort_values("n_mentions", ascending=False).iloc[0]
    out = flt.apply(tables, flt.Filters(entity=(top["entity_id"],)))
    row = out["entities"].set_index("entity_id").loc[top["entity_id"]]
    assert row["n_mentions"] == top["n_mentions"]
    assert len(out["sentences"]) > 0 and len(out["sentences"]) < len(tables["sentences"])


def test_tone_and_topic_filters_combine(tables):
    s = tables["sentences"]
    topic = int(s.loc[s["topic_id"] >= 0, "topic_id"].value_counts().index[0])
    out = flt.apply(tables, flt.Filters(topic=(topic,), tone=("neg",)))
    expected = s[(s["topic_id"] == topic) & (s["tone_label"] == "neg")]
    assert len(out["sentences"]) == len(expected)
    assert set(out["topics"]["topic_id"]) <= {topic}


def test_search_matches_either_script():
    s = pd.DataFrame({"article_id": ["a", "a"], "sentence_idx": [0, 1], "text": ["英偉達股價暴跌", "天氣晴朗"],
                      "text_hans": ["英伟达股价暴跌", "天气晴朗"], "tone": [-0.8, 0.1], "tone_label": ["neg", "neu"],
                      "topic_id": [0, 1]})
    tables = {"sentences": s, "articles": pd.DataFrame({"article_id": ["a"], "outlet": ["x"]})}
    assert list(flt.select_sentences(tables, flt.Filters(q="英伟达"))["sentence_idx"]) == [0]
    assert list(flt.select_sentences(tables, flt.Filters(q="英偉達"))["sentence_idx"]) == [0]
    assert flt.select_sentences(tables, flt.Filters(q="deepseek")).empty


def test_empty_result_gives_empty_tables_not_errors(tables):
    out = flt.apply(tables, flt.Filters(q="这句话不会出现在任何文章里"))
    assert out["sentences"].empty and out["articles"].empty and out["entities"].empty
    assert flt.summary(out)["n_sentences"] == 0


def test_selected_point_names_its_evidence(tables):
    s = tables["sentences"]
    topic = int(s.loc[s["topic_id"] >= 0, "topic_id"].value_counts().index[0])
    sel = flt.selection_from_points(tables, [{"curve_number": 0, "customdata": [f"topic:{topic}", "tone:neg"]}], [None])
    assert sel == {"topic": {topic}, "tone": {"neg"}}
    ev = flt.evidence(tables, sel)
    assert len(ev) == ((s["topic_id"] == topic) & (s["tone_label"] == "neg")).sum()
    assert {"title", "outlet"} <= set(ev.columns)


def test_point_labels_without_customdata_are_matched_by_name(tables):
    ent = tables["entities"].sort_values("n_mentions", ascending=False).iloc[0]
    sel = flt.selection_from_points(tables, [{"curve_number": 0, "y": ent["name_en"], "x": 3}], ["负面"])
    assert sel["entity"] == {ent["entity_id"]} and sel["tone"] == {"neg"}


def test_sentence_ids_in_customdata_drill_to_one_sentence(tables):
    row = tables["sentences"].iloc[5]
    ref = f"sentence:{row['article_id']}:{int(row['sentence_idx'])}"
    ev = flt.evidence(tables, flt.selection_from_points(tables, [{"customdata": ref}], []))
    assert list(zip(ev["article_id"], ev["sentence_idx"])) == [(row["article_id"], row["sentence_idx"])]


def test_describe_names_filters_in_each_language(tables):
    outlet = tables["articles"]["outlet"].value_counts().index[0]
    f = flt.Filters(outlet=(outlet,), tone=("neg",), q="芯片")
    assert flt.describe(f, tables, "zh") == f"媒体: {outlet} · 语气: 负面 · 搜索: “芯片”"
    assert "Tone: negative" in flt.describe(f, tables, "en")


def test_sentences_with_entities_gives_tone_per_entity_across_scripts(tables):
    from analytics.tone import aggregate_tone

    joined = flt.sentences_with_entities(tables)
    nvidia = tables["entities"].set_index("name_en").loc["Nvidia", "entity_id"]
    rows = joined[joined["entity_id"] == nvidia]
    assert rows["article_id"].nunique() == 5
    assert not rows.duplicated(["article_id", "sentence_idx"]).any()
    agg = aggregate_tone(joined, "entity_id").set_index("entity_id")
    assert agg.loc[nvidia, "n_sentences"] == len(rows)
    assert agg.loc[nvidia, "tone_mean"] == pytest.approx(rows["tone"].mean())
    empty = flt.sentences_with_entities({**tables, "mentions": tables["mentions"].iloc[0:0]})
    assert empty.empty and "entity_id" in empty


def test_a_source_bar_drills_to_that_source_only_even_when_it_is_also_an_entity(tables):
    from analytics.plotting.source_tone import source_tone

    c = tables["citations"]
    d = source_tone(c).to_dict()["data"][0]
    i = list(d["y"]).index("马库斯")
    point = {"curve_number": 0, "point_index": i, "y": d["y"][i], "x": d["x"][i], "customdata": d["customdata"][i]}
    sel = flt.selection_from_points(tables, [point], [d.get("name")])
    assert sel == {"source": {"马库斯"}}
    assert len(flt.evidence(tables, sel)) == c.loc[c["source"] == "马库斯", ["article_id", "sentence_idx"]].drop_duplicates().shape[0]


def test_a_tone_histogram_bar_drills_to_its_bin_not_the_whole_label(tables):
    from analytics.plotting.tone_distribution import tone_distribution

    s = tables["sentences"]
    fig = tone_distribution(s).to_dict()
    pos = next(t for t in fig["data"] if t["customdata"][0][2] == "tone:pos")
    i = max(range(len(pos["y"])), key=lambda k: pos["y"][k])
    point = {"curve_number": 2, "x": pos["x"][i], "y": pos["y"][i], "customdata": pos["customdata"][i]}
    ev = flt.evidence(tables, flt.selection_from_points(tables, [point], [t["name"] for t in fig["data"]]))
    assert len(ev) == pos["y"][i] < (s["tone_label"] == "pos").sum()
    lo, hi = pos["customdata"][i][:2]
    assert ev["tone"].between(lo, hi).all() and (ev["tone_label"] == "pos").all()
