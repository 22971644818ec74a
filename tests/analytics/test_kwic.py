"""Keyword in context: rows per occurrence, context across sentences, aliases, scripts, sorting."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import kwic, query

SENTENCES = pd.DataFrame([
    ("a1", 0, "英伟达股价周一暴跌。", -0.6, "neg"),
    ("a1", 1, "分析师认为英伟达仍有优势，英伟达的护城河很深。", 0.3, "pos"),
    ("a2", 0, "輝達與台積電的合作將持續擴大。", 0.4, "pos"),
    ("a2", 1, "Nvidia shares recovered on Tuesday.", 0.1, "neu"),
    ("a3", 0, "美国商务部宣布新的出口管制。", -0.2, "neg"),
], columns=["article_id", "sentence_idx", "text", "tone", "tone_label"])
SENTENCES["text_hans"] = [query.normalise(t) for t in SENTENCES["text"]]
ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "outlet": ["新华社", "中央社", "财新网"],
                         "published": ["2025-01-27", "2025-01-28", ""], "headline": ["h1", "h2", "h3"]})
ALIASES = {"英伟达": ["輝達", "Nvidia"]}


def test_one_row_per_occurrence_with_context_and_metadata():
    rows = kwic.concordance(SENTENCES, ARTICLES, "英伟达", width=6)
    assert list(rows["keyword"]) == ["英伟达", "英伟达", "英伟达"]
    assert list(rows["sentence_idx"]) == [0, 1, 1]
    first, second, third = rows.to_dict("records")
    assert (first["left"], first["right"]) == ("", "股价周一暴跌")
    assert (second["left"], second["right"]) == ("周一暴跌。分析师认为"[-6:], "仍有优势，英")
    assert third["left"] == "达仍有优势，"
    assert (first["outlet"], first["published"], first["tone"], first["tone_label"]) == ("新华社", "2025-01-27", -0.6, "neg")


def test_aliases_and_scripts_find_every_spelling():
    rows = kwic.concordance(SENTENCES, ARTICLES, "英伟达", aliases=ALIASES)
    assert list(rows["keyword"]) == ["英伟达", "英伟达", "英伟达", "輝達", "Nvidia"]
    assert list(rows["outlet"])[-2:] == ["中央社", "中央社"]


def test_boolean_query_centres_on_positive_terms_only():
    rows = kwic.concordance(SENTENCES, ARTICLES, "(英伟达 OR 台积电) NOT 暴跌", aliases=ALIASES)
    assert list(zip(rows["article_id"], rows["keyword"])) == [
        ("a1", "英伟达"), ("a1", "英伟达"), ("a2", "輝達"), ("a2", "台積電"), ("a2", "Nvidia")]


@pytest.mark.parametrize("by, first", [("tone", "a1"), ("outlet", "a2"), ("published", "a3"), ("keyword", "a2")])
def test_sorting(by, first):
    rows = kwic.concordance(SENTENCES, ARTICLES, "英伟达 OR 美国", aliases=ALIASES, sort=by)
    assert rows["article_id"].iloc[0] == first


def test_sort_by_left_context_reads_right_to_left():
    rows = kwic.concordance(SENTENCES, ARTICLES, "英伟达", sort="left", width=2)
    assert list(rows["left"]) == ["", "认为", "优势，"[-2:]]


def test_empty_and_malformed():
    assert kwic.concordance(SENTENCES, ARTICLES, "").empty
    assert list(kwic.concordance(SENTENCES, ARTICLES, "不存在").columns) == kwic.COLUMNS
    with pytest.raises(query.QueryError):
        kwic.concordance(SENTENCES, ARTICLES, "英伟达 AND")
