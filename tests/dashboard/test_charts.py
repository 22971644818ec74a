"""Issue 16 on the charts: honest claims, heatmaps that drill down, readable arcs, labels and ticks."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import filters as flt, store
from analytics.plotting.claim_comparison import agreement, claim_comparison
from analytics.plotting.outlet_source_matrix import outlet_source_matrix
from analytics.plotting.overview_claims import disputed_claims, headline_status
from analytics.plotting.tone_arc import SHOWN, tone_arc
from analytics.plotting.tone_by_group import tone_by_group
from analytics.plotting.topic_tone_matrix import topic_tone_matrix


def _figs(rows):
    base = {"kind": "money", "unit": "USD", "value_max": None, "claim_id": "C1", "sentence_idx": 0}
    return pd.DataFrame([{**base, **r} for r in rows])


CLAIMS = pd.DataFrame([{"claim_id": "C1", "label": "训练成本", "unit": "USD", "kind": "money", "min_value": 5.5e6,
                        "max_value": 6e6, "disagree": False, "n_articles": 3, "n_figures": 3}])
TRAINING = _figs([
    {"figure_id": "f1", "article_id": "a", "outlet": "甲报", "text": "600万美元", "value": 6e6, "qualifier": ""},
    {"figure_id": "f2", "article_id": "b", "outlet": "乙报", "text": "550万美元左右", "value": 5.5e6, "qualifier": "approx"},
    {"figure_id": "f3", "article_id": "c", "outlet": "丙报", "text": "不到1000万美元", "value": 1e7, "qualifier": "under"},
])


def test_bounds_are_drawn_as_bounds_and_agreement_is_measured():
    a = agreement(TRAINING, CLAIMS).iloc[0]
    assert a["spread"] == pytest.approx(0.5e6 / 6e6) and a["bounds_ok"] and a["status"] == "close"
    fig = claim_comparison(TRAINING, CLAIMS).to_dict()
    marks = {tr["name"]: (tr["x"][0], tr["marker"]["symbol"][0]) for tr in fig["data"] if tr["mode"] == "markers"}
    assert marks["甲报"] == (1.0, "circle") and marks["乙报"][1] == "circle"
    assert marks["丙报"][1] == "triangle-left", "不到1000万 is an upper bound, not a value"
    assert fig["layout"]["showlegend"] is True and {"甲报", "乙报", "丙报"} <= set(marks)
    assert "上限" in fig["layout"]["xaxis"]["title"]["text"], "the symbols are explained in exports too"
    assert headline_status(CLAIMS, TRAINING) == "close", "8% apart is not 'they agree'"
    assert any("相差 8%" in t for t in fig["layout"]["yaxis"]["ticktext"])


def test_a_bound_below_the_values_is_a_contradiction():
    wrong = TRAINING.assign(value=[6e6, 5.5e6, 3e6])
    assert agreement(wrong, CLAIMS).iloc[0]["status"] == "differ"
    assert disputed_claims(CLAIMS, wrong).to_dict()["layout"]["yaxis"]["ticktext"][0].startswith("⚠")


def test_claim_ticks_never_repeat():
    close = TRAINING.assign(value=[6e6, 5.97e6, 1e7], qualifier=["", "", "under"])
    x = claim_comparison(close, CLAIMS).to_dict()["layout"]["xaxis"]
    lo, hi = x["range"]
    ticks = [f"{lo + i * x['dtick']:.0%}" for i in range(int((hi - lo) / x["dtick"]) + 1)]
    assert len(ticks) == len(set(ticks)) and 2 <= len(ticks) <= 8


@pytest.fixture(scope="module")
def tables(store_db):
    return flt.prepare(store.load_tables(store_db))


def _cells(fig):
    return next(tr for tr in fig["data"] if tr["type"] == "scatter" and tr.get("name") == "cells")


def test_heatmap_cells_are_clickable_and_drill_to_their_sentences(tables):
    s = tables["sentences"]
    fig = topic_tone_matrix(s, tables["topics"]).to_dict()
    cells = _cells(fig)
    assert len(cells["x"]) == len(fig["data"][0]["y"]) * 3
    i = next(k for k, c in enumerate(cells["customdata"]) if c[2] > 0)
    point = {"curve_number": 1, "x": cells["x"][i], "y": cells["y"][i], "customdata": cells["customdata"][i]}
    sel = flt.selection_from_points(tables, [point], [tr.get("name") for tr in fig["data"]])
    topic, tone = int(cells["customdata"][i][0].split(":")[1]), cells["customdata"][i][1].split(":")[1]
    assert sel == {"topic": {topic}, "tone": {tone}}
    assert len(flt.evidence(tables, sel)) == cells["customdata"][i][2]

    matrix = outlet_source_matrix(tables["citations"], tables["articles"]).to_dict()
    cell = _cells(matrix)
    point = {"curve_number": 1, "customdata": cell["customdata"][0]}
    ev = flt.evidence(tables, flt.selection_from_points(tables, [point], [None, "cells"]))
    assert len(ev) > 0 and set(ev["outlet"]) == {cell["customdata"][0][0].split(":", 1)[1]}


def test_outlet_source_matrix_labels_every_column_and_names_no_unknown(tables):
    fig = outlet_source_matrix(tables["citations"], tables["articles"]).to_dict()
    assert fig["layout"]["xaxis"]["tickvals"] == fig["data"][0]["x"]
    assert "unknown" not in fig["data"][0]["y"] and "未注明" in fig["data"][0]["y"]


def test_tone_arc_is_readable(tables):
    fig = tone_arc(tables["sentences"], smooth=3).to_dict()
    legend = [tr["name"] for tr in fig["data"] if tr.get("showlegend", True)]
    assert not any("(3)" in n for n in legend), "the smoothing window is explained, not a legend entry"
    drawn = {tr["legendgroup"] for tr in fig["data"] if tr.get("visible", True) is True}
    assert len(drawn) <= SHOWN < tables["sentences"]["article_id"].nunique() + 1
    assert any("滑动平均" in a["text"] for a in fig["layout"]["annotations"])


def test_n_labels_are_not_clipped(tables):
    joined = flt.sentences_with_articles(tables)
    fig = tone_by_group(joined, "outlet").to_dict()
    assert fig["data"][0]["cliponaxis"] is False and fig["layout"]["xaxis"]["range"][1] > 1.2
