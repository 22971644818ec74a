"""Real browser: a corpus whose headline, outlet, author and body carry HTML, Markdown, math and formula
payloads shows them as text on every page (DOM checked, hovers included): no dialog, no request to the
payload's host, no live link or image; downloads (the grid's own CSV included) neutralise formulas."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest

from analytics import store
from tests.e2e.conftest import ROOT, free_port, start_server, wait_idle

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_IMG = "![t](http://127.0.0.1:9/x.png)"
MD_LINK = "[x](javascript:alert(1))"
ENTITY_LINK = "&lt;a href=http://127.0.0.1:9/&gt;x&lt;/a&gt;"
MATH = "$x$"
PAYLOAD = f"{SCRIPT} {IMG} {MD_IMG} {MD_LINK} {ENTITY_LINK} {MATH}"
FORMULAS = ('=HYPERLINK("http://127.0.0.1:9/","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "＝1+1", "－2+3")
BODY = ("英伟达股价周一暴跌百分之十七，市值蒸发约5900亿美元。{p}分析师表示，DeepSeek的低成本模型引发市场担忧。"
        "路透社援引{p}的说法称，投资者正在重新评估人工智能的资本开支。{p}美国科技股普遍下跌，纳斯达克指数收跌3%。"
        "多家机构认为，算力需求长期仍将增长，但短期估值承压。{p}")
ROWS = [
    {"id": "h1", "title": f"DeepSeek冲击 {PAYLOAD}", "outlet": f"恶意媒体{SCRIPT}{MD_IMG}", "author": f"记者{IMG}{MD_LINK}",
     "published": "2025-01-28", "text": BODY.format(p=PAYLOAD)},
    {"id": "h2", "title": f"{ENTITY_LINK}{MATH}市场震荡", "outlet": f"{ENTITY_LINK}日报", "author": MATH,
     "published": "2025-01-29", "text": BODY.format(p=ENTITY_LINK + MD_IMG)},
    {"id": "h3", "title": FORMULAS[0], "outlet": FORMULAS[3], "author": FORMULAS[1], "published": "2025-01-30",
     "text": FORMULAS[2] + "。" + BODY.format(p=FORMULAS[4])},
]
PAGES = ["", "tone", "narratives", "figures", "voices", "articles", "timeline", "concordance", "compare",
         "data", "method"]
DOM_CHECK = """() => {
  const bad = [];
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href') || '';
    if (href.includes('127.0.0.1:9') || href.trim().toLowerCase().startsWith('javascript')) bad.push('a ' + href);
  }
  for (const img of document.querySelectorAll('img, image')) {
    const src = img.getAttribute('src') || img.getAttribute('href') || img.getAttribute('xlink:href') || '';
    if (src === 'x' || src.includes('127.0.0.1:9')) bad.push('img ' + src);
  }
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('alert(1)')) bad.push('script');
  for (const el of document.querySelectorAll('[onerror]')) bad.push('onerror ' + el.tagName);
  if (document.querySelector('.katex')) bad.push('katex');
  for (const f of document.querySelectorAll('iframe')) {
    try { const d = f.contentDocument; if (d && d.querySelector('img[src=x], script')
          && d.body.innerHTML.includes('alert(1)')) bad.push('iframe'); } catch (e) {}
  }
  return bad;
}"""
MARKS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(
  gd => Array.from(gd.querySelectorAll('.point, .bars path, path.surface, .slice path, .hm')).slice(0, 12)
).map(el => { const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, r.width > 0]; })"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    with open(corpus / "hostile.jsonl", "w", encoding="utf-8") as f:
        for row in ROWS:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = root / "narrative.duckdb"
    store.build(corpus, db, progress=False)
    port = free_port()
    proc = start_server(db, port)
    yield f"http://127.0.0.1:{port}", db
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def watched(context):
    """A page recording dialogs and requests to the payload's host."""
    page = context.new_page()
    page.seen = {"dialogs": [], "requests": []}
    page.on("dialog", lambda d: (page.seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: "127.0.0.1:9/" in r.url and page.seen["requests"].append(r.url))
    return page


def hover_everything(page) -> list[str]:
    """Hover the first marks of every chart; return any live markup found in the hover labels."""
    bad = []
    for x, y, visible in page.evaluate(MARKS):
        if not visible or x < 0 or y < 0:
            continue
        page.mouse.move(x, y)
        page.wait_for_timeout(60)
        bad += page.evaluate("""() => Array.from(document.querySelectorAll('.hoverlayer a, .hoverlayer image'))
                                .map(e => e.outerHTML)""")
    return bad


def test_payloads_show_as_text_on_every_page(hostile_server, context):
    url, db = hostile_server
    ids = store.load_tables(db, ["articles"])["articles"]
    hostile = ids[ids["article_id"].str.startswith("hostile")]
    outlet = hostile["outlet"].iloc[0]
    page = watched(context)
    links = [f"{url}/{p}" for p in PAGES]
    links += [f"{url}/articles?article={quote(a)}" for a in hostile["article_id"]]
    links += [f"{url}/?outlet={quote(outlet)}", f"{url}/compare?dim=outlet&a={quote(outlet)}",
              f"{url}/concordance?term={quote('DeepSeek')}", f"{url}/?q={quote(MD_IMG)}"]
    for link in links:
        page.goto(link)
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
        wait_idle(page, timeout=180_000)
        problems = page.evaluate(DOM_CHECK) + hover_everything(page)
        assert not problems, (link, problems)
        assert not page.seen["dialogs"] and not page.seen["requests"], (link, page.seen)
        if "articles?article=hostile" in link and link.endswith("h1"):
            shown = page.inner_text("[data-testid='stMain']").replace("\u2060", "")
            for text in (SCRIPT, IMG, MD_IMG, MD_LINK, MATH):
                assert text in shown, text
    page.goto(f"{url}/")
    wait_idle(page, timeout=180_000)
    with page.expect_download(timeout=180_000) as dl:
        page.get_by_role("button", name=re.compile("导出报告")).click()
    report = open(dl.value.path(), encoding="utf-8").read()
    for live in ("<script>alert", "<img src=x", "src='http://127.0.0.1:9", 'href="javascript', "<a href=http://127"):
        assert live not in report, live


def _no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            try:
                float(cell)
                continue  # a number (a negative tone) is a value, not a formula
            except ValueError:
                pass
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")), cell


def test_table_downloads_and_the_grid_toolbar_neutralise_formulas(hostile_server, context):
    url, _ = hostile_server
    page = watched(context)
    # without the native save picker, the grid's "Download as CSV" falls back to an ordinary download
    page.add_init_script("delete Window.prototype.showSaveFilePicker; delete window.showSaveFilePicker;")
    page.goto(f"{url}/data")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=120_000)
    wait_idle(page, timeout=180_000)
    with page.expect_download(timeout=60_000) as dl:
        page.locator("[data-testid='stDownloadButton'] button", has_text="CSV").first.click()
    text = open(dl.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("# ")))))
    assert any("HYPERLINK" in c for r in rows for c in r)
    _no_formula(rows)

    grid = page.locator("[data-testid='stDataFrame']").first
    grid.hover()
    with page.expect_download(timeout=60_000) as dl:
        page.locator("[data-testid='stElementToolbar'] button[aria-label*='Download']").first.click()
    rows = list(csv.reader(io.StringIO(open(dl.value.path(), encoding="utf-8-sig").read())))
    assert any("HYPERLINK" in c for r in rows for c in r)
    _no_formula(rows)
