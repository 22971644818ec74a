"""Dashboard speed in a real browser on the seeds: server start to first chart, each page's first chart
for a second visitor (a fresh session after one warm-up visit), and filter change to charts updated; then
the same on the smallest Streamlit app with one Plotly chart (the floor on this machine), side by side.

Usage: python bench/bench_dashboard.py [--runs N] [--rounds N] [--db PATH | --synthetic N]   (builds a seed
store in a temp dir by default; --synthetic writes a SYNTHETIC store of N articles with bench/synth_store.py,
which the app reads through SQL). Prints each measurement, the medians and the load average. Needs
/usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from analytics import sqlview, store  # noqa: E402
from bench.synth_store import synthesise  # noqa: E402
from tests.e2e.conftest import ARGS, CHROMIUM, free_port, start_server, wait_idle  # noqa: E402

CHARTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => (d.data || []).map(t => t.y))"""
HAS_CHART = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
ONLY = f"o => ({CHARTS})().some(c => c.some(y => JSON.stringify(y) === JSON.stringify([o])))"
NOT_ONLY = f"o => ({CHARTS})().length > 0 && !({ONLY})(o)"


def start_to_first_chart(browser, db: Path) -> tuple[float, float]:
    """Seconds from launching `streamlit run` to healthy, and to the first chart drawn in the page."""
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(db, port)
    healthy = time.perf_counter() - t0
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function(HAS_CHART, timeout=180_000, polling=50)
        return healthy, time.perf_counter() - t0
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=20)


PAGES = ("", "tone", "narratives", "figures", "voices", "articles", "data")
# What counts as a page's first content: a drawn chart, or the reader's text, or the Data page's grid.
FIRST = {"articles": "() => document.querySelector('.reader .sent') !== null",
         "data": "() => document.querySelector(\"[data-testid='stDataFrame'] canvas, [data-testid='stDataFrameResizable']\") !== null"}


def first_chart_per_page(browser, db: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds from opening each page in a fresh session (a second visitor: one visit warmed the server)
    to its first chart drawn, ``rounds`` times per page."""
    port = free_port()
    proc = start_server(db, port)
    out: dict[str, list[float]] = {p or "overview": [] for p in PAGES}
    try:
        warm = browser.new_page(viewport={"width": 1400, "height": 1000})
        warm.goto(f"http://127.0.0.1:{port}/")
        warm.wait_for_function(HAS_CHART, timeout=180_000)
        warm.close()
        for _ in range(rounds):
            for path in PAGES:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.wait_for_function(FIRST.get(path, HAS_CHART), timeout=120_000, polling=20)
                out[path or "overview"].append(time.perf_counter() - t0)
                page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return out


def _wait(page, condition: str, outlet: str, what: str) -> None:
    try:
        page.wait_for_function(condition, arg=outlet, timeout=60_000, polling=20)
    except Exception:
        page.screenshot(path=f"/tmp/bench_dashboard_{what}.png", full_page=True)
        print(f"{what} {outlet!r} timed out; charts: {page.evaluate(CHARTS)}; url {page.url}")
        raise


def choose_first_filter(page, name: str) -> float:
    """Pick ``name`` in the sidebar's first multiselect; returns the clock reading taken just before the click."""
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    t0 = time.perf_counter()
    option.click()
    page.keyboard.press("Escape")
    return t0


def filter_changes(browser, db: Path, outlets: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Seconds from choosing an outlet to the charts showing only it, and from clearing to all outlets back."""
    port = free_port()
    proc = start_server(db, port)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    apply_t, clear_t = [], []
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function(HAS_CHART, timeout=180_000)
        wait_idle(page)
        for i in range(rounds):
            outlet = outlets[i % len(outlets)]
            t0 = choose_first_filter(page, outlet)
            _wait(page, ONLY, outlet, "apply")
            apply_t.append(time.perf_counter() - t0)
            page.locator("[data-testid='stMain'] h1").first.click()
            wait_idle(page)
            clear = page.locator("[data-testid='stSidebar'] button", has_text="清除筛选")
            t0 = time.perf_counter()
            clear.click()
            _wait(page, NOT_ONLY, outlet, "clear")
            clear_t.append(time.perf_counter() - t0)
            wait_idle(page)
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=20)
    return apply_t, clear_t


FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

ys = {"A": 1, "B": 2, "C": 3}
chosen = st.sidebar.multiselect("outlet", list(ys)) or list(ys)
st.plotly_chart(go.Figure(go.Bar(x=chosen, y=[ys[k] for k in chosen])))
"""


def floor(browser, rounds: int) -> tuple[list[float], list[float]]:
    """The same two measurements on the smallest Streamlit app with one Plotly chart and one filter: what
    Streamlit and Plotly cost on this machine before any of the dashboard's own work."""
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "floor_app.py"
        app.write_text(FLOOR_APP, encoding="utf-8")
        port = free_port()
        proc = start_server(Path(tmp) / "unused.duckdb", port, entry=str(app))  # same flags as the dashboard's
        try:
            firsts, changes = [], []
            for _ in range(rounds + 1):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function(HAS_CHART, timeout=120_000, polling=20)
                firsts.append(time.perf_counter() - t0)
                page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function(HAS_CHART, timeout=120_000)
            wait_idle(page)
            for i in range(rounds):
                key, value = ("A", 1) if i % 2 == 0 else ("B", 2)
                t0 = choose_first_filter(page, key)
                page.wait_for_function(ONLY, arg=value, timeout=60_000, polling=20)
                changes.append(time.perf_counter() - t0)
                page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] [aria-label='Clear all']").first.click()
                wait_idle(page)
            page.close()
            return firsts[1:], changes  # the first visit is the server's first run, not a second visitor
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--synthetic", type=int, help="articles in a synthetic store (copies of the seeds)")
    ap.add_argument("--floor-only", action="store_true", help="measure only the smallest Streamlit app")
    args = ap.parse_args()
    if args.floor_only:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            firsts, changes = floor(browser, max(args.rounds, 3))
            browser.close()
        print(f"floor: first chart {', '.join(f'{x:.2f}' for x in firsts)} s; filter change "
              f"{', '.join(f'{x:.2f}' for x in changes)} s; load {os.getloadavg()[0]:.1f}")
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is absent")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "narrative.duckdb"
        if not args.db:
            store.build(ROOT / "seeds", db, progress=False)
        if args.synthetic:
            seed_db, db = db, Path(tmp) / "synthetic.duckdb"
            counts = synthesise(seed_db, db, args.synthetic)
            print(f"SYNTHETIC store: {counts}")
        outlets = list(sqlview.options(db)["outlet"]["outlet"][:2])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            starts = []
            for i in range(args.runs):
                healthy, first = start_to_first_chart(browser, db)
                starts.append(first)
                print(f"run {i + 1}: server healthy {healthy:.2f}s, first chart rendered {first:.2f}s")
            per_page = first_chart_per_page(browser, db, max(1, args.runs))
            apply_t, clear_t = filter_changes(browser, db, outlets, args.rounds)
            floor_first, floor_change = floor(browser, max(args.rounds, 3))
            browser.close()
    for name, times in per_page.items():
        print(f"first chart, second visitor, {name}: median {statistics.median(times):.2f} s "
              f"({', '.join(f'{x:.2f}' for x in times)})")
    print(f"filter applied -> charts updated: {', '.join(f'{x:.2f}' for x in apply_t)} s")
    print(f"filter cleared -> charts updated: {', '.join(f'{x:.2f}' for x in clear_t)} s")
    print(f"median server start -> first chart: {statistics.median(starts):.2f} s ({args.runs} runs)")
    print(f"median filter change -> charts updated: {statistics.median(apply_t + clear_t):.2f} s "
          f"(apply {statistics.median(apply_t):.2f} s, clear {statistics.median(clear_t):.2f} s)")
    print(f"floor (smallest Streamlit app, one Plotly chart, one filter), same run: second visitor's first "
          f"chart median {statistics.median(floor_first):.2f} s ({', '.join(f'{x:.2f}' for x in floor_first)}); "
          f"filter change median {statistics.median(floor_change):.2f} s ({', '.join(f'{x:.2f}' for x in floor_change)})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
