"""Concurrent writers: corrections from several processes (and threads) never lose each other's change."""
from __future__ import annotations

import multiprocessing
import threading

import pytest

from analytics import store

SENTENCES = ["英伟达股价暴跌百分之十七。", "市值蒸发近六千亿美元。", "深度求索震撼硅谷。", "投资者重新评估人工智能投资。",
             "分析师认为算力需求仍将增长。", "美国对华半导体制裁已经失败。", "开源模型震撼全球。", "央行宣布下调存款准备金率。",
             "新能源汽车出口量创历史新高。", "居民人均可支配收入同比增长。"]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("conc")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("\n".join(SENTENCES), encoding="utf-8")
    db = base / "store.duckdb"
    store.build(corpus, db, progress=False)
    n = len(store.load_tables(db, ["sentences"])["sentences"])
    assert n >= 8
    return corpus, db


def _correct(db: str, idxs: list[int], barrier) -> None:
    barrier.wait()
    for i in idxs:
        store.record_correction(db, "one", i, "neg", user=f"p{i}")


def test_eight_concurrent_corrections_from_four_processes_are_all_stored(small_store, tmp_path):
    _, db = small_store
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_correct, args=(str(db), [2 * k, 2 * k + 1], barrier)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    corr = store.load_tables(db, ["tone_corrections"])["tone_corrections"]
    assert sorted(corr["sentence_idx"]) == list(range(8))
    assert sorted(corr["user"]) == sorted(f"p{i}" for i in range(8))
    s = store.load_tables(db, ["sentences"])["sentences"].set_index("sentence_idx")
    assert list(s.loc[list(range(8)), "tone_label"]) == ["neg"] * 8
    assert not store.lock_path(db).exists()


def test_threads_of_one_process_share_the_lock_without_losing_writes(small_store, tmp_path):
    corpus, _ = small_store
    db = tmp_path / "s.duckdb"
    store.build(corpus, db, progress=False)
    threads = [threading.Thread(target=store.record_correction, args=(db, "one", i, "pos")) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    corr = store.load_tables(db, ["tone_corrections"])["tone_corrections"]
    assert sorted(corr["sentence_idx"]) == [0, 1, 2, 3]


def test_write_lock_is_reentrant_and_excludes_other_processes(tmp_path):
    db = tmp_path / "s.duckdb"
    ctx = multiprocessing.get_context("fork")
    got = ctx.Event()

    def take() -> None:
        with store.write_lock(db):
            got.set()

    with store.write_lock(db):
        with store.write_lock(db):  # a build inside record_topic_override takes it again
            assert store.lock_path(db).exists()
        child = ctx.Process(target=take)
        child.start()
        assert not got.wait(1.0)  # held here, so the other process waits
    child.join(60)
    assert got.is_set() and child.exitcode == 0
    assert not store.lock_path(db).exists()
