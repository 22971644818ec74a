"""The dask engine (a 2-worker LocalCluster over Parquet partitions) gives exactly the local engine's tables,
in the store and in the Parquet folder beside it."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from analytics import cli, engine_dask, pipeline, store, synth  # noqa: E402
from analytics.corpus import read_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return synth.write_corpus(30, seed=3, out=tmp_path_factory.mktemp("synth"), chars=800)


@pytest.fixture(scope="module")
def builds(corpus, tmp_path_factory):
    """The same corpus built from the command line by the local engine and by the dask engine, each in a
    fresh process as a user runs them (a build leaves words in the shared segmenter that a second build in
    the same process would see)."""
    folder = tmp_path_factory.mktemp("stores")
    local, dask = folder / "local.duckdb", folder / "dask.duckdb"
    base = [sys.executable, "-m", "analytics", "build", "--corpus", str(corpus)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # voices' tables vary with the string hash seed across processes
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for cmd in ([*base, "--db", str(local)], [*base, "--db", str(dask), "--engine", "dask", "--workers", "2"])]
    (_, local_err), (_, dask_err) = (r.communicate() for r in runs)
    return local, dask, [(r.returncode, err) for r, err in zip(runs, (local_err, dask_err))]


def test_partition_round_trip_equals_prepare_article(corpus, tmp_path):
    arts = read_corpus(corpus).articles[:4]
    parts = engine_dask.partitions(arts, 3)
    assert [len(p) for p in parts] == [3, 1]
    assert parts[0][1] == (arts[1].path, arts[1].article_id, pipeline.content_hash(arts[1]))
    manifest = {a.article_id: a.manifest for a in arts}
    assert all(manifest.values())
    stem = engine_dask.prepare_partition(parts[0], manifest, str(tmp_path / "part"))
    for got, art in zip(engine_dask.read_partition(stem), arts):
        want = pipeline.prepare_article(art)
        assert got.article == want.article and got.text == want.text and got.text_hans == want.text_hans
        pd.testing.assert_frame_equal(got.sentences, want.sentences)


def test_changed_article_fails_its_task(corpus, tmp_path):
    art = read_corpus(corpus).articles[0]
    with pytest.raises(ValueError, match="changed or vanished"):
        engine_dask.prepare_partition([(art.path, art.article_id, "0" * 32)], {art.article_id: art.manifest},
                                      str(tmp_path / "part"))


def test_dask_build_equals_local_build(builds):
    local, dask, done = builds
    for code, err in done:
        assert code == 0, err
        assert "built 30 articles" in err and "30 recomputed" in err
    want, got = store.load_tables(local), store.load_tables(dask)
    assert set(got) == set(want)
    assert len(want["articles"]) == 30 and len(want["sentences"]) > 300
    for name in [*store.CONTRACT_TABLES, *sorted(set(want) - set(store.CONTRACT_TABLES) - {"build_info"})]:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)


def test_parquet_folder_holds_the_store_tables(builds):
    _, dask, _ = builds
    folder = dask.with_suffix(".parquet")
    assert engine_dask.parquet_dir(dask) == folder and engine_dask.parquet_current(dask)
    tables, parquet = store.load_tables(dask), engine_dask.load_parquet_tables(folder)
    assert set(parquet) == set(tables)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(parquet[name], df, obj=name)
    assert not engine_dask.work_dir(dask).exists()


def test_unchanged_dask_rebuild_does_no_work(builds, corpus):
    _, dask, _ = builds
    before = dask.stat().st_mtime_ns
    assert cli.main(["build", "--corpus", str(corpus), "--db", str(dask), "--engine", "dask", "--workers", "1"]) == 0
    assert dask.stat().st_mtime_ns == before and engine_dask.parquet_current(dask)
