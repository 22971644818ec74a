"""The app meets a truncated store: it rebuilds it from the corpus (corrections kept) instead of failing."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analytics import store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py")
TEXT = "英伟达股价暴跌百分之十七。市值蒸发近六千亿美元。深度求索震撼硅谷。投资者重新评估人工智能投资。"


def test_app_rebuilds_a_truncated_store_and_keeps_corrections(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "narrative.duckdb"
    store.build(corpus, db, progress=False)
    store.record_correction(db, "one", 2, "pos", user="ana")
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 3)
    monkeypatch.setenv("NARRATIVE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert any("was damaged" in t.value and "keeping 1 correction(s)" in t.value for t in at.toast)
    assert store.store_damage(db) is None and len(list(tmp_path.glob("narrative.duckdb.damaged-*"))) == 1
    s = store.load_tables(db, ["sentences"])["sentences"].set_index("sentence_idx")
    assert s.loc[2, "tone_label"] == "pos"
