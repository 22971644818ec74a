"""Fast tone paths stay exact: the vectorised SnowNLP tagger, SnowNLP on several processes, and the
model's workers handing their jieba tokens back (so the corpus check does not segment again)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from analytics import snownlp_fast as sf, tone, tone_features as tf


@pytest.fixture(scope="module")
def runs(seed_texts) -> list[str]:
    """Every Chinese run of the seeds plus unknown characters, single characters and a very long run."""
    found = sorted({r for text in seed_texts.values() for r in re.findall("[\u4e00-\u9fa5]+", tone.to_simplified(text))})
    return found + ["鱻龘齉靐䲜", "好", "鱻", "测试未知字符鱻在中间", "长" * 3 + "".join(found[:40])]


@pytest.fixture(scope="module")
def file_scorer(tmp_path_factory) -> sf.FastSentiment:
    cache = tmp_path_factory.mktemp("snownlp-cache")
    return sf.FastSentiment(sf.file_segmenter_model(cache), sf.file_bayes(), sf.file_stopwords())


def test_batch_tagger_segments_exactly_like_the_scalar_tagger(runs, file_scorer):
    seg = file_scorer.segmenter
    tags, unsure = sf.batch_tag(seg.batch_tables(), runs)
    assert len(runs) > 500 and unsure < len(runs) * 0.1
    settled = [(r, t) for r, t in zip(runs, tags) if t is not None]
    assert [[sf._NAMES[x] for x in t] for _, t in settled] == [seg.tag(r) for r, _ in settled]
    assert seg.prepare(runs) == unsure  # runs it cannot settle go through the scalar tagger
    assert all(seg._runs[r] == sf._join(r, seg.tag(r)) for r in runs)


def test_batch_tagger_matches_snownlp_itself(runs):
    from snownlp import seg as snow_seg

    live = sf.FastSegmenter(snow_seg.segger.segger)  # SnowNLP's own loaded tables, turned into arrays
    sample = runs[::7]
    live.prepare(sample)
    assert [live._runs[r] for r in sample] == [snow_seg.seg(r) for r in sample]


def test_near_ties_fall_back_to_the_exact_tagger(runs, file_scorer, monkeypatch):
    monkeypatch.setattr(sf, "TIE_EPS", float("inf"))  # every choice counts as a near tie
    tags, unsure = sf.batch_tag(file_scorer.segmenter.batch_tables(), runs[:50])
    assert tags == [None] * 50 and unsure == 50


def test_scores_on_two_processes_equal_serial_scores(seed_texts, monkeypatch):
    from snownlp import SnowNLP

    texts = [s for t in seed_texts.values() for s in re.split(r"(?<=[。！？])", tone.to_simplified(t)) if s.strip()]
    texts = texts[:120] + [texts[0], ""]
    expected = [SnowNLP(t).sentiments if t else sf.EMPTY_SCORE for t in texts]
    scorer = sf.default_sentiment()
    scorer._scores.clear()
    monkeypatch.setattr(sf, "PARALLEL_MIN_TEXTS", 10)
    assert sf.snownlp_scores(texts, workers=2) == expected


def test_model_workers_hand_their_tokens_back(monkeypatch):
    model = tone.load_default_model()
    texts = [f"第{i}家公司的利润大幅增长，股价创出新高。" if i % 2 else f"受第{i}号台风影响，多个航班被取消。" for i in range(40)]
    texts = [t.replace("0", "零").replace("1", "一") for t in texts] + ["警方已立案调查，案件正在审理中。"]
    serial = model.predict_proba(texts, [0.5] * len(texts))
    tf._TOKENS.clear()
    monkeypatch.setattr(tone, "PARALLEL_MIN_TEXTS", 10)
    proba = tone.predict_proba_parallel(model, texts, [0.5] * len(texts), workers=2)
    assert np.allclose(proba, serial, atol=1e-12)
    assert all(t in tf._TOKENS for t in texts)  # the corpus check reads these instead of segmenting again


def test_a_daemon_process_scores_without_children(monkeypatch):
    """Inside a daemonic worker (a dask worker) forking is not allowed: scoring stays in-process."""
    import multiprocessing

    texts = [f"第{n}批新能源汽车顺利下线。" for n in "一二三四五六七八九十"] * 2
    expected = sf.snownlp_scores(texts, workers=1)
    sf.default_sentiment()._scores.clear()
    monkeypatch.setattr(sf, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert sf.snownlp_scores(texts, workers=2) == expected
