"""AppTest helpers over the seed store (the ``store_db`` fixture of tests/conftest.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "streamlit_app.py")


@pytest.fixture
def app_db(store_db, monkeypatch) -> Path:
    monkeypatch.setenv("NARRATIVE_DB", str(store_db))
    return store_db


@pytest.fixture
def writable_db(store_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the store for tests that write corrections."""
    db = tmp_path / "narrative.duckdb"
    shutil.copy(store_db, db)
    monkeypatch.setenv("NARRATIVE_DB", str(db))
    return db


def charts(at) -> list[dict]:
    """Plotly figure JSON of every chart on the page."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_data(at) -> list:
    return [c["data"] for c in charts(at)]
