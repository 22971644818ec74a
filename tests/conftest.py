"""Shared fixtures: the seed corpus and a store built from it once per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Raw seed texts keyed by article_id (file stem)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def store_db(tmp_path_factory) -> Path:
    """The seed store, built once per test run for the AppTest and browser tests; $NARRATIVE_TEST_DB
    names a prebuilt one to reuse instead."""
    from analytics import store

    prebuilt = os.environ.get("NARRATIVE_TEST_DB")
    if prebuilt:
        return Path(prebuilt)
    db = tmp_path_factory.getbasetemp() / "seed_store" / "narrative.duckdb"
    db.parent.mkdir(exist_ok=True)
    store.build(SEEDS, db, progress=False)
    return db
