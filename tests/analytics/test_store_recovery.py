"""A truncated or half-written store is found, moved aside and rebuilt from the corpus, keeping the
analyst's corrections (from the store or its copy) and saying what could not be kept."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import store

ROOT = Path(__file__).resolve().parents[2]
TEXT = "英伟达股价暴跌百分之十七。市值蒸发近六千亿美元。深度求索震撼硅谷。投资者重新评估人工智能投资。"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    base = tmp_path_factory.mktemp("recover")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(TEXT, encoding="utf-8")
    db = base / "store.duckdb"
    store.build(corpus, db, progress=False)
    store.record_correction(db, "one", 1, "pos", user="ana")
    return corpus, db


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as fh:
        fh.truncate(size)


def _copy(db: Path, to: Path) -> Path:
    shutil.copy(db, to / db.name)
    shutil.copy(store.kept_copy(db), store.kept_copy(to / db.name))
    return to / db.name


def test_export_rebuilds_a_truncated_store_keeping_corrections(corrected, tmp_path):
    corpus, db = corrected
    db2 = _copy(db, tmp_path)
    _truncate(db2, db2.stat().st_size // 3)
    assert store.store_damage(db2)
    out = subprocess.run([sys.executable, "-m", "analytics", "export", "sentences", "--db", str(db2), "-o",
                          str(tmp_path / "s.csv")], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    err = out.stderr.splitlines()
    assert err[0] == f"store {db2} is damaged: rebuilding it from {corpus.resolve()}"
    assert err[1].startswith(f"store {db2} was damaged (") and err[1].endswith("keeping 1 correction(s)")
    assert store.store_damage(db2) is None
    s = store.load_tables(db2, ["sentences"])["sentences"].set_index("sentence_idx")
    assert s.loc[1, "tone_label"] == "pos" and bool(s.loc[1, "corrected"])
    backups = sorted(tmp_path.glob("store.duckdb.damaged-*"))
    assert len(backups) == 1 and backups[0].stat().st_size == db.stat().st_size // 3


def test_corrections_come_from_the_copy_when_the_store_lost_them(corrected, tmp_path):
    corpus, db = corrected
    db2 = _copy(db, tmp_path)
    _truncate(db2, 4096)
    report = store.build(corpus, db2, progress=False)
    assert "keeping 1 correction(s)" in report.recovered and "lost" not in report.recovered
    corr = store.load_tables(db2, ["tone_corrections"])["tone_corrections"]
    assert list(corr["user"]) == ["ana"] and list(corr["label"]) == ["pos"]


def test_says_so_when_the_kept_tables_are_unreadable(corrected, tmp_path):
    corpus, db = corrected
    db2 = _copy(db, tmp_path)
    _truncate(db2, 4096)
    _truncate(store.kept_copy(db2), 4096)
    report = store.build(corpus, db2, progress=False)
    assert report.recovered.endswith(
        "could not read tone_corrections, tone_model, topic_overrides from the damaged store or its copy: lost")
    assert store.load_tables(db2, ["tone_corrections"])["tone_corrections"].empty
    assert len(store.load_tables(db2, ["sentences"])["sentences"]) == 4


def test_a_file_that_is_not_a_store_is_damage_not_a_crash(corrected, tmp_path):
    corpus, _ = corrected
    db2 = tmp_path / "s.duckdb"
    db2.write_bytes(b"not a database at all" * 100)
    assert store.store_damage(db2)
    report = store.build(corpus, db2, progress=False)
    assert "moved to s.duckdb.damaged-" in report.recovered
    assert (tmp_path / report.recovered.split("moved to ")[1].split(" ")[0]).read_bytes().startswith(b"not a database")
