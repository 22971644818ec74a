"""AppTest of the Timeline, Concordance and Compare pages over a small dated store (16 beats articles)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import store
from tests.dashboard.conftest import APP, ROOT, charts

BEATS = ROOT / "tests" / "data" / "beats" / "articles"
IDS = [f"{beat}_{i:03d}" for beat in ("markets", "technology") for i in range(1, 9)]


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("dated_corpus")
    for aid in IDS:
        shutil.copy(BEATS / f"{aid}.txt", corpus / f"{aid}.txt")
    db = corpus / "narrative.duckdb"
    store.build(corpus, db, progress=False)
    return db


@pytest.fixture
def db(dated_db, monkeypatch) -> Path:
    monkeypatch.setenv("NARRATIVE_DB", str(dated_db))
    return dated_db


def run(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_timeline_counts_every_dated_article(db):
    arts = store.load_tables(db, ["articles"])["articles"]
    dated = int((arts["published"].fillna("") != "").sum())
    at = run("timeline")
    volume = charts(at)[0]
    assert sum(volume["data"][0]["y"]) == dated == len(IDS)
    assert volume["layout"]["meta"]["granularity"] == "month"
    at.segmented_control(key="tl_gran").set_value("week").run()
    assert charts(at)[0]["layout"]["meta"]["granularity"] == "week"
    at.toggle(key="tl_split").set_value(True).run()
    assert len([d for d in charts(at)[0]["data"] if d["type"] == "bar"]) == arts["outlet"].nunique()


def test_concordance_rows_and_malformed_query(db):
    at = run("concordance", {"term": "人民币 OR 芯片"})
    assert at.text_input(key="kw_term").value == "人民币 OR 芯片"
    rows = at.dataframe[0].value
    assert len(rows) > 0 and set(rows.iloc[:, 1]) <= {"人民币", "人民幣", "芯片"}  # either script
    at.text_input(key="kw_term").set_value("(芯片 AND").run()
    assert any("missing" in e.value or "缺少" in e.value for e in at.error)


def test_compare_two_outlets(db):
    at = run("compare")
    outlets = at.selectbox(key="cmp_a_outlet").options
    at.selectbox(key="cmp_b_outlet").set_value(outlets[1]).run()
    assert not at.exception
    metrics = [m.value for m in at.metric]
    assert len(metrics) == 8
    assert any(c["data"] for c in charts(at))
