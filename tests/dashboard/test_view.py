"""Issue 16 on the app: links keep the whole view, no internal names on screen, one readable figure table,
exports that say where they came from, entity names in the search box."""
from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import display, filters as flt, store, tables_io
from tests.dashboard.conftest import APP, charts

PAGES = ["overview", "tone", "narratives", "figures", "voices", "articles", "data", "method"]
RAW_ID = re.compile(r"\d{3}_[0-9a-f]{16}")
INTERNAL = re.compile(r"\b(unknown|unassigned|claim_id|article_id|n_articles|tone_label|sentence_idx|co_mentions|"
                      r"tone_corrections|None|nan)\b|\d[eE][+-]\d")


def run(page: str | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page and page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def url(at) -> dict[str, object]:
    return {k: at.query_params[k] for k in at.query_params}


def test_the_url_holds_the_whole_view_in_ids_and_reopens_it(app_db):
    sender = run(params={"outlet": "观察者网", "lang": "en"})
    sender.multiselect(key="tone").set_value(["pos"]).run()
    sender.radio(key="script").set_value("Hant").run()
    link = url(sender)
    assert link["lang"] == "en" and link["outlet"] in ("观察者网", ["观察者网"]) and link["tone"] in ("pos", ["pos"])
    assert link["script"] == "Hant"
    recipient = run(params=link)
    assert recipient.radio(key="lang").value == "en" and recipient.radio(key="script").value == "Hant"
    assert metrics(recipient) == metrics(sender)
    assert metrics(recipient)["Articles"] == "1"


def test_the_url_keeps_language_and_filters_on_every_page(app_db):
    at = run(params={"lang": "en", "tone": "neg"})
    for page in ("tone", "figures", "data"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert url(at)["lang"] == "en" and url(at)["tone"] in ("neg", ["neg"]), page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_internal_names_on_screen(app_db, page, lang):
    at = run(page, params={"lang": lang})
    texts: list[str] = []
    for kind in ("markdown", "caption", "subheader", "title", "info", "metric", "header", "warning", "success"):
        for el in at.get(kind):
            texts += [str(x) for x in (getattr(el, "value", None), getattr(el, "label", None)) if x is not None]
    for el in list(at.multiselect) + list(at.selectbox) + list(at.radio):
        texts += [str(o) for o in el.options] + [str(el.label)]
    texts += [str(tab.label) for tab in at.tabs]
    for fig in charts(at):
        for tr in fig["data"]:
            for key in ("name", "x", "y", "text", "labels"):
                v = tr.get(key)
                texts += [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]
        texts += [str(x) for ax, spec in fig["layout"].items() if ax.startswith(("xaxis", "yaxis"))
                  for x in spec.get("ticktext", []) or []]
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns] + [str(x) for x in df.value.astype(str).to_numpy().ravel()]
    ids = sorted({m.group(0) for t in texts for m in RAW_ID.finditer(t)})
    assert not ids, ids
    if page != "method":  # the Method page documents the data contract's column names
        internal = sorted({f"{m.group(0)} in {t[:40]!r}" for t in texts for m in INTERNAL.finditer(t)})
        assert not internal, internal


def test_outlets_without_a_name_show_their_platform_or_not_stated(app_db):
    zh = run()
    assert {"网易号", "未注明"} <= set(zh.multiselect(key="outlet").options)
    assert "unknown" not in zh.multiselect(key="outlet").options
    en = run(params={"lang": "en"})
    assert "Not stated" in en.multiselect(key="outlet").options
    only = run(params={"lang": "en", "outlet": "unknown"})
    assert only.multiselect(key="outlet").value == ["未注明"], "old links naming 'unknown' still open"


def test_story_counts_read_as_english(app_db):
    at = run(params={"lang": "en", "outlet": "观察者网"})
    story = " ".join(md.value for md in at.markdown)
    assert "1 article from 1 outlet," in story and "articles from 1 outlets" not in story


def test_figures_page_has_one_readable_figure_table(app_db):
    at = run("figures")
    assert not any(tr["type"] == "table" for fig in charts(at) for tr in fig["data"])
    table = next(df.value for df in at.dataframe if "数值" in df.value.columns)
    values = table["数值"].tolist()
    assert "600万美元" in values and not any("e+" in v or v == "None" for v in values)
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    at.multiselect(key="fig_kind").set_value(["percent"]).run()
    table = next(df.value for df in at.dataframe if "数值" in df.value.columns)
    assert set(table["类型"]) == {"百分比"}


def test_data_page_names_tables_and_columns_for_people(app_db):
    at = run("data", params={"lang": "en"})
    labels = [tab.label for tab in at.tabs]
    assert "Co-mentions" in labels and "co_mentions" not in labels and "Tone corrections" in labels
    articles = at.dataframe[0].value
    assert "Headline" in articles.columns and "article_id" not in articles.columns


def test_search_finds_an_entity_by_its_english_name_or_alias(app_db):
    at = run()
    at.text_input(key="q").set_value("nvidia").run()
    english = int(metrics(at)["句子"])
    at.text_input(key="q").set_value("英伟达").run()
    chinese = int(metrics(at)["句子"])
    assert english > 0 and english >= chinese


def test_exports_carry_filters_store_version_and_time(app_db):
    tables = flt.prepare(store.load_tables(app_db))
    version = tables_io.store_version(tables)
    about = tables_io.about_lines("媒体: 观察者网", version, "zh")
    df = pd.DataFrame({"a": [1, 2]})
    csv = tables_io.to_csv_bytes(df, about).decode("utf-8-sig").splitlines()
    assert csv[0] == "# 筛选: 媒体: 观察者网" and csv[1].startswith("# 数据库版本: pipeline") and csv[3] == "a"
    assert pd.read_csv(io.StringIO("\n".join(csv)), skiprows=len(about))["a"].tolist() == [1, 2]
    ws = openpyxl.load_workbook(io.BytesIO(tables_io.to_xlsx_bytes(df, about=about))).active
    assert [ws.cell(row=i, column=1).value for i in (1, 2, 3)] == ["筛选", "数据库版本", "导出时间"]
    assert ws.cell(row=5, column=1).value == "a" and ws.cell(row=6, column=1).value == 1


def test_sentences_export_joins_outlet_headline_and_narrative(app_db):
    tables = flt.prepare(store.load_tables(app_db))
    out = flt.sentences_export(tables, "en")
    assert {"article_id", "sentence_idx", "text", "tone", "outlet", "headline", "narrative"} <= set(out.columns)
    assert out["headline"].notna().all() and out["outlet"].notna().all()
    assert "unassigned" not in set(out["narrative"])


def test_numbers_are_formatted_for_people():
    assert display.number(6e6, "USD", "money", "zh") == "600万美元"
    assert display.number(6e6, "USD", "money", "en") == "US$6 million"
    assert display.number(5e11, "USD", "money", "zh") == "5000亿美元"
    assert display.number(16.86, "%", "percent", "en") == "16.86%"
    assert display.number(1e7, "USD", "money", "zh", qualifier="under") == "不到1000万美元"
    assert display.number(2, "年", "duration", "zh", 3) == "2–3年"
    assert display.number(None) == "" and display.number(float("nan")) == ""


def test_a_byline_with_spaces_names_its_outlet():
    from analytics import clean

    assert clean.clean_text("财新网 记者 王磊\n国产大模型发布后，多家券商认为算力需求不会下降。").meta["outlet"] == "财新网"
