"""AppTest of the date-range filter, the time pages' own URL parameters, the malformed-query message,
saved views and the report buttons, over a small dated store (20 beats articles, 2023-09 to 2025-01)."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import filters as flt, store
from dashboard import auth
from tests.dashboard.conftest import APP, ROOT, charts

BEATS = ROOT / "tests" / "data" / "beats" / "articles"
IDS = ([f"{beat}_{i:03d}" for beat in ("markets", "technology") for i in range(1, 9)]
       + [f"companies_{i:03d}" for i in (5, 6, 10, 12)])  # two facts several outlets quote: claims
SETTINGS = {"lang": "zh", "script": "Hans", "colors": "western"}


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("dated_views_corpus")
    for aid in IDS:
        shutil.copy(BEATS / f"{aid}.txt", corpus / f"{aid}.txt")
    db = corpus / "narrative.duckdb"
    store.build(corpus, db, progress=False)
    return db


@pytest.fixture
def db(dated_db, tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "narrative.duckdb"
    shutil.copy(dated_db, copy)
    monkeypatch.setenv("NARRATIVE_DB", str(copy))
    return copy


def run(page: str, params: dict | None = None, at: AppTest | None = None) -> AppTest:
    at = at if at is not None else AppTest.from_file(APP, default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def query(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def in_range(db: Path, lo: str, hi: str) -> set[str]:
    return set(flt.articles_between(store.load_tables(db, ["articles"])["articles"], lo, hi))


def test_date_range_from_the_link_applies_to_every_page_and_stays_in_the_url(db):
    lo, hi = "2024-01-01", "2024-07-31"
    ids = in_range(db, lo, hi)
    assert 0 < len(ids) < len(IDS)
    params = {**SETTINGS, "from": lo, "to": hi}
    at = run("overview", params)
    assert at.metric[0].value == str(len(ids))
    assert query(at) == params
    assert any("2024&#45;01&#45;01" in c.value and "2024&#45;07&#45;31" in c.value for c in at.caption)
    assert at.sidebar.date_input(key="date_from").value.isoformat() == lo
    tl = run("timeline", params)
    assert sum(charts(tl)[0]["data"][0]["y"]) == len(ids)
    for page in ("tone", "narratives", "figures", "voices", "articles", "concordance", "compare", "data"):
        shown = {k: v for k, v in query(run(page, params)).items() if k not in ("article", "a", "b")}  # pages' defaults
        assert shown == params, page


def test_date_widgets_write_the_range_and_clear_resets_it(db):
    import datetime as dt

    at = run("overview", SETTINGS)
    total = int(at.metric[0].value)
    at.sidebar.date_input(key="date_from").set_value(dt.date(2024, 7, 10)).run()
    assert query(at)["from"] == "2024-07-10" and "to" not in query(at)
    assert at.metric[0].value == str(len(in_range(db, "2024-07-10", "")))
    at.sidebar.button[0].click().run()  # clear filters
    assert "from" not in query(at) and at.metric[0].value == str(total)


def test_malformed_dates_in_a_link_are_named_and_ignored(db):
    at = run("overview", {"from": "2024-13-45", "to": "yesterday"})
    assert "from" not in query(at) and "to" not in query(at)
    assert any("from" in w.value and "to" in w.value for w in at.warning)


REOPEN = [
    ("timeline", {"gran": "week", "split": "1", "level": "themes"},
     {"tl_gran": "week", "tl_split": True, "tl_level": "themes"}),
    ("concordance", {"term": "芯片 OR 人民币", "sort": "tone", "width": "45"},
     {"kw_term": "芯片 OR 人民币", "kw_sort": "tone", "kw_width": 45}),
    ("compare", {"dim": "period", "a": "2023-09-01..2023-12-31", "b": "2024-01-01..2024-12-31"}, {}),
    ("compare", {"a": "第一财经", "b": "中央社"}, {"cmp_a_outlet": "第一财经", "cmp_b_outlet": "中央社"}),
]


@pytest.mark.parametrize(("page", "own", "state"), REOPEN, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(REOPEN)])
def test_page_links_reopen_exactly_for_a_fresh_recipient(db, page, own, state):
    params = {**SETTINGS, "outlet": "第一财经", "from": "2023-09-01", **own} if page != "compare" else \
        {**SETTINGS, "from": "2023-09-01", **own}
    sender = run(page, params)
    assert query(sender) == params
    for key, value in state.items():
        assert sender.session_state[key] == value, key
    recipient = run(page, query(sender))
    assert query(recipient) == params
    assert charts(recipient) == charts(sender)
    assert [m.value for m in recipient.metric] == [m.value for m in sender.metric]


def test_time_page_values_leave_the_url_when_turned_off(db):
    at = run("timeline", {"split": "1", "gran": "day"})
    at.toggle(key="tl_split").set_value(False).run()
    at.segmented_control(key="tl_gran").set_value("auto").run()
    assert "split" not in query(at) and "gran" not in query(at)
    kw = run("concordance", {"term": "芯片"})
    kw.text_input(key="kw_term").set_value("").run()
    assert "term" not in query(kw)


@pytest.mark.parametrize(("q", "zh", "en"), [
    ("(芯片 AND 出口", "缺少右括号", "missing ')'"),
    ('"芯片 出口', "引号未闭合", "unclosed quote"),
    ("芯片 OR", "后缺少检索词", "needs a term after it"),
    ("AND 芯片", "前缺少检索词", "needs a term before it"),
    ("芯片)", "多余的右括号", "unexpected ')'"),
])
def test_malformed_query_gets_a_sidebar_message_in_both_languages(db, q, zh, en):
    for code, expected in (("zh", zh), ("en", en)):
        at = run("overview", {"q": q, "lang": code})
        errors = [html.unescape(e.value) for e in at.sidebar.error]
        assert len(errors) == 1 and expected in errors[0], errors
        assert query(at)["q"] == q


def test_well_formed_query_has_no_message(db):
    at = run("overview", {"q": "芯片 AND NOT (人民币 OR 美元)"})
    assert not at.sidebar.error


def test_visitor_saves_a_view_into_the_browser(db):
    at = run("timeline", {**SETTINGS, "from": "2024-01-01", "gran": "month", "q": "芯片"})
    at.sidebar.text_input(key="view_name").input("芯片 2024").run()
    at.sidebar.button(key="view_save").click().run()
    assert [s.value for s in at.sidebar.success] == ["已保存：芯片 2024"]
    page = next(f.proto.srcdoc for f in at.get("iframe") if "narrative_saved_views" in f.proto.srcdoc)
    cfg = json.loads(page.split("const cfg = ", 1)[1].split(";\n", 1)[0])
    assert cfg["pending"] == {"name": "芯片 2024",
                              "link": "timeline?lang=zh&script=Hans&colors=western&q=%E8%8A%AF%E7%89%87"
                                      "&from=2024-01-01&gran=month"}
    assert store.saved_views(db, "").empty  # nothing of a visitor's reaches the store
    at.run()
    again = next(f.proto.srcdoc for f in at.get("iframe") if "narrative_saved_views" in f.proto.srcdoc)
    assert '"pending": null' in again  # handed to the browser once


def test_analyst_saves_a_view_in_the_store_and_one_click_reopens_it(db):
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["passwords"] = {"ana": {"role": "analyst", "hash": auth.hash_password("x", 1000)}}
    at.session_state[auth.SESSION_KEY] = {"name": "ana", "role": "analyst"}
    saved = {**SETTINGS, "q": "芯片", "from": "2024-01-01", "to": "2024-07-31", "term": "芯片", "sort": "tone"}
    run("concordance", saved, at)
    at.sidebar.text_input(key="view_name").input("chips H1").run()
    at.sidebar.button(key="view_save").click().run()
    views = store.saved_views(db, "ana")
    assert list(views["name"]) == ["chips H1"] and views["link"].iloc[0].startswith("concordance?")
    rows = len(at.dataframe[0].value)
    at.sidebar.date_input(key="date_from").set_value(None).run()
    at.text_input(key="kw_term").set_value("人民币").run()
    assert query(at)["term"] == "人民币" and "from" not in query(at)
    at.sidebar.button(key="view_open_0").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert query(at) == saved
    assert at.text_input(key="kw_term").value == "芯片" and len(at.dataframe[0].value) == rows


def test_report_offers_html_and_pdf_beside_each_other(db):
    at = run("overview", {"lang": "en"})
    labels = [b.proto.label for b in at.sidebar.get("download_button")]
    assert "Export report (HTML)" in labels and "Report as PDF" in labels


def test_timeline_claim_is_in_the_link_and_a_stale_one_is_named(db):
    claims = store.load_tables(db, ["claims"])["claims"]
    assert len(claims) >= 2
    first = run("timeline", SETTINGS)
    options = first.selectbox(key="tl_claim").options
    assert "claim" not in query(first)  # the first claim is the page's default
    at = run("timeline", {**SETTINGS, "claim": str(claims["claim_id"].iloc[1])})
    chosen = at.selectbox(key="tl_claim").value
    assert chosen == claims["claim_id"].iloc[1] and query(at)["claim"] == chosen
    assert at.selectbox(key="tl_claim").options == options
    stale = run("timeline", {**SETTINGS, "claim": "C0000000"})
    assert "claim" not in query(stale) and any("claim" in w.value for w in stale.warning)
