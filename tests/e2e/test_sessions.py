"""Real browser: two visitors upload at the same time; each sees only their own upload (filters, counts),
the upload runs in the background worker while the page stays usable, and a closed session's uploaded
tables leave the server's memory."""
from __future__ import annotations

import json
import time

import pytest

from tests.e2e.conftest import server_log, wait_idle

pytestmark = pytest.mark.e2e

METRICS = """() => Array.from(document.querySelectorAll("[data-testid='stMetricValue']")).map(e => e.innerText)"""
BODY = ("{o}报道，国产大模型发布后，多家券商认为算力需求不会下降。分析人士表示，英伟达股价暴跌之后已有反弹，"
        "但市场恐慌情绪仍未完全消退。业内专家指出，开源模型降低了开发成本，中小企业迎来新的机会。{o}记者{n}号报道。")


def upload(page, path) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stExpander']", has_text="添加文章").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(path)])
    page.locator("[data-testid='stSidebar'] button", has_text="分析上传的文章").click()


def outlet_options(page) -> set[str]:
    """Every category the page's charts draw (the outlet chart names each outlet of the view)."""
    return set(page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(
        d => (d.data || []).flatMap(t => [].concat(t.y || [], t.x || [])).filter(v => typeof v === 'string'))"""))


def freed_sessions(server: str) -> int:
    """How many sessions' uploaded tables the server has released (dashboard/data.py logs each)."""
    return server_log(server).read_text(encoding="utf-8").count("freed the uploaded tables of a session")


def test_two_visitors_see_only_their_own_uploads(server, browser, tmp_path):
    own = {"a": "甲会话日报", "b": "乙会话晚报"}
    pages, files = {}, {}
    for key, outlet in own.items():
        files[key] = tmp_path / f"upload_{key}.jsonl"
        files[key].write_text(json.dumps({"id": key, "outlet": outlet, "title": f"{outlet}头条",
                                          "text": BODY.format(o=outlet, n=key)}, ensure_ascii=False) + "\n",
                              encoding="utf-8")
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pages[key] = ctx.new_page()
        pages[key].goto(server)
        pages[key].wait_for_selector(".js-plotly-plot", timeout=120_000)
        wait_idle(pages[key])
    before = pages["a"].evaluate(METRICS)
    freed_before = freed_sessions(server)
    for key in own:  # both uploads are queued before either finishes
        upload(pages[key], files[key])
    for key in own:
        pages[key].get_by_text("已加入 1 篇文章").wait_for(timeout=240_000)
        wait_idle(pages[key])
    for key, other in (("a", "b"), ("b", "a")):
        names = outlet_options(pages[key])
        assert own[key] in names and own[other] not in names, (key, names)
        assert int(pages[key].evaluate(METRICS)[0]) == int(before[0]) + 1
    fresh = browser.new_context().new_page()
    fresh.goto(server)
    fresh.wait_for_selector(".js-plotly-plot", timeout=120_000)
    wait_idle(fresh)
    assert fresh.evaluate(METRICS)[0] == before[0]
    names = outlet_options(fresh)
    assert own["a"] not in names and own["b"] not in names
    for page in (*pages.values(), fresh):
        page.context.close()
    deadline = time.monotonic() + 60  # the server drops a closed tab's session after 2 s (see conftest)
    while freed_sessions(server) < freed_before + 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert freed_sessions(server) == freed_before + 2, "a closed session's upload stayed in memory"
