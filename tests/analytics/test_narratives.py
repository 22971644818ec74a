"""Narratives: tokenizer, topic model, topic table and the five narrative charts, on the seeds and small texts."""
from __future__ import annotations

import json

import jieba
import numpy as np
import pandas as pd
import pytest

from analytics import clean, narratives as N
from analytics.corpus import read_corpus
from analytics.plotting.topic_flow import topic_flow
from analytics.plotting.topic_map import topic_map
from analytics.plotting.topic_share import topic_share
from analytics.plotting.topic_terms import topic_terms
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from analytics.sentences import split_sentences

STOCK = "股|市值|博通|纳斯达克"  # a sentence about the crash names a share or index and a fall
FALL = "跌|蒸发|抛售|下滑"
EXPORT = "出口管制|制裁|禁令|出口限制|对华限制|芯片法案"


def crash_rows(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["text_hans"].str.contains(STOCK) & s["text_hans"].str.contains(FALL)]


def sentence_table(article_id: str, text: str) -> pd.DataFrame:
    """The pipeline's sentence rows for one cleaned article text."""
    rows = [{"article_id": article_id, "sentence_idx": s.idx, "start": s.start, "end": s.end, "text": s.text,
             "text_hans": clean.to_simplified(s.text)} for s in split_sentences(text)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", autouse=True)
def seed_pack():
    """The seeds switch the ai2025 pack on (seeds/corpus.toml); these tests read the seeds the same way."""
    from analytics import packs

    with packs.using(["ai2025"]):
        yield


@pytest.fixture(scope="module")
def cleaned(seeds_dir) -> dict[str, str]:
    return {a.article_id: clean.clean_text(a.raw).text for a in read_corpus(seeds_dir).articles}


@pytest.fixture(scope="module")
def seed_sentences(cleaned) -> pd.DataFrame:
    return pd.concat([sentence_table(a, t) for a, t in cleaned.items()], ignore_index=True)


@pytest.fixture(scope="module")
def assigned(seed_sentences):
    return N.assign_topics(seed_sentences)


@pytest.fixture(scope="module")
def outlier_assigned(seed_sentences):
    """The seeds plus a note of two content-free sentences, which no narrative can claim."""
    note = pd.DataFrame({"article_id": "zz_note", "sentence_idx": [0, 1], "start": [0, 3], "end": [3, 6],
                         "text": ["好。", "是的。"], "text_hans": ["好。", "是的。"]})
    return N.assign_topics(pd.concat([seed_sentences, note], ignore_index=True))


@pytest.fixture(scope="module")
def model(seed_sentences) -> N.TopicModel:
    return N.TopicModel().fit(seed_sentences["text_hans"], groups=seed_sentences["article_id"])


@pytest.fixture(scope="module")
def with_tone(outlier_assigned):
    s, topics = outlier_assigned
    s = s.copy()
    s["tone"] = np.where(s["sentence_idx"] % 3 == 0, -0.6, np.where(s["sentence_idx"] % 3 == 1, 0.0, 0.7))
    s["tone_label"] = s["tone"].map({-0.6: "neg", 0.0: "neu", 0.7: "pos"})
    return s, topics


@pytest.fixture(scope="module")
def articles(seed_sentences) -> pd.DataFrame:
    ids = sorted(seed_sentences["article_id"].unique())
    return pd.DataFrame({"article_id": ids, "outlet": ["观察者网", "21世纪经济报道", "观察者网", "观察者网", "网易号"],
                         "title": [f"标题{i}" for i in range(len(ids))]})


# --- tokenizer ---------------------------------------------------------------------------------------------

def test_domain_terms_are_never_split():
    toks = N.tokenize("英伟达暴跌,DeepSeek用H800芯片训练大模型,美国加强出口管制,特朗普宣布星门计划")
    for term in ("英伟达", "deepseek", "h800", "大模型", "出口管制", "星门计划", "暴跌"):
        assert term in toks
    assert "英" not in toks and "伟达" not in toks


def test_compounds_also_give_their_parts_so_related_terms_meet():
    assert N.tokenize("出口管制") == ["出口管制", "出口", "管制"]
    assert N.tokenize("半导体制裁") == ["半导体制裁", "半导体", "制裁"]
    assert N.tokenize("深度求索") == ["deepseek"]  # the Chinese company name and the brand are one term


def test_stopwords_numbers_dates_and_months_are_removed():
    toks = N.tokenize("1月27日,英伟达股价暴跌16.86%,市值蒸发5927亿美元;一月和十二月以及2025年我们的")
    assert toks == ["英伟达", "股价", "暴跌", "市值", "蒸发", "美元"]
    assert N.tokenize("") == [] and N.tokenize("的了是在") == []


def test_private_tokenizer_leaves_global_jieba_untouched():
    N.tokenize("星门计划")
    assert "星门计划" not in jieba.lcut("星门计划")


# --- the model on the seeds ------------------------------------------------------------------------------

def test_topic_count_comes_from_one_fine_fit_merged(model, assigned):
    m = model
    fine = min(10, max(2, round(int((m.labels_ >= -1).sum()) / m.rows_per_topic)))
    assert 2 <= m.n_topics_ <= fine and m.selection_scores_ == {}
    assert len(m.terms_) == m.n_topics_ and all(len(t) == 10 for t in m.terms_)
    assert (m.labels_ == assigned[0]["topic_id"].to_numpy()).all()  # same rows, same order


def test_labels_from_tokens_match_labels_from_a_second_segmentation(model, seed_sentences):
    texts = seed_sentences["text_hans"].tolist()
    tokens = [N.tokenize(t) for t in texts]
    assert N.whole_tokens(tokens) == N.whole_words(texts)
    assert "出口" in N.whole_tokens([N.tokenize("出口")]) and "管制" not in N.whole_tokens([N.tokenize("出口管制")])
    for c in range(model.n_topics_):
        assert model.label(c, tokens=tokens) == model.label(c, texts)


def test_assign_is_predict_and_term_scores_in_one_pass(model, seed_sentences):
    tokens = [N.tokenize(t) for t in seed_sentences["text_hans"]]
    groups = seed_sentences["article_id"].tolist()
    labels, typical = model.assign(tokens, groups)
    assert (labels == model.predict(tokens, groups)).all()
    own = model.term_scores(tokens)
    expect = np.where(labels >= 0, own[np.arange(len(tokens)), np.maximum(labels, 0)], 0.0)
    assert np.allclose(typical, expect)
    assert abs(model._own(tokens)[1] - model.vectorizer_.transform(tokens)).max() < 1e-12


def test_stability_selection_still_picks_the_most_stable_k(seed_sentences):
    m = N.TopicModel(selection="stability", k_range=(4, 8)).fit(seed_sentences["text_hans"],
                                                                 groups=seed_sentences["article_id"])
    assert sorted(m.selection_scores_) == list(range(4, 9))
    assert m.selection_scores_[m.n_topics_] == max(m.selection_scores_.values())


def test_stock_crash_sentences_mostly_share_one_topic(assigned):
    s, _ = assigned
    crash = crash_rows(s)
    assert len(crash) >= 8 and crash["text_hans"].str.contains("英伟达暴跌").any()
    share = crash["topic_id"].value_counts(normalize=True)
    assert share.iloc[0] >= 0.6, share


def test_export_control_sentences_mostly_share_another_topic(assigned):
    s, topics = assigned
    crash_topic = crash_rows(s)["topic_id"].mode()[0]
    export = s[s["text_hans"].str.contains(EXPORT)]
    assert len(export) >= 10
    share = export["topic_id"].value_counts(normalize=True)
    assert share.iloc[0] >= 0.6, share
    assert share.index[0] != crash_topic
    label = topics.set_index("topic_id").loc[share.index[0]]
    assert "出口" in label["terms"] and ("制" in label["label"] or "半导体" in label["label"])
    crash_label = topics.set_index("topic_id").loc[crash_topic, "label"]
    assert "英伟达" in crash_label or "股价" in crash_label


def test_topic_table_columns_labels_and_representatives(assigned, seed_sentences):
    s, topics = assigned
    assert list(topics.columns) == N.TOPIC_COLUMNS + ["level", "parent_id", "label_en"]
    assert set(topics["level"]) == {"narrative"} and set(topics[topics["topic_id"] >= 0]["parent_id"]) == {N.THEME_BASE}
    assert topics["n_sentences"].sum() == len(seed_sentences) == len(s)
    real = topics[topics["topic_id"] >= 0]
    assert list(real["topic_id"]) == list(range(len(real)))
    assert list(real["n_sentences"]) == sorted(real["n_sentences"], reverse=True)
    for _, row in real.iterrows():
        assert 1 <= len(row["label"].split("、")) <= 3 and len(row["label"]) <= 20
        assert row["label_hant"] == N.to_script(row["label"], "Hant")
        weights = json.loads(row["term_weights"])
        assert len(weights) == 10 and all(w > 0 for _, w in weights)
        reps = json.loads(row["representative"])
        assert len(reps) == 3 and len({r["text"] for r in reps}) == 3
        for r in reps:
            hit = s[(s["article_id"] == r["article_id"]) & (s["sentence_idx"] == r["sentence_idx"])]
            assert hit["text"].iloc[0] == r["text"] and hit["topic_id"].iloc[0] == row["topic_id"]
    un = topics[topics["topic_id"] == -1].iloc[0]
    assert un["label"] == "unassigned" and un["n_sentences"] == (s["topic_id"] == -1).sum()
    assert un["n_sentences"] <= 0.1 * len(s)


def test_short_sentences_take_their_context_and_empty_ones_stay_unassigned(outlier_assigned):
    s, _ = outlier_assigned
    assert s["topic_id"].dtype.kind == "i"
    n_tokens = s["text_hans"].map(lambda t: len(N.tokenize(t)))
    short = s[(n_tokens > 0) & (n_tokens < 3)]
    assert len(short) > 5 and (short["topic_id"] >= 0).all()
    assert (s[n_tokens == 0]["topic_id"] == -1).all() and (s["topic_id"] == -1).sum() >= 2


def test_two_builds_give_identical_assignments(seed_sentences, assigned):
    again, topics_again = N.assign_topics(seed_sentences.sample(frac=1.0, random_state=3))
    s, topics = assigned
    merged = s.merge(again, on=["article_id", "sentence_idx"], suffixes=("", "_2"))
    assert len(merged) == len(s)
    assert (merged["topic_id"] == merged["topic_id_2"]).all()
    pd.testing.assert_frame_equal(topics, topics_again)


@pytest.mark.parametrize("article_id", ["002_3d66f2828f3f3986", "004_36209b51bb99cd19"])
def test_traditional_copy_gets_the_same_topics(cleaned, seed_sentences, assigned, model, article_id):
    hant = N.to_script(cleaned[article_id], "Hant")
    assert hant != cleaned[article_id]
    copy = sentence_table("copy", hant)
    original = seed_sentences[seed_sentences["article_id"] == article_id]
    assert len(copy) == len(original)
    s, _ = assigned
    assert (model.predict(copy["text_hans"], groups=copy["article_id"])
            == s[s["article_id"] == article_id]["topic_id"].to_numpy()).all()
    both, _ = N.assign_topics(pd.concat([seed_sentences, copy], ignore_index=True))
    assert (both[both["article_id"] == "copy"]["topic_id"].to_numpy()
            == both[both["article_id"] == article_id]["topic_id"].to_numpy()).all()


# --- small texts ------------------------------------------------------------------------------------------

SMALL = [
    "英伟达股价暴跌,市值蒸发近六千亿美元。", "博通股价大跌,甲骨文股价下跌,美股芯片股遭抛售。",
    "纳斯达克指数下挫,英伟达市值蒸发创纪录。", "美国加强对华出口管制,禁止销售先进芯片。",
    "出口管制和制裁没有阻止中国芯片进步。", "拜登政府的芯片法案和出口管制适得其反。", "好。",
]


@pytest.mark.parametrize("method", N.METHODS)
def test_every_method_separates_market_from_export_controls(method):
    m = N.TopicModel(n_topics=2, method=method, min_tokens=3).fit(SMALL)
    assert m.labels_[6] == -1
    assert len(set(m.labels_[:3])) == 1 and len(set(m.labels_[3:6])) == 1 and m.labels_[0] != m.labels_[3]
    assert list(m.predict(["英伟达市值蒸发,股价暴跌", "出口管制加码", "你好"])) == [m.labels_[0], m.labels_[3], -1]
    assert m.selection_scores_ == {}


@pytest.mark.parametrize("method", N.METHODS)
def test_tiny_corpus_with_fewer_terms_than_topics_still_fits(method):
    texts = ["英伟达股价周一暴跌近17%,市值蒸发5927亿美元。", "深度求索公司表示,训练成本不到600万美元。",
             "分析人士认为,这对美国的出口管制是一次打击。", "美国对华半导体制裁已经失败。",
             "深度求索的开源模型震撼全球。", "英伟达股价暴跌。"]
    m = N.TopicModel(method=method).fit(texts)
    assert 1 <= m.n_topics_ <= len(texts) - 1 and len(m.labels_) == len(texts)
    assert (m.labels_ >= 0).sum() >= 4


def test_unknown_method_and_empty_input():
    with pytest.raises(ValueError):
        N.TopicModel(method="lda").fit(SMALL)
    m = N.TopicModel().fit(["好。", "是的。"])
    assert m.n_topics_ == 0 and list(m.labels_) == [-1, -1] and list(m.predict(["英伟达暴跌了股价"])) == [-1]
    s, topics = N.assign_topics(pd.DataFrame(columns=["article_id", "sentence_idx", "text", "text_hans"]))
    assert s.empty and "topic_id" in s and list(topics["topic_id"]) == [-1] and topics["n_sentences"].iloc[0] == 0


def test_sentence_map_is_deterministic_and_aligned(seed_sentences):
    a = N.sentence_map(seed_sentences)
    b = N.sentence_map(seed_sentences.iloc[::-1])
    assert list(a.columns) == ["x", "y"] and a.index.equals(seed_sentences.index)
    pd.testing.assert_frame_equal(a, b.loc[a.index])
    assert a["x"].std() > 0 and a["y"].std() > 0


# --- charts -------------------------------------------------------------------------------------------------

def _empty(fig) -> bool:
    d = fig.to_dict()
    return d["layout"].get("meta", {}).get("empty") is True and "No data" in d["layout"]["annotations"][0]["text"]


def test_empty_inputs_give_annotated_figures():
    empty = pd.DataFrame(columns=["article_id", "sentence_idx", "text", "text_hans", "topic_id", "tone", "tone_label"])
    no_topics = pd.DataFrame(columns=N.TOPIC_COLUMNS)
    assert _empty(topic_share(empty, pd.DataFrame(columns=["article_id", "outlet"]), no_topics, lang="en"))
    assert _empty(topic_tone_matrix(empty, no_topics, lang="en"))
    assert _empty(topic_terms(no_topics, lang="en"))
    assert _empty(topic_map(empty, no_topics, lang="en"))
    assert _empty(topic_flow(empty, no_topics, lang="en"))


def test_topic_share_per_outlet(outlier_assigned, articles):
    s, topics = outlier_assigned
    fig = topic_share(s, articles, topics).to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names[-1] == "未归类" and names[:-1] == list(topics[topics["topic_id"] >= 0]["label"])
    outlets = fig["data"][0]["x"]
    assert sorted(outlets) == sorted([*articles["outlet"].unique(), "zz_note"])  # an article without outlet: its id
    for i, outlet in enumerate(outlets):
        assert sum(t["y"][i] for t in fig["data"]) == pytest.approx(1.0)
        ids = set(articles[articles["outlet"] == outlet]["article_id"]) or {outlet}
        assert sum(t["customdata"][i][2] for t in fig["data"]) == len(s[s["article_id"].isin(ids)])
    counts = topic_share(s, articles, topics, normalize=False, script="Hant").to_dict()
    assert sum(sum(t["y"]) for t in counts["data"]) == len(s)
    assert [t["name"] for t in counts["data"]][:-1] == list(topics[topics["topic_id"] >= 0]["label_hant"])


def test_topic_tone_matrix_counts(with_tone):
    s, topics = with_tone
    fig = topic_tone_matrix(s, topics, lang="en").to_dict()
    hm = fig["data"][0]
    assert hm["type"] == "heatmap" and hm["x"] == ["negative", "neutral", "positive"]
    assert len(hm["y"]) == len(topics) and hm["y"][-1] == "unassigned"
    assert sum(map(sum, hm["z"])) == len(s)
    t0 = s[s["topic_id"] == 0]
    assert hm["z"][0] == [int((t0["tone_label"] == k).sum()) for k in ("neg", "neu", "pos")]
    assert hm["customdata"][0][0][4] == pytest.approx(t0["tone"].mean())
    shares = topic_tone_matrix(s, topics, normalize=True).to_dict()["data"][0]["z"]
    assert all(sum(r) == pytest.approx(1.0) for r in shares)


def test_topic_terms_bars(outlier_assigned):
    _, topics = outlier_assigned
    fig = topic_terms(topics, script="Hant", n_terms=5).to_dict()
    real = topics[topics["topic_id"] >= 0]
    assert len(fig["data"]) == len(real)
    first = json.loads(real.iloc[0]["term_weights"])[:5]
    assert fig["data"][0]["x"] == [w for _, w in first]
    assert fig["data"][0]["y"] == [N.to_script(t, "Hant") for t, _ in first]
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert f"{real.iloc[0]['label_hant']} ({real.iloc[0]['n_sentences']})" in titles
    n_un = int(topics[topics["topic_id"] == -1]["n_sentences"].iloc[0])
    assert any(f"{n_un} 句未归类" in t for t in titles)


def test_topic_map_shows_every_sentence_with_its_text(outlier_assigned):
    s, topics = outlier_assigned
    coords = N.sentence_map(s)
    fig = topic_map(s, topics, coords, script="Hant").to_dict()
    assert sum(len(t["x"]) for t in fig["data"]) == len(s)
    grey = [t for t in fig["data"] if t["name"] == "未归类"][0]
    assert len(grey["x"]) == (s["topic_id"] == -1).sum() and grey["marker"]["color"] == "#b8bec6"
    first = fig["data"][0]
    aid, idx = first["customdata"][0][1], first["customdata"][0][2]
    row = s[(s["article_id"] == aid) & (s["sentence_idx"] == idx)].iloc[0]
    assert first["text"][0].replace("<br>", "") == N.to_script(row["text"], "Hant")
    assert first["x"][0] == pytest.approx(coords.loc[row.name, "x"], abs=1e-4)


def test_topic_flow_one_row_per_article_in_order(assigned, articles):
    s, topics = assigned
    fig = topic_flow(s, topics, articles).to_dict()
    assert sum(len(t["x"]) for t in fig["data"]) == len(s)
    rows = set(y for t in fig["data"] for y in t["y"])
    assert rows == {f"{o} · {t}" for o, t in zip(articles["outlet"], articles["title"])}
    same = articles.assign(outlet="unknown", title="", headline="同一个标题")
    rows = {y for t in topic_flow(s, topics, same).to_dict()["data"] for y in t["y"]}
    assert rows == {f"同一个标题 ({a})" for a in articles["article_id"]}, "no article may hide under another's row"
    crash = s[s["text_hans"].str.contains("英伟达暴跌")].iloc[0]
    trace = [t for t in fig["data"] if f"topic:{crash['topic_id']}" == t["customdata"][0][0]][0]
    hits = [i for i, c in enumerate(trace["customdata"]) if c[1:] == [crash["article_id"], crash["sentence_idx"]]]
    assert len(hits) == 1 and trace["x"][hits[0]] == crash["sentence_idx"] + 1
