"""The process-pool path of the per-article stage gives exactly the serial results, in the store too."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import pipeline, store, synth
from analytics.corpus import read_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return synth.write_corpus(pipeline.PARALLEL_MIN_ARTICLES + 10, seed=5, out=tmp_path_factory.mktemp("par"), chars=600)


def test_prepare_articles_parallel_equals_serial(corpus):
    arts = read_corpus(corpus).articles
    serial = pipeline.prepare_articles(arts, workers=1)
    parallel = pipeline.prepare_articles(arts, workers=2)
    assert [p.article for p in parallel] == [p.article for p in serial]
    assert [p.text_hans for p in parallel] == [p.text_hans for p in serial]
    pd.testing.assert_frame_equal(pd.concat([p.sentences for p in parallel]), pd.concat([p.sentences for p in serial]))


def test_store_build_parallel_equals_serial(corpus, tmp_path, monkeypatch):
    tables = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("ANALYTICS_WORKERS", workers)
        db = tmp_path / f"w{workers}.duckdb"
        store.build(corpus, db)
        tables[workers] = store.load_tables(db)
    assert set(tables["1"]) == set(tables["2"])
    for name, serial in tables["1"].items():
        if name != "build_info":
            pd.testing.assert_frame_equal(tables["2"][name], serial, obj=name)


def test_unchanged_rebuild_does_no_work(corpus, tmp_path):
    db = tmp_path / "s.duckdb"
    store.build(corpus, db)
    before = db.stat().st_mtime_ns
    report = store.build(corpus, db)
    assert not report.rebuilt and db.stat().st_mtime_ns == before
