"""Tone: exact fast SnowNLP, script-independent news model, negation, corrections, aggregates, charts."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from analytics import tone
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
    assert np.array_equal(model.predict_tone(trad), model.predict_tone(simp))
    assert list(model.predict_label(trad)) == list(model.predict_label(simp))
    dev = tone.load_dev_set()
    hant = dev[dev.script == "Hant"].text.tolist()
    assert np.array_equal(model.predict_tone(hant), model.predict_tone([tone.to_simplified(t) for t in hant]))


def test_negation_flips_a_lexicon_hit(model):
    m = tone._matcher(model._entries(), model.neg_window, model.before_contrast)
    plain = m.features("这次改革失败了。")
    negated = m.features("这次改革不是失败。")
    assert (plain["lex_neg"], plain["lex_pos"], plain["n_flipped"]) == (2.0, 0.0, 0)
    assert (negated["lex_neg"], negated["lex_pos"], negated["n_flipped"]) == (0.0, 2.0, 1)
    # double negation cancels
    assert m.features("不能说没有失败")["lex_neg"] == 2.0
    # degree word scales the hit
    assert m.features("股价彻底崩盘")["lex_neg"] == 4.0
    t_plain, t_neg = model.predict_tone(["这次改革失败了。", "这次改革不是失败。"])
    assert t_plain < -0.5 < 0 < t_neg
    assert list(model.predict_label(["英伟达股价暴跌。", "英伟达股价并未暴跌。"])) == ["neg", "neu"]


def test_model_on_seed_sentences(model):
    texts = ["當地時間1月27日,美股芯片板塊大幅調整,英偉達暴跌16.86%,創市值最大蒸發紀錄;",
             "深度求索的成就无疑为中国在中美技术竞赛中提供了巨大的推动力。",
             "作为参考,深度求索据报道花费了大约600万美元来训练其模型,使用了约280万GPU小时。"]
    assert list(model.predict_label(texts)) == ["neg", "pos", "neu"]
    tones = model.predict_tone(texts)
    assert ((tones >= -1) & (tones <= 1)).all()


def test_model_round_trips_through_json(model):
    d = json.loads(json.dumps(model.to_dict()))
    again = tone.NewsToneModel.from_dict(d)
    texts = tone.load_dev_set().text.tolist()[:40]
    assert np.array_equal(again.predict_tone(texts), model.predict_tone(texts))
    assert d["n_train"] == len(tone.load_dev_set()) and d["classes"] == ["neg", "neu", "pos"]


def test_shipped_model_is_the_dev_set_fit(model):
    refit = tone.fit_default_model()
    texts = tone.load_dev_set().text.tolist()
    assert np.allclose(refit.predict_tone(texts), model.predict_tone(texts), atol=1e-9)


def test_dev_and_seed_label_files_follow_the_rules():
    dev = tone.load_dev_set()
    seeds = pd.read_csv(tone.DATA / "tone_seed_labels.csv")
    assert len(dev) >= 300 and len(seeds) >= 60
    assert set(dev.label) == set(seeds.label) == {"pos", "neu", "neg"}
    assert set(dev.script) == {"Hans", "Hant"}
    assert not set(dev.text) & set(seeds.text)
    assert seeds.article_id.str.match(r"^\d{3}_[0-9a-f]{16}$").all()


# --- scoring frames, corrections, retrain --------------------------------------------------------

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


def test_score_sentences_adds_columns(scored):
    assert {"tone", "tone_label", "model_label", "model_tone"} <= set(scored)
    assert scored.tone_label.tolist() == ["neg", "neu", "pos", "neg", "neu"]
    assert (scored.tone_label == scored.model_label).all()
    empty = tone.score_sentences(scored.iloc[:0][["article_id", "sentence_idx", "text_hans", "snownlp"]])
    assert len(empty) == 0 and "tone_label" in empty


def test_corrections_override_and_survive_retrain(scored):
    corr = pd.DataFrame({"article_id": ["b", "a", "b"], "sentence_idx": [0, 1, 0], "label": ["neu", "pos", "pos"]})
    out = tone.apply_corrections(scored, corr)
    assert out.corrected.tolist() == [False, True, False, True, False]
    assert out.tone_label.tolist() == ["neg", "pos", "pos", "pos", "neu"]  # last correction for b#0 wins
    assert out.loc[out.corrected, "tone"].tolist() == [1.0, 1.0]
    assert out.model_label.tolist() == scored.model_label.tolist()
    # re-applying a changed set starts from the model again (idempotent)
    again = tone.apply_corrections(out, corr.iloc[:1])
    assert again.tone_label.tolist() == ["neg", "neu", "pos", "neu", "neu"]
    assert again.loc[1, "tone"] == scored.loc[1, "tone"]
    # aggregates agree with the corrected labels
    art = tone.article_tone(out).set_index("article_id")
    assert art.loc["b", "n_pos"] == 1 and art.loc["b", "n_neg"] == 0

    base_texts, base_labels = tone.dev_set()
    texts = scored.text_hans.tolist()
    labels = ["neg", "pos", "pos", "pos", "neu"]
    model, report = tone.retrain(base_texts, base_labels, texts, labels, random_state=0)
    assert report["n_corrections"] == 5 and report["k"] == 5 and report["n_base"] == len(base_texts)
    assert 0 <= report["macro_f1"] <= 1 and 0 <= report["accuracy"] <= 1
    assert report["before_accuracy"] == pytest.approx(0.6)  # 3 of 5 analyst labels agreed with the dev-only model
    rescored = tone.apply_corrections(tone.score_sentences(scored.drop(columns=["tone", "tone_label"]), model), corr)
    assert rescored.tone_label.tolist() == ["neg", "pos", "pos", "pos", "neu"]
    assert rescored.corrected.sum() == 2
    again_model = tone.NewsToneModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again_model.n_train_ == len(base_texts) + 5


def test_retrain_with_one_correction_reports_no_agreement():
    base_texts, base_labels = tone.dev_set()
    _, report = tone.retrain(base_texts, base_labels, ["股价暴跌"], ["neg"])
    assert report["k"] == 0 and report["macro_f1"] is None


def test_corrections_reject_unknown_labels(scored):
    with pytest.raises(ValueError):
        tone.apply_corrections(scored, pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "label": ["good"]}))


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
    assert names == ["a", "a (3)", "b", "c"]  # b and c are shorter than the smoothing window


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
