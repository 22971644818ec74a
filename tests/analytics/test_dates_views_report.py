"""The date-range filter, saved views (pure functions and the store table) and the PDF report."""
from __future__ import annotations

import re
import shutil
import unicodedata
import zlib
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import filters as flt, report, saved_views, store

ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c", "d", "e"],
                         "published": ["2024-01-31", "2024-02-01", "2024-03-15", "", None],
                         "outlet": ["新华社", "财新网", "新华社", "明报", "明报"]})
SENTENCES = pd.DataFrame({"article_id": ["a", "a", "b", "c", "d", "e"], "sentence_idx": [0, 1, 0, 0, 0, 0],
                          "text": ["芯片出口", "市场上涨", "芯片短缺", "人民币", "芯片", "芯片"],
                          "text_hans": ["芯片出口", "市场上涨", "芯片短缺", "人民币", "芯片", "芯片"],
                          "tone": [0.1, 0.5, -0.4, 0.0, 0.2, 0.3], "tone_label": ["neu", "pos", "neg", "neu", "neu", "pos"],
                          "topic_id": [0, 0, 1, 1, 0, 0]})


@pytest.mark.parametrize(("lo", "hi", "ids"), [
    ("2024-02-01", "2024-03-15", {"b", "c"}),   # both ends inclusive
    ("2024-02-01", "", {"b", "c"}),             # open end
    ("", "2024-01-31", {"a"}),                  # open start
    ("2024-04-01", "", set()),
    ("", "", {"a", "b", "c"}),                  # undated articles are in no range
])
def test_articles_between_is_inclusive_and_leaves_undated_out(lo, hi, ids):
    assert set(flt.articles_between(ARTICLES, lo, hi)) == ids


def test_date_span_and_no_dates():
    assert flt.date_span(ARTICLES) == ("2024-01-31", "2024-03-15")
    assert flt.date_span(ARTICLES.assign(published="")) is None


def test_date_filter_restricts_every_table_and_names_itself():
    tables = {"articles": ARTICLES, "sentences": SENTENCES}
    f = flt.Filters(date_from="2024-02-01", q="芯片")
    view = flt.apply(tables, f)
    assert f.active
    assert list(view["articles"]["article_id"]) == ["b"]
    assert list(view["sentences"]["text"]) == ["芯片短缺"]
    assert flt.describe(f, tables, "en") == "Search: “芯片” · Dates: 2024-02-01 – …"
    assert flt.describe(flt.Filters(date_from="2024-01-01", date_to="2024-01-31"), tables, "zh") == \
        "日期: 2024-01-01 – 2024-01-31"


def test_saved_view_links_round_trip_and_one_name_per_user():
    link = saved_views.make_link("timeline", {"lang": "en", "outlet": ["新华社", "财新网"], "from": "2024-01-01",
                                              "q": "芯片 AND (出口 OR 短缺)", "split": None})
    assert link.startswith("timeline?lang=en&outlet=")
    path, params = saved_views.parse_link(link)
    assert path == "timeline"
    assert params == {"lang": ["en"], "outlet": ["新华社", "财新网"], "from": ["2024-01-01"],
                      "q": ["芯片 AND (出口 OR 短缺)"]}
    views = saved_views.upsert(None, "  chips   2024 ", link, "ana", now=1.0)
    views = saved_views.upsert(views, "other", "tone?lang=zh", "ana", now=2.0)
    views = saved_views.upsert(views, "chips 2024", "compare?dim=period", "ana", now=3.0)
    views = saved_views.upsert(views, "chips 2024", "home", "bo", now=4.0)
    mine = saved_views.of_user(views, "ana")
    assert list(mine["name"]) == ["chips 2024", "other"] and mine["link"].iloc[0] == "compare?dim=period"
    assert list(saved_views.of_user(saved_views.remove(views, "chips 2024", "ana"), "ana")["name"]) == ["other"]
    assert len(saved_views.of_user(views, "bo")) == 1
    with pytest.raises(ValueError):
        saved_views.clean_name("   ")
    with pytest.raises(ValueError):
        saved_views.make_link("../etc", {})


def test_store_keeps_saved_views_per_user_and_through_rebuilds(store_db, tmp_path):
    db = tmp_path / "narrative.duckdb"
    shutil.copy(store_db, db)
    assert store.saved_views(db, "ana").empty
    store.save_view(db, "tone en", "tone?lang=en", "ana")
    store.save_view(db, "mine", "home?lang=zh", "bo")
    assert list(store.saved_views(db, "ana")["name"]) == ["tone en"]
    store.build(store.default_corpus(db), db, progress=False, force=True)
    assert list(store.saved_views(db, "ana")["link"]) == ["tone?lang=en"]
    store.delete_view(db, "tone en", "ana")
    assert store.saved_views(db, "ana").empty and list(store.saved_views(db, "bo")["name"]) == ["mine"]


def pdf_text(pdf: bytes) -> str:
    """Every character the PDF's fonts map to Unicode (their ToUnicode CMaps), i.e. the text it shows;
    NFKC-folded, since a CJK font maps shared glyphs to Kangxi radicals (⽂ for 文)."""
    chars = set()
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompressobj().decompress(m.group(1))
        except zlib.error:
            continue
        if b"begincmap" not in data:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for dst in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
                chars.add(bytes.fromhex(dst.decode()).decode("utf-16-be", "ignore"))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                chars.update(chr(int(dst, 16) + i) for i in range(int(hi, 16) - int(lo, 16) + 1))
    return unicodedata.normalize("NFKC", "".join(chars))


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium not installed")
def test_pdf_report_is_the_html_report_printed_with_chinese_text():
    fig = go.Figure(go.Bar(x=["新华社", "财新网"], y=[3, 5]))
    pdf = report.build_pdf("概览报告", "日期: 2024-02-01 – 2024-03-15", [("各媒体语气", fig)],
                           [("句子", pd.DataFrame({"文本": ["深度求索发布模型"], "语气": [0.123456]}))], lang="zh",
                           headline=[("文章", "5")], summary="报道在说什么：芯片短缺。", static=False)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
    assert len(pdf) > 10_000
    shown = pdf_text(pdf)
    for text in ("概览报告", "深度求索发布模型", "芯片短缺", "日期"):
        assert all(ch in shown for ch in text), text
    assert b"NotoSansCJK" in pdf or b"Noto" in pdf  # the CJK font is embedded, not boxes


def test_pdf_without_chromium_says_so(monkeypatch):
    monkeypatch.setattr(report, "chromium_path", lambda: None)
    with pytest.raises(RuntimeError, match="no Chromium"):
        report.to_pdf(b"<html></html>")
