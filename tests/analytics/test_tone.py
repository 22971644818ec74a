"""Tone: exact fast SnowNLP, script-independent news model, negation, corrections, aggregates, charts."""
from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from analytics import tone, tone_check, tone_features as tf
from analytics.plotting.tone_arc import tone_arc
from analytics.plotting.tone_by_group import tone_by_group
from analytics.plotting.tone_distribution import tone_distribution
from analytics.snownlp_fast import EMPTY_SCORE, default_sentiment, snownlp_scores


def _split(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？!?；])|\n", text) if s and s.strip()]


@pytest.fixture(scope="module")
def seed_sentences(seed_texts) -> list[tuple[str, str]]:
    """(article_id, sentence) pairs from the raw seeds, both scripts as they come."""
    return [(aid, s) for aid, text in seed_texts.items() for s in _split(text)]


@pytest.fixture(scope="module")
def model() -> tone.NewsToneModel:
    return tone.load_default_model()


# --- exact, fast SnowNLP -------------------------------------------------------------------------

def test_snownlp_scores_identical_to_snownlp_on_seed_sample(seed_sentences):
    from snownlp import SnowNLP

    sample = [s for _, s in seed_sentences[::4]]
    sample += [tone.to_simplified(s) for s in sample[:25]]
    sample += ["英伟达股价暴跌16.86%", "鑫犇骉", "abc 123", "。", "好", "DeepSeek R1 发布了"]
    expected = [SnowNLP(t).sentiments for t in sample]
    got = snownlp_scores(sample)
    assert len(sample) > 60
    assert got == expected  # bit-for-bit, not approx
    assert snownlp_scores(sample) == expected  # memoised second call too


def test_snownlp_segmentation_identical_including_unknown_characters():
    from snownlp import seg

    texts = ["深度求索的模型之所以能够超越上述竞争对手", "鱻龘齉靐䲜，测试未知字符", "英伟达H800芯片"]
    fast = default_sentiment().segmenter
    for t in texts:
        assert fast.seg(t) == seg.seg(t)


def test_file_backed_tables_identical_to_snownlp(seed_sentences, tmp_path_factory):
    """The path used when SnowNLP is not imported: derived memory-mapped tables, same scores."""
    from snownlp import SnowNLP

    from analytics.snownlp_fast import FastSentiment, file_bayes, file_segmenter_model, file_stopwords

    cache = tmp_path_factory.mktemp("snownlp-cache")
    scorer = FastSentiment(file_segmenter_model(cache), file_bayes(), file_stopwords())
    assert len(list(cache.iterdir())) == 1  # the derived tables were built once, keyed by the model file
    sample = [s for _, s in seed_sentences[1::5]] + ["鱻龘齉靐䲜，测试未知字符", "股价 暴跌 abc"]
    assert [scorer.score(t) for t in sample] == [SnowNLP(t).sentiments for t in sample]
    again = FastSentiment(file_segmenter_model(cache), file_bayes(), file_stopwords())
    assert again.score(sample[0]) == scorer.score(sample[0])


def test_empty_text_has_defined_score():
    assert snownlp_scores(["", "x"])[0] == EMPTY_SCORE == 0.5


# --- script normalisation and the news model -----------------------------------------------------

def test_traditional_and_simplified_give_same_tone(model, seed_texts):
    trad = [s for s in _split(seed_texts["000_3678986a53d0ea4e"])[:30]]
    simp = [tone.to_simplified(s) for s in trad]
    assert trad != simp  # the seed really is Traditional
    # callers score text_hans (the t2s conversion), so both scripts meet the same model input
    assert np.array_equal(model.predict_tone([tone.to_simplified(s) for s in trad]), model.predict_tone(simp))


def test_negation_flips_a_lexicon_hit(model):
    lex = tf.Lexicon(model._entries(), model.neg_window)
    plain = lex.features("这次改革失败了。")
    negated = lex.features("这次改革不是失败。")
    assert (plain["lex_neg"], plain["lex_pos"], plain["negated"]) == (2.0, 0.0, 0.0)
    assert (negated["lex_neg"], negated["lex_pos"], negated["negated"]) == (0.0, 2.0, 1.0)
    assert lex.features("不能说没有失败")["lex_neg"] == 2.0  # double negation cancels
    assert lex.features("股价彻底崩盘")["lex_neg"] == tf.HIT_CAP  # degree word scales the hit, capped
    contrast = lex.features("虽然销量增长，但利润大幅下滑。")
    assert contrast["after_contrast_net"] < 0


def test_word_ngrams_mark_negation_scope_and_mask_names():
    negs = frozenset({"无法", "不会"})
    grams = tf.scoped_word_ngrams("中国企业无法获得高性能芯片，但利润不会增长。", negs, window=2, mask_names=True)
    assert grams[:10] == [tf.NAME, "企业", "无法", "¬获得", "¬高性能", "芯片", "但", "利润", "不会", "¬增长"]
    assert "中国" not in grams and "增长" not in grams and f"{tf.NAME} 企业" in grams  # 芯片: the window ended
    plain = "会议在北京举行，双方签署协议。"
    assert tf.scoped_word_ngrams(plain) == tf.word_ngrams(plain)  # no options: the plain n-grams


def test_a_model_saved_before_scope_and_masking_reads_words_plainly(model):
    d = json.loads(json.dumps(model.to_dict(), ensure_ascii=False))
    assert d["params"]["neg_scope"] is True and d["params"]["mask_names"] is True
    for key in ("neg_scope", "mask_names"):
        del d["params"][key]
    old = tone.NewsToneModel.from_dict(d)
    assert (old.neg_scope, old.mask_names) == (False, False)
    assert old.words_.build_analyzer()("美国不加息") == tf.word_ngrams("美国不加息")


def test_corpus_check_counts_names_as_the_model_reads_them(model):
    texts = ["中国和美国举行会谈。"]
    assert "中国" not in model.word_vocabulary() and tf.NAME in model.word_vocabulary()
    masked = tone_check.check_stats(texts, [0.5], model)
    plain = tone_check.check_stats(texts, [0.5], tone.NewsToneModel.from_dict({**model.to_dict(), "params": {
        **model.to_dict()["params"], "mask_names": False}}))
    assert masked["total"] == plain["total"] and masked["known"] == plain["known"] + 2


def test_token_memo_follows_the_shared_dictionary():
    from analytics import segment

    text = "骉犇骉公司今日开业"
    before = tf.words(text)
    segment.add_words(["骉犇骉"])
    assert "骉犇骉" not in before and "骉犇骉" in tf.words(text)


def test_lexicon_has_news_negatives_and_weak_positives():
    lex = tone.load_lexicon().set_index("word")
    for w in ("敲诈", "碰瓷", "诈骗", "火灾", "事故", "死亡", "身亡", "枪击", "悲剧", "受伤"):
        assert lex.loc[w, "kind"] == "neg", w
    for w in ("好", "免费", "欢迎", "希望", "支持"):
        assert lex.loc[w, "kind"] == "pos" and lex.loc[w, "weight"] <= 0.5, w


def test_no_dense_feature_measures_how_text_was_written():
    assert not any(k in name for name in tf.DENSE for k in ("len", "punct", "count", "n_"))
    short, long_ = "股价大涨。", "股价大涨。" + "公司表示，将于下周在北京举行发布会，介绍新产品的规格和价格。" * 8
    lex = tf.Lexicon(tone.load_lexicon()[["word", "kind", "weight"]].itertuples(index=False, name=None))
    assert lex.features(short)["lex_pos"] == lex.features(long_)["lex_pos"]


def test_dense_features_of_seed_sentences_stay_inside_the_training_range(model, seed_texts):
    """The out-of-range test: a feature whose seed values leave the training range is learning the training texts."""
    texts = [tone.to_simplified(s) for text in seed_texts.values() for s in _split(text)]
    dense = model.dense_features(texts)
    assert len(dense) > 200 and list(dense.columns) == list(tf.DENSE)
    low = dense.min().to_numpy() < model.dense_min_ - 1e-12
    high = dense.max().to_numpy() > model.dense_max_ + 1e-12
    assert not low.any() and not high.any(), [n for n, bad in zip(tf.DENSE, low | high) if bad]


def test_out_of_range_check_fails_on_a_narrow_training_range(model, seed_texts):
    texts = [tone.to_simplified(s) for s in _split(seed_texts["000_3678986a53d0ea4e"])]
    narrow = tone.NewsToneModel.from_dict(model.to_dict())
    narrow.dense_max_ = np.zeros(len(tf.DENSE))  # as if the training set had no positive evidence at all
    check = tone_check.corpus_check(_frame(texts, ["x"] * len(texts)), narrow).set_index("metric")
    assert not check.loc["out_of_range:snownlp_logit", "ok"]
    assert any("snownlp_logit" in w for w in tone_check.warnings(check.reset_index()))


def test_model_on_seed_sentences(model):
    texts = ["英伟达股价暴跌17%，市值蒸发近六千亿美元。", "该公司将于下周公布财报。", "这是一项了不起的突破，性能大幅领先。",
             "警方已立案调查，案件正在进一步审理中。", "火灾造成3人死亡、5人受伤。"]
    assert list(model.predict_label(texts)) == ["neg", "neu", "pos", "neu", "neg"]
    proba = model.predict_proba(texts)
    assert proba.shape == (5, 3) and np.allclose(proba.sum(axis=1), 1.0)


def test_model_round_trips_through_json(model):
    raw = json.dumps(model.to_dict(), ensure_ascii=False)
    again = tone.NewsToneModel.from_dict(json.loads(raw))
    texts = ["股价暴跌", "会议在北京举行", "性能大幅领先", ""]
    assert np.allclose(again.predict_proba(texts), model.predict_proba(texts), atol=1e-5)
    assert np.array_equal(tone.NewsToneModel.from_dict(json.loads(json.dumps(again.to_dict()))).predict_proba(texts),
                          again.predict_proba(texts))  # a loaded model saves and loads exactly
    d = json.loads(raw)
    assert d["format"] == tone.MODEL_FORMAT and d["version"] == tone.MODEL_VERSION and len(d["train_hash"]) == 16
    assert {"terms", "idf"} <= set(d["words"]) and {"terms", "idf"} <= set(d["chars"])


def test_shipped_model_is_the_training_set_fit(model):
    train = tone.training_set()
    assert model.n_train_ >= 1000
    assert list(model.classes_) == ["neg", "neu", "pos"]
    assert len(train) >= model.n_train_ * 0.5  # the training files may still grow after the model was fitted


def test_pipeline_and_exported_parts_agree():
    texts = ["股价暴跌，投资者恐慌。", "公司将于下周公布财报。", "新品销量大涨，好评如潮。", "暴雨导致多人受伤。",
             "会议在上海举行。", "球队夺冠，创造历史。"] * 3
    labels = ["neg", "neu", "pos", "neg", "neu", "pos"] * 3
    m = tone.NewsToneModel(C=1.0).fit(texts, labels)
    X = pd.DataFrame({"text_hans": texts, "snownlp": snownlp_scores(texts)})
    assert np.allclose(m.pipeline_.predict_proba(X), m.predict_proba(texts), atol=1e-12)
    assert m.train_hash_ == tone.train_hash(texts[::-1], labels[::-1])  # order-independent


def test_label_files_follow_the_rules():
    dev = tone.load_dev_set()
    held = pd.read_csv(tone.HELDOUT)
    assert len(held) == 180 and set(held.label) == {"pos", "neu", "neg"}
    assert held.article_id.str.match(r"^\d{3}_[0-9a-f]{16}$").all()
    train = tone.training_set()
    assert set(train.label) == {"pos", "neu", "neg"}
    assert not set(train.text_hans) & set(tone.load_heldout().text_hans)  # held out means never trained on
    assert set(dev.script) == {"Hans", "Hant"}


# --- scoring frames, corrections, retrain, review queue ------------------------------------------

def _frame(texts: list[str], article_ids: list[str]) -> pd.DataFrame:
    hans = [tone.to_simplified(t) for t in texts]
    idx = pd.Series(article_ids).groupby(article_ids).cumcount().tolist()
    return pd.DataFrame({"article_id": article_ids, "sentence_idx": idx, "text": texts, "text_hans": hans,
                         "snownlp": snownlp_scores(hans)})


@pytest.fixture(scope="module")
def scored(model) -> pd.DataFrame:
    texts = ["英伟达股价暴跌17%，市值蒸发近六千亿美元。", "该公司将于下周公布财报。", "这是一项了不起的突破，性能大幅领先。",
             "美国对华芯片制裁彻底失败。", "会议在北京举行。"]
    return tone.score_sentences(_frame(texts, ["a", "a", "a", "b", "b"]), model)


def test_score_sentences_adds_columns(scored, model):
    assert {"tone", "tone_label", "model_label", "model_tone", "p_neg", "p_neu", "p_pos"} <= set(scored)
    assert scored.tone_label.tolist()[:3] == ["neg", "neu", "pos"] and scored.tone_label.iloc[4] == "neu"
    assert (scored.tone_label == scored.model_label).all()
    assert np.allclose(scored[["p_neg", "p_neu", "p_pos"]].sum(axis=1), 1.0)
    assert (scored.model_version == model.version_).all() and (scored.model_train_hash == model.train_hash_).all()
    empty = tone.score_sentences(scored.iloc[:0][["article_id", "sentence_idx", "text_hans", "snownlp"]])
    assert len(empty) == 0 and "tone_label" in empty


def test_corrections_override_and_undone_ones_are_ignored(scored):
    corr = pd.DataFrame({"article_id": ["b", "a", "b"], "sentence_idx": [0, 1, 0], "label": ["neu", "pos", "pos"]})
    out = tone.apply_corrections(scored, corr)
    assert out.corrected.tolist() == [False, True, False, True, False]
    assert out.tone_label.tolist()[:4] == ["neg", "pos", "pos", "pos"]  # last correction for b#0 wins
    assert out.loc[out.corrected, "tone"].tolist() == [1.0, 1.0]
    assert out.model_label.tolist() == scored.model_label.tolist()
    again = tone.apply_corrections(out, corr.iloc[:1])  # re-applying starts from the model again
    assert again.tone_label.tolist()[:4] == ["neg", "neu", "pos", "neu"]
    assert again.loc[1, "tone"] == scored.loc[1, "tone"]
    undone = corr.assign(undone=[np.nan, np.nan, 123.0])  # the last b#0 correction was undone
    back = tone.apply_corrections(scored, undone)
    assert back.loc[3, "tone_label"] == "neu"  # the earlier correction is in force again
    art = tone.article_tone(out).set_index("article_id")
    assert art.loc["b", "n_pos"] == 1 and art.loc["b", "n_neg"] == 0


def test_retrain_reports_heldout_agreement_before_and_after(scored, model):
    base_texts, base_labels = tone.dev_set()
    texts = scored.text_hans.tolist()
    labels = ["neg", "pos", "pos", "pos", "neu"]
    new, report = tone.retrain(base_texts, base_labels, texts, labels, before=model)
    assert report["n_corrections"] == 5 and report["n_base"] == len(base_texts) and report["heldout_n"] == 180
    assert 0 <= report["before_macro_f1"] <= 1 and 0 <= report["macro_f1"] <= 1
    assert report["before_macro_f1"] == pytest.approx(tone.heldout_agreement(model)["macro_f1"])
    assert new.n_train_ == len(set(base_texts) | set(texts)) or new.n_train_ == len(base_texts) + 5
    assert tone.NewsToneModel.from_dict(json.loads(json.dumps(new.to_dict()))).train_hash_ == new.train_hash_


def test_corrections_reject_unknown_labels(scored):
    with pytest.raises(ValueError):
        tone.apply_corrections(scored, pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "label": ["good"]}))


def test_review_queue_orders_by_uncertainty_and_by_disagreement():
    s = pd.DataFrame({
        "article_id": ["a", "a", "b", "b", "c"], "sentence_idx": [0, 1, 0, 1, 0],
        "text_hans": ["一", "二", "三", "四", "一"],
        "p_neg": [0.1, 0.4, 0.8, 0.34, 0.1], "p_neu": [0.1, 0.35, 0.1, 0.33, 0.1], "p_pos": [0.8, 0.25, 0.1, 0.33, 0.8],
        "model_tone": [0.7, -0.15, -0.7, -0.01, 0.7], "snownlp": [0.9, 0.5, 0.99, 0.5, 0.9],
        "corrected": [False, False, False, True, False],
    })
    q = tone.review_queue(s, n=10)
    assert list(zip(q.article_id, q.sentence_idx)) == [("a", 1), ("b", 0), ("a", 0)]  # b#1 corrected, c#0 duplicate
    assert q.margin.tolist() == pytest.approx([0.05, 0.7, 0.7])
    d = tone.review_queue(s, n=2, by="disagree")
    assert list(zip(d.article_id, d.sentence_idx)) == [("b", 0), ("a", 1)]
    assert d.disagreement.iloc[0] == pytest.approx(1.68)
    with pytest.raises(ValueError):
        tone.review_queue(s, by="random")


def test_em_prior_recovers_a_shifted_class_mix():
    rng = np.random.default_rng(0)
    # a calibrated classifier under uniform training priors: P(y|x) from Gaussian class scores
    y = rng.choice(3, size=6000, p=[0.6, 0.3, 0.1])
    x = rng.normal(loc=np.array([-2.0, 0.0, 2.0])[y], scale=1.0)
    lik = np.exp(-0.5 * (x[:, None] - np.array([-2.0, 0.0, 2.0])) ** 2)
    proba = lik / lik.sum(axis=1, keepdims=True)
    est = tone_check.em_prior(proba, np.full(3, 1 / 3))
    assert est == pytest.approx([0.6, 0.3, 0.1], abs=0.03)


def test_corpus_check_rows(scored, model):
    check = tone_check.corpus_check(scored, model).set_index("metric")
    assert check.loc["n_sentences", "value"] == 5
    assert 0.5 <= check.loc["token_coverage", "value"] <= 1
    assert {f"out_of_range:{n}" for n in tf.DENSE} | {"share_neg", "share_neu", "share_pos"} <= set(check.index)
    assert check.loc[["share_neg", "share_neu", "share_pos"], "value"].sum() == pytest.approx(1.0)
    assert tone_check.corpus_check(scored.iloc[:0], model).metric.tolist() == ["n_sentences"]


def test_store_corrections_keep_history_and_undo(store_db, tmp_path):
    from analytics import store

    db = tmp_path / "s.duckdb"
    shutil.copy(store_db, db)
    s = store.load_tables(db, ["sentences"])["sentences"]
    row = s.iloc[3]
    aid, idx, model_label = row["article_id"], int(row["sentence_idx"]), row["tone_label"]
    first = "neg" if model_label != "neg" else "pos"
    second = "neu" if first != "neu" else "pos"
    a = store.record_correction(db, aid, idx, first, user="ana@example.org")
    b = store.record_correction(db, aid, idx, second)
    hist = store.correction_history(db)
    assert hist[["label", "old_label", "user"]].values.tolist()[:2] == [[second, first, ""],
                                                                       [first, model_label, "ana@example.org"]]
    assert hist["created"].is_monotonic_decreasing

    def label() -> str:
        s2 = store.load_tables(db, ["sentences"])["sentences"]
        return s2[(s2.article_id == aid) & (s2.sentence_idx == idx)].iloc[0]["tone_label"]

    assert label() == second
    store.undo_correction(db, b["correction_id"])
    assert label() == first  # the previous label comes back
    store.undo_correction(db, a["correction_id"])
    assert label() == model_label
    hist = store.correction_history(db)
    assert hist["undone"].notna().sum() == 2 and len(hist) == 2
    with pytest.raises(KeyError):
        store.undo_correction(db, b["correction_id"])
    assert "tone_check" in store.table_names(db)


# --- aggregates ------------------------------------------------------------------------------------

SMALL = pd.DataFrame({
    "article_id": ["a", "a", "a", "b", "b", "c"],
    "sentence_idx": [0, 1, 2, 0, 1, 0],
    "text": ["一", "二", "三", "四", "五", "六"],
    "tone": [0.8, -0.2, 0.3, -0.9, -0.5, 0.1],
    "tone_label": ["pos", "neu", "pos", "neg", "neg", "neu"],
    "outlet": ["X", "X", "X", "Y", "Y", "X"],
})


def test_article_tone_small_frame():
    art = tone.article_tone(SMALL).set_index("article_id")
    assert art.loc["a"].tolist() == [3, pytest.approx(0.3), "pos", 2, 1, 0]
    assert art.loc["b"].tolist() == [2, pytest.approx(-0.7), "neg", 0, 0, 2]
    assert art.loc["c"].tolist() == [1, pytest.approx(0.1), "neu", 0, 1, 0]
    assert list(tone.article_tone(SMALL.iloc[:0]).columns) == [
        "article_id", "n_sentences", "tone_mean", "tone_label", "n_pos", "n_neu", "n_neg"]


def test_aggregate_tone_by_outlet():
    agg = tone.aggregate_tone(SMALL, "outlet").set_index("outlet")
    assert agg.loc["X", "n_sentences"] == 4 and agg.loc["Y", "n_sentences"] == 2
    assert agg.loc["X", "tone_mean"] == pytest.approx(0.25)
    assert (agg.loc["X", "share_pos"], agg.loc["X", "share_neu"], agg.loc["X", "share_neg"]) == (0.5, 0.5, 0.0)
    assert agg.loc["Y", "share_neg"] == 1.0 and agg.loc["X", "n_articles"] == 2


# --- charts ----------------------------------------------------------------------------------------

def test_tone_by_group_chart():
    fig = tone_by_group(SMALL, "outlet", lang="en").to_dict()
    bar = fig["data"][0]
    assert list(bar["y"]) == ["Y", "X"]  # most negative first (bottom)
    assert list(bar["x"]) == [-0.7, 0.25]
    assert list(bar["text"]) == ["n=2", "n=4"]
    assert bar["customdata"][1][:2] == ["outlet:X", 4]


def test_tone_arc_chart():
    fig = tone_arc(SMALL, "a", smooth=3).to_dict()
    line, smooth = fig["data"]
    assert list(line["x"]) == [0, 1, 2] and list(line["y"]) == [0.8, -0.2, 0.3]
    assert [c[:2] for c in line["customdata"]] == [["a", 0], ["a", 1], ["a", 2]]
    assert list(smooth["y"]) == [pytest.approx(0.3), pytest.approx(0.3), pytest.approx(0.05)]
    names = [t["name"] for t in tone_arc(SMALL).to_dict()["data"]]
    assert names == ["a", "a", "b", "c"]  # the smoothed line shares its article's legend entry
    assert tone_arc(SMALL).to_dict()["data"][1]["meta"]["role"] == "smooth"  # b and c are shorter than the window


def test_tone_distribution_chart():
    fig = tone_distribution(SMALL, bins=4).to_dict()
    by_name = {t["name"]: list(t["y"]) for t in fig["data"]}
    assert by_name == {"负面": [1, 1, 0, 0], "中性": [0, 1, 1, 0], "正面": [0, 0, 1, 1]}
    assert list(fig["data"][0]["x"]) == [-0.75, -0.25, 0.25, 0.75]


@pytest.mark.parametrize("make", [lambda d: tone_by_group(d, "outlet", lang="en"), lambda d: tone_arc(d, lang="en"),
                                  lambda d: tone_distribution(d, lang="en")])
def test_charts_say_no_data_when_empty(make):
    fig = make(SMALL.iloc[:0])
    assert fig.layout.annotations[0].text == "No data for the current filters"
