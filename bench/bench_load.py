"""Load: N concurrent browser sessions (one Debian Chromium, one context each) against one Streamlit
server on the seed store, each opening the app and then changing filters and pages for a bounded time.

Prints errors, median and slowest time to first chart, median and slowest later page/filter change, and
the server's memory (RSS, server process and its children) before, after every first chart and at the
end. Run: .venv/bin/python bench/bench_load.py [--sessions 20] [--seconds 60] [--db PATH]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import sqlview, store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PAGES = ["", "tone", "narratives", "figures", "voices", "timeline", "articles", "data"]
IDLE = """() => {
  const running = document.querySelector("[data-testid='stStatusWidget']");
  const now = performance.now();
  if (running) { window.__idleSince = undefined; return false; }
  window.__idleSince = window.__idleSince || now;
  return now - window.__idleSince > 400;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of the process and of all its descendants, in MB (psutil, else /proc)."""
    try:
        import psutil

        proc = psutil.Process(pid)
        kids = proc.children(recursive=True)
        own = proc.memory_info().rss
        return own / 2**20, sum(k.memory_info().rss for k in kids if k.is_running()) / 2**20
    except ImportError:
        with open(f"/proc/{pid}/status") as f:
            own = next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
        return own / 1024, 0.0


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "NARRATIVE_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "serve.py"),
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise TimeoutError("streamlit did not become healthy")


async def settle(page, timeout: float) -> None:
    """Wait for the script to finish a run and for a chart to be drawn (or the page's table, the reader, or
    the message saying the view has no data)."""
    await page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    await page.wait_for_function(IDLE, timeout=timeout, polling=100)
    await page.wait_for_selector(".js-plotly-plot, [data-testid='stDataFrame'], .reader, [data-testid='stAlert']",
                                 timeout=timeout)


async def session(i: int, browser, url: str, seconds: float, filters: list[str], out: dict) -> None:
    rnd = random.Random(i)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    target = url
    try:
        t0 = time.monotonic()
        await page.goto(url, timeout=300_000)
        await page.wait_for_selector(".js-plotly-plot", timeout=300_000)
        out["first"].append(time.monotonic() - t0)
        await page.wait_for_function(IDLE, timeout=300_000, polling=100)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            target = f"{url}/{rnd.choice(PAGES)}?{rnd.choice(filters)}"
            t1 = time.monotonic()
            await page.goto(target, timeout=300_000)
            await settle(page, 300_000)
            out["change"].append(time.monotonic() - t1)
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"exception on {target}")
    except Exception as exc:  # a timeout or a crash counts as an error of this session
        errors.append(f"{type(exc).__name__} on {target.removeprefix(url)}: {str(exc).splitlines()[0][:100]}")
    finally:
        out["errors"].extend(f"session {i}: {e}" for e in errors)
        await ctx.close()


async def run(url: str, n: int, seconds: float, filters: list[str], server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {"first": [], "change": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tasks = [asyncio.create_task(session(i, browser, url, seconds, filters, out)) for i in range(n)]

        async def after_first() -> None:
            while len(out["first"]) + len(out["errors"]) < n and not all(t.done() for t in tasks):
                await asyncio.sleep(0.5)
            out["rss_first"] = rss_mb(server_pid)

        await asyncio.gather(after_first(), *tasks)
        await browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long each session keeps changing views")
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp()) / "narrative.duckdb"
        store.build(ROOT / "seeds", db, progress=False)
    opts = sqlview.options(db)
    outlets = opts["outlet"]["outlet"][:3].tolist()
    n_articles = int(opts["outlet"]["n"].sum())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    filters = ["", "tone=neg", "tone=pos", *[f"outlet={o}" for o in outlets], "q=英伟达"]
    port = free_port()
    server = start_server(db, port)
    try:
        url = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(url, timeout=30).read()
        before = rss_mb(server.pid)
        t0 = time.monotonic()
        out = asyncio.run(run(url, args.sessions, args.seconds, filters, server.pid))
        wall = time.monotonic() - t0
        time.sleep(2)
        end = rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    first, change = sorted(out["first"]), sorted(out["change"])
    print(f"sessions: {args.sessions} (one Chromium, one context each), {args.seconds:.0f} s of page/filter "
          f"changes each, store {db.name} ({n_articles} articles), {os.cpu_count()} CPUs, wall {wall:.0f} s")
    print(f"errors: {len(out['errors'])}")
    for e in out["errors"][:10]:
        print(f"  {e}")
    if first:
        print(f"first chart: median {statistics.median(first):.1f} s, slowest {first[-1]:.1f} s "
              f"({len(first)} sessions drew one)")
    if change:
        print(f"page/filter change to chart drawn: median {statistics.median(change):.1f} s, slowest {change[-1]:.1f} s "
              f"({len(change)} changes)")
    rf = out.get("rss_first", (float("nan"), float("nan")))
    print(f"server memory (RSS, MB; server process + children): before {before[0]:.0f} + {before[1]:.0f}, "
          f"after every first chart {rf[0]:.0f} + {rf[1]:.0f}, at the end {end[0]:.0f} + {end[1]:.0f}")
    print(f"server memory per extra session: {(end[0] - before[0]) / max(args.sessions, 1):.1f} MB "
          f"(end minus before over {args.sessions} sessions)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
