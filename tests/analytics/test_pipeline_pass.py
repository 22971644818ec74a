"""The per-article pass gives the same tables whatever the chunking and the order articles come in, keeps the
caller's order, fills the SnowNLP cache; an unchanged store is not analysed again."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import pipeline, store, synth, tone
from analytics.corpus import read_corpus


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = synth.write_corpus(7, seed=11, out=tmp_path_factory.mktemp("pass"), chars=500)
    return read_corpus(folder).articles


@pytest.fixture(scope="module")
def reference(articles):
    cache: dict[str, float] = {}
    return pipeline.article_pass(articles, cache, tone.load_default_model(), workers=1), cache


def _assert_same(a: pipeline.PassResult, b: pipeline.PassResult) -> None:
    pd.testing.assert_frame_equal(a.sentences, b.sentences)
    assert a.tokens.tolist() == b.tokens.tolist()
    pd.testing.assert_frame_equal(a.citations, b.citations)
    pd.testing.assert_frame_equal(a.figures, b.figures)
    assert [p.article for p in a.prepared] == [p.article for p in b.prepared]


def test_pass_covers_every_sentence_and_fills_the_cache(articles, reference):
    done, cache = reference
    assert [p.article["article_id"] for p in done.prepared] == [a.article_id for a in articles]
    assert len(done.sentences) == len(done.tokens) > 7
    assert done.sentences["snownlp"].between(0, 1).all()
    assert set(done.sentences["tone_label"]) <= {"pos", "neu", "neg"}
    assert {pipeline.text_key(t) for t in done.sentences["text_hans"]} <= set(cache)


def test_chunking_does_not_change_results(articles, reference):
    done, _ = reference
    _assert_same(pipeline.article_pass(articles, {}, tone.load_default_model(), workers=1, chunk=2), done)


def test_input_order_is_kept_and_results_equal(articles, reference):
    done, _ = reference
    order = [3, 0, 6, 1, 5, 2, 4]
    shuffled = pipeline.article_pass([articles[i] for i in order], {}, tone.load_default_model(), workers=1, chunk=3)
    assert [p.article["article_id"] for p in shuffled.prepared] == [articles[i].article_id for i in order]
    by_id = {aid: g.reset_index(drop=True) for aid, g in done.sentences.groupby("article_id", sort=False)}
    want = pd.concat([by_id[articles[i].article_id] for i in order], ignore_index=True)
    pd.testing.assert_frame_equal(shuffled.sentences, want)
    pd.testing.assert_frame_equal(shuffled.citations, done.citations)
    pd.testing.assert_frame_equal(shuffled.figures, done.figures)


def test_prepared_and_raw_articles_give_the_same_pass(articles, reference):
    done, _ = reference
    mixed = [pipeline.prepare_article(a) if i % 2 else a for i, a in enumerate(articles)]
    _assert_same(pipeline.article_pass(mixed, {}, tone.load_default_model(), workers=1), done)


def test_unchanged_build_runs_no_stage(articles, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for a in articles[:3]:
        (folder / f"{a.article_id}.txt").write_text(a.raw, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert store.build(folder, db).rebuilt

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged corpus was analysed again")

    monkeypatch.setattr(pipeline, "article_pass", refuse)
    monkeypatch.setattr(pipeline, "prepare_article", refuse)
    report = store.build(folder, db)
    assert not report.rebuilt and report.n_articles == 3


def test_tone_check_from_the_pass_equals_the_check_recomputed(articles, reference):
    from analytics import tone_check

    done, _ = reference
    model = tone.load_default_model()
    assert len(done.check) == 1 and done.check[0]["n"] == len(done.sentences)
    chunked = pipeline.article_pass(articles, {}, model, workers=1, chunk=2)
    assert len(chunked.check) == 4
    fresh = tone_check.corpus_check(done.sentences, model)
    pd.testing.assert_frame_equal(tone_check.corpus_check(done.sentences, model, stats=tone_check.merge_stats(chunked.check)), fresh)
    assert fresh.set_index("metric").loc["n_sentences", "value"] == len(done.sentences)
    assert 0 < fresh.set_index("metric").loc["token_coverage", "value"] <= 1


def test_side_process_gives_the_same_tables(articles, monkeypatch, tmp_path):
    """Entities and claims computed in a forked side process equal those computed in this process."""
    import os

    monkeypatch.setattr(pipeline, "SIDE_MIN_ARTICLES", 0)
    ran = tmp_path / "side_pid"
    stages = pipeline._side_stages

    def side_stages(done, published):
        ran.write_text(str(os.getpid()))
        return stages(done, published)

    monkeypatch.setattr(pipeline, "_side_stages", side_stages)
    here = pipeline.analyse(articles, {}, workers=1)
    assert int(ran.read_text()) == os.getpid()
    beside = pipeline.analyse(articles, {}, workers=2)
    assert int(ran.read_text()) != os.getpid()  # the side stages ran in another process
    assert set(here) == set(beside)
    for name in here:
        pd.testing.assert_frame_equal(here[name], beside[name], obj=name)
    assert len(beside["mentions"]) > 0 and len(beside["figures"]) > 0


def test_a_failing_side_process_stops_the_build_with_its_error(articles, monkeypatch):
    """An error in the entities and claims process reaches the build with its traceback, never a hang or a
    half-built table set."""
    monkeypatch.setattr(pipeline, "SIDE_MIN_ARTICLES", 0)

    def broken(done, published):
        raise ValueError("claims broke on purpose")

    monkeypatch.setattr(pipeline, "_side_stages", broken)
    with pytest.raises(RuntimeError, match="claims broke on purpose"):
        pipeline.analyse(articles, {}, workers=2)


def test_the_side_feed_takes_the_side_inputs_off_the_pass(articles):
    """With a side feed the pass keeps no figures or entity mentions: they live in the side process only."""
    model = tone.load_default_model()
    with pipeline.side_process(len(articles), 1) as none:
        assert none is None  # serial builds compute the side stages in this process
    feed = pipeline.SideFeed()
    try:
        done = pipeline.article_pass(articles, {}, model, workers=1, side=feed)
        published = {a.article_id: "" for a in articles}
        entities, mentions, co, candidates, figures, claims = feed.start(published)()
    finally:
        feed.close()
    assert done.figures.empty and all(not rows for rows, _ in done.entity_parts)
    alone = pipeline.article_pass(articles, {}, model, workers=1)
    here = pipeline._side_stages(alone, published)
    for name, fed, computed in zip(["entities", "mentions", "co_mentions", "candidates", "figures", "claims"],
                                   (entities, mentions, co, candidates, figures, claims), here):
        pd.testing.assert_frame_equal(fed, computed, obj=name)
    assert len(figures) > 0 and len(mentions) > 0


def test_a_killed_side_process_stops_the_build_with_a_clear_message(articles, monkeypatch):
    """A side process that dies (the out-of-memory killer, say) gives a message with its exit code."""
    import os

    monkeypatch.setattr(pipeline, "SIDE_MIN_ARTICLES", 0)
    monkeypatch.setattr(pipeline, "_side_stages", lambda done, published: os._exit(3))
    with pytest.raises(RuntimeError, match="ended without a result .exit code 3"):
        pipeline.analyse(articles, {}, workers=2)
