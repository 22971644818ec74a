"""Real browser: filter by outlet, share the URL, and download a chart PNG and a table CSV."""
from __future__ import annotations

import io
import struct
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from analytics import filters as flt, store
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e

CHART_DATA = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
    d => ({data: (d.data || []).map(t => ({x: t.x, y: t.y, name: t.name})), height: d._fullLayout.height,
           width: d._fullLayout.width}))"""
ALL_DRAWN = """() => {
    const boxes = document.querySelectorAll('.stPlotlyChart');
    const drawn = Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d => d._fullLayout);
    return boxes.length > 0 && drawn.length === boxes.length;
}"""
METRICS = """() => Array.from(document.querySelectorAll("[data-testid='stMetricValue']")).map(e => e.innerText)"""


def open_app(context, url: str, chart: bool = True):
    """A new page at ``url``, once the script has finished a run (it ends by writing the view into the
    URL) and, when ``chart``, a chart is drawn."""
    page = context.new_page()
    page.goto(url)
    wait_ran(page)
    if chart:
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_function(ALL_DRAWN, timeout=60_000)
    return page


def wait_ran(page, timeout: float = 90_000) -> None:
    """Wait until the script has run to its end (the URL then holds every setting) and is idle."""
    page.wait_for_function("() => location.search.includes('colors=')", timeout=timeout)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    wait_idle(page)


def busiest_outlet(db) -> str:
    return flt.prepare(store.load_tables(db))["articles"]["outlet"].value_counts().index[0]


def choose_outlet(page, outlet: str) -> None:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box.click()
    page.get_by_role("option", name=outlet, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def test_outlet_filter_is_in_the_url_and_a_shared_link_reopens_the_view(server, context, e2e_db):
    outlet = busiest_outlet(e2e_db)
    page = open_app(context, server)
    before = page.evaluate(METRICS)
    choose_outlet(page, outlet)
    page.wait_for_function("() => location.search.includes('outlet=')")
    only_outlet = f"o => ({CHART_DATA})().some(c => c.data.some(t => JSON.stringify(t.y) === JSON.stringify([o])))"
    page.wait_for_function(only_outlet, arg=outlet, timeout=60_000)
    wait_idle(page)
    assert parse_qs(urlparse(page.evaluate("location.href")).query)["outlet"] == [outlet]
    after_metrics = page.evaluate(METRICS)
    charts = page.evaluate(CHART_DATA)
    assert after_metrics != before and after_metrics[0] != before[0]

    shared = context.new_page()
    shared.goto(page.evaluate("location.href"))
    shared.wait_for_function(f"m => JSON.stringify(({METRICS})()) === JSON.stringify(m)", arg=after_metrics,
                             timeout=60_000)
    wait_idle(shared)
    try:
        shared.wait_for_function(f"c => JSON.stringify(({CHART_DATA})()) === JSON.stringify(c)", arg=charts,
                                 timeout=30_000)
    except Exception:
        pass  # the assertion below reports the difference
    assert shared.evaluate(METRICS) == after_metrics
    assert shared.evaluate(CHART_DATA) == charts


def test_a_link_written_in_english_opens_the_same_view_in_chinese(server, context):
    native = open_app(context, f"{server}/?outlet=观察者网&tone=负面")
    expected = native.evaluate(METRICS)
    plain = open_app(context, server)
    assert plain.evaluate(METRICS) != expected
    english = context.new_page()
    english.goto(f"{server}/?outlet=Guancha&tone=negative")
    english.wait_for_function(f"m => JSON.stringify(({METRICS})()) === JSON.stringify(m)", arg=expected,
                              timeout=150_000)  # two test workers share the machine's two cores
    chips = english.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").all_inner_texts()
    assert any("观察者网" in c for c in chips) and any("负面" in c for c in chips)


def test_chart_png_and_table_csv_downloads(server, context, e2e_db):
    outlet = busiest_outlet(e2e_db)
    page = open_app(context, server)
    size = page.evaluate(CHART_DATA)[0]
    with page.expect_download(timeout=120_000) as dl:
        page.locator("[data-testid='stDownloadButton'] button", has_text="PNG").first.click()
    png = open(dl.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2 * 1000, 2 * size["height"])
    assert len(png) > 10_000

    with page.expect_download(timeout=60_000) as dl:
        page.locator("[data-testid='stSidebar'] [data-testid='stDownloadButton'] button").first.click()
    report = open(dl.value.path(), encoding="utf-8").read()
    assert report.count("<h2>") == 4 and "全部文章（无筛选）" in report and "data:image/png;base64," in report
    assert report.index("篇文章，来自") < report.index("<h2>"), "the summary comes before the charts"

    page.goto(f"{server}/data?outlet={outlet}")
    wait_ran(page)
    with page.expect_download(timeout=60_000) as dl:
        page.locator("[data-testid='stDownloadButton'] button", has_text="CSV").first.click()
    raw = open(dl.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    about = [line for line in text.splitlines() if line.startswith("# ")]
    assert about[0] == f"# 筛选: 媒体: {outlet}" and any(line.startswith("# 数据库版本: ") for line in about)
    table = pd.read_csv(io.StringIO(text), skiprows=len(about))
    assert set(table["outlet"]) == {outlet}
    assert "article_id" in table.columns


UPLOAD = """新华社北京1月30日电 国产大模型DeepSeek发布后，多家券商认为算力需求不会下降。
分析人士表示，英伟达股价暴跌17%之后已有反弹，但市场恐慌情绪仍未完全消退。
业内专家指出，开源模型降低了开发成本，中小企业迎来新的机会。
"""


def test_uploaded_article_is_analysed_in_this_session_only(server, context, tmp_path):
    good = tmp_path / "upload_news.txt"
    good.write_text(UPLOAD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page = open_app(context, server)
    before = page.evaluate(METRICS)
    page.locator("[data-testid='stSidebar'] [data-testid='stExpander']", has_text="添加文章").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(good), str(empty)])
    page.locator("[data-testid='stSidebar'] button", has_text="分析上传的文章").click()
    page.get_by_text("已加入 1 篇文章").wait_for(timeout=180_000)
    assert page.get_by_text("skipped empty.txt").count() == 1
    wait_idle(page)
    after = page.evaluate(METRICS)
    assert int(after[0]) == int(before[0]) + 1 and int(after[1]) > int(before[1])
    page.locator("[data-testid='stSidebar'] button", has_text="分析上传的文章").click()
    page.get_by_text("same text as article upload_news already shown").wait_for(timeout=120_000)
    wait_idle(page)
    assert page.evaluate(METRICS) == after

    other = context.browser.new_page()
    other.goto(server)
    other.wait_for_function(f"m => JSON.stringify(({METRICS})()) === JSON.stringify(m)", arg=before, timeout=60_000)
    other.close()


def test_clicking_a_bar_lists_evidence_linking_to_the_reader(server, context):
    page = open_app(context, server)
    bar = page.locator(".js-plotly-plot").first.locator("g.point path").first
    bar.scroll_into_view_if_needed()
    bar.click(force=True)
    page.get_by_text("证据句子").wait_for(timeout=60_000)
    wait_idle(page)
    link = page.locator("[class*='st-key-evidence_'] [data-testid='stPageLink'] a").first
    query = parse_qs(urlparse(link.get_attribute("href")).query)
    article, sentence = query["article"][0], query["sentence"][0]
    link.click()
    page.wait_for_url("**/articles**", timeout=60_000)
    wait_idle(page)
    assert parse_qs(urlparse(page.evaluate("location.href")).query)["article"] == [article]
    page.get_by_text(f"#{sentence}", exact=False).first.wait_for(timeout=60_000)
    page.locator(f".reader #s{sentence}.focus").wait_for(timeout=60_000)
