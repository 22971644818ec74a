"""A real Streamlit server on a free port over the seed store, and Debian's Chromium via Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def pytest_collection_modifyitems(items) -> None:
    """Give each real-browser test one retry: two xdist workers, Chromium and Streamlit share two cores,
    and a click can land while a rerun redraws the page. A test that fails twice still fails, and the
    summary lists every retry (R), so a flake is seen, never hidden."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, timeout: float = 120, entry: str = "serve.py", log=None,
                 env: dict | None = None) -> subprocess.Popen:
    """`streamlit run dashboard/<entry>` headless on ``port`` over store ``db``; returns once
    /_stcore/health answers ok (with serve.py, the production entry, only after the caches are warm).
    ``entry``: a file of dashboard/ or any app's absolute path; ``log``: a file for the server's output;
    ``env``: extra environment variables."""
    env = {**os.environ, **(env or {}), "NARRATIVE_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / entry),
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise TimeoutError("streamlit did not become healthy")


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait for the app shell, then for the script to stop running (no status widget for a moment)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        """() => {
            const running = document.querySelector("[data-testid='stStatusWidget']");
            const now = performance.now();
            if (running) { window.__idleSince = undefined; return false; }
            window.__idleSince = window.__idleSince || now;
            return now - window.__idleSince > 600;
        }""", timeout=timeout, polling=100)


@pytest.fixture(scope="session")
def e2e_db(store_db) -> Path:
    return store_db


def server_log(url: str) -> Path:
    """Where ``serving`` writes the output of the server at ``url``."""
    return Path(tempfile.gettempdir()) / f"dashboard-{url.rsplit(':', 1)[1]}.log"


def serving(db: Path):
    """A dashboard server on ``db`` for a fixture: yields its address, stops it afterwards. Its output goes
    to ``server_log(address)``; a closed tab's session is dropped 2 s after its websocket closes (instead of
    120 s) so tests can see a session's memory freed."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(server_log(url), "wb") as log:
        proc = start_server(db, port, log=log, env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "2"})
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server(e2e_db):
    yield from serving(e2e_db)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield ctx
    ctx.close()
