"""Issue #16: the server (dashboard/serve.py) fills the shared caches before /_stcore/health says ok, so
the first visitor's run reads the store's tables, the default view and the Overview charts instead of
building them. The server traces each shared object it computes (NARRATIVE_TRACE_BUILDS=1)."""
from __future__ import annotations

import subprocess

import pytest

from analytics import filters as flt
from tests.e2e.conftest import free_port, start_server, wait_idle
from tests.e2e.test_browser import ALL_DRAWN

pytestmark = pytest.mark.e2e

DEFAULT = repr(flt.Filters())
OVERVIEW = ["analytics.plotting.overview_narratives.narratives_tone",
            "analytics.plotting.overview_outlets.outlet_tone",
            "analytics.plotting.overview_claims.disputed_claims",
            "analytics.plotting.overview_voices.top_voices"]
START_UP = ["options", "tables", f"view {DEFAULT}", f"summary {DEFAULT}", *OVERVIEW]


def built(text: str) -> list[str]:
    return [line.removeprefix("built: ") for line in text.splitlines() if line.startswith("built: ")]


@pytest.fixture
def traced_server(e2e_db, tmp_path):
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        port = free_port()
        proc = start_server(e2e_db, port, log=log, env={"NARRATIVE_TRACE_BUILDS": "1"})
        yield f"http://127.0.0.1:{port}", log_path
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_first_visit_reads_caches_filled_before_the_server_was_healthy(traced_server, context):
    url, log_path = traced_server
    at_health = log_path.read_text()
    assert "warm start done" in at_health
    assert sorted(built(at_health)[:len(START_UP)]) == sorted(START_UP)

    page = context.new_page()
    page.goto(url)
    page.wait_for_function(ALL_DRAWN, timeout=90_000)
    wait_idle(page)
    assert page.locator(".stPlotlyChart").count() == len(OVERVIEW)

    # The views computed ahead (single outlets, single tones) were also done before the server answered.
    assert any(b.startswith("view Filters(outlet=('") for b in built(at_health))
    assert built(log_path.read_text()[len(at_health):]) == []
