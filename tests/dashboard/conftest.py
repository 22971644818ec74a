"""A store built once per session from seeds/ into a temporary path, and AppTest helpers."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analytics import store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "streamlit_app.py")


@pytest.fixture(scope="session")
def store_db(tmp_path_factory) -> Path:
    """The seed store; $NARRATIVE_TEST_DB names a prebuilt one to reuse instead."""
    prebuilt = os.environ.get("NARRATIVE_TEST_DB")
    if prebuilt:
        return Path(prebuilt)
    return seed_store(tmp_path_factory)


def seed_store(tmp_path_factory) -> Path:
    """Build the seed store once per test run (the e2e tests reuse it: an up-to-date build is a no-op)."""
    db = tmp_path_factory.getbasetemp() / "seed_store" / "narrative.duckdb"
    db.parent.mkdir(exist_ok=True)
    store.build(ROOT / "seeds", db, progress=False)
    return db


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
