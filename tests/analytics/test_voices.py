"""Voices on the seeds and on short texts in both scripts: outlets, cited sources, entities, charts."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import clean, packs, voices
from analytics.plotting.entity_bars import entity_bars
from analytics.plotting.entity_network import entity_network, spring_layout
from analytics.plotting.outlet_source_matrix import outlet_source_matrix
from analytics.plotting.source_tone import source_tone
from analytics.plotting.who_said_what import who_said_what
from analytics.sentences import split_sentences

EMPTY_TEXT = {"zh": "当前筛选没有数据", "en": "No data for the current filters"}


def frame(texts: dict[str, list[str]]) -> pd.DataFrame:
    """A sentence table from short texts written here (any script)."""
    rows = [{"article_id": aid, "sentence_idx": i, "text": t, "text_hans": clean.to_simplified(t)}
            for aid, ts in texts.items() for i, t in enumerate(ts)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", autouse=True)
def ai2025():
    """The seeds' corpus.toml switches the AI-2025 pack on; general-method tests switch it off themselves."""
    with packs.using(["ai2025"]) as active:
        yield active


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir: Path) -> pd.DataFrame:
    rows = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = clean.clean_text(path.read_text(encoding="utf-8")).text
        for s in split_sentences(text):
            rows.append({"article_id": path.stem, "sentence_idx": s.idx, "text": s.text,
                         "text_hans": clean.to_simplified(s.text)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def citations(seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return voices.extract_citations(seed_sentences)


@pytest.fixture(scope="module")
def entities_mentions(seed_sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return voices.extract_entities(seed_sentences)


def cited(citations: pd.DataFrame, prefix: str) -> pd.DataFrame:
    return citations[citations["article_id"].str.startswith(prefix)]


# ---------------------------------------------------------------- dictionary and outlets

@pytest.mark.parametrize("path", [Path(voices.__file__).parent / "data" / "entities.json",
                                  Path(packs.__file__).parent / "ai2025" / "entities.json"])
def test_dictionary_is_versioned_typed_and_unambiguous(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    general = path.parent.name == "data"
    assert doc["version"] and (not general or doc["places"])
    ids = [e["id"] for e in doc["entities"]]
    assert len(ids) == len(set(ids))
    assert {e["type"] for e in doc["entities"]} <= set(voices.TYPES)
    with packs.using([] if general else ["ai2025"]):
        d = voices.load_dictionary()
        for e in doc["entities"]:
            assert e["aliases"] and e["name_en"]
            for alias in e["aliases"]:
                assert d.lookup(alias) == e["id"], (alias, d.lookup(alias), e["id"])
        assert ("nvidia" in d.entries) != general  # story knowledge only in the pack
    if not general:
        assert {"英伟达", "英偉達", "NVIDIA"} <= set(d.entries["nvidia"].aliases)


@pytest.mark.parametrize("raw, expected", [
    ("觀察者網", ("观察者网", "Guancha")),
    ("觀察者網(wǎng)", ("观察者网", "Guancha")),
    ("21世紀經濟報道", ("21世纪经济报道", "21st Century Business Herald")),
    ("21世紀經濟報道記者孔海麗 北京報道", ("21世纪经济报道", "21st Century Business Herald")),
    ("科技袁人", ("科技袁人", "Science Yuan Ren")),
    ("網易號", ("网易号", "NetEase Hao")),
    ("《南華早報》", ("南华早报", "South China Morning Post")),
    ("Reuters", ("路透社", "Reuters")),
    (None, ("unknown", "unknown")),
    ("", ("unknown", "unknown")),
    ("  ", ("unknown", "unknown")),
    ("某某晚報", ("某某晚报", "某某晚报")),
])
def test_normalise_outlet(raw, expected):
    assert voices.normalise_outlet(raw) == expected


# ---------------------------------------------------------------- citations on the seeds

REQUIRED_MEDIA = {
    "000": {"CNBC": "CNBC", "纽约时报": "The New York Times", "自然": "Nature",
            "MIT科技评论": "MIT Technology Review", "华尔街日报": "The Wall Street Journal"},
    "003": {"南华早报": "South China Morning Post", "CNN": "CNN", "BBC": "BBC", "金融时报": "Financial Times"},
}


@pytest.mark.parametrize("prefix", sorted(REQUIRED_MEDIA))
def test_seed_media_sources_with_english_names(citations, prefix):
    got = cited(citations, prefix)
    pairs = set(zip(got["source"], got["source_en"], got["source_type"]))
    for name, en in REQUIRED_MEDIA[prefix].items():
        assert (name, en, "media") in pairs


QUOTED_PEOPLE = [  # (article, source_id, canonical, words from the quote)
    ("000", "satya_nadella", "纳德拉", "认真地对待中国的发展"),
    ("000", "yann_lecun", "杨立昆", "开源模型正在超越闭源模型"),
    ("000", "eric_schmidt", "施密特", "中国仅用6个月便迎头赶上"),
    ("000", "alexandr_wang", "亚历山大·王", "美国必须赢得与中国的AI战争"),
    ("001", "donald_trump", "特朗普", "这可能是非常积极的发展"),
    ("001", "satya_nadella", "纳德拉", "认真地对待中国的AI进步"),
    ("001", "aravind_srinivas", "斯里尼瓦斯", "这确实让人感到压力"),
    ("001", "fu_cong", "傅聪", "验证了这一路径的可行性"),
    ("002", "lenin", "列宁", "有时候几十年里什么都没发生"),
    ("003", "gary_marcus", "马库斯", "美国并未获胜"),
    ("003", "angela_zhang", "张湖月", "中国在效率方面的成就并非偶然"),
    ("003", "john_villasenor", "约翰·维拉塞诺", "这些出口管制适得其反"),
]


@pytest.mark.parametrize("prefix, sid, name, words", QUOTED_PEOPLE)
def test_seed_people_found_with_their_quotes(citations, prefix, sid, name, words):
    rows = cited(citations, prefix)
    rows = rows[rows["source_id"] == sid]
    assert set(rows["source"]) == {name}
    assert set(rows["source_type"]) == {"person"}
    assert any(words in q for q in rows["quote"])


@pytest.mark.parametrize("prefix, sid, cue", [
    ("001", "liang_wenfeng", "透露"), ("004", "liang_wenfeng", "采访"), ("003", "donald_trump", "坦言"),
    ("003", "edison_lee", "认为"), ("000", "wsj", "分析称"), ("000", "cnbc", "据…报道"),
    ("003", "ft", "在…发表"), ("003", "cnn", "接受…采访"), ("001", "nvidia", "表示"),
])
def test_seed_attributions_without_quotes(citations, prefix, sid, cue):
    rows = cited(citations, prefix)
    assert cue in set(rows.loc[rows["source_id"] == sid, "cue"])


def test_one_person_named_several_ways_is_one_source(citations):
    marcus = citations[citations["source"] == "马库斯"]
    assert set(marcus["source_en"]) == {"Gary Marcus"} and set(marcus["source_id"]) == {"gary_marcus"}
    # 加里·马库斯 (sentences 4, 17) and bare 马库斯 (5, 23) are the same source
    assert {4, 5, 17, 23} <= set(cited(marcus, "003")["sentence_idx"])
    nadella = citations[citations["source_id"] == "satya_nadella"]
    assert set(nadella["article_id"].str[:3]) == {"000", "001"}  # 萨提亚·纳德拉 and 萨蒂亚·纳德拉
    assert set(nadella["source"]) == {"纳德拉"}


def test_quotes_running_over_sentences_keep_their_speaker(citations):
    # 003: 他同时坚称:“…  / 其他人也可能会迎头赶上…… / …新成果。”  -> all Marcus
    rows = cited(citations, "003").set_index("sentence_idx")
    assert rows.loc[26, "source_id"] == "gary_marcus" and rows.loc[26, "cue"] == "quote"
    assert "美国公司将吸收这些新成果" in rows.loc[27, "quote"]
    # 他认为 (a pronoun) resolves to the last quoted person
    assert rows.loc[24, "source_id"] == "gary_marcus"


def test_seed_non_attributions_are_not_cited(citations):
    c000 = cited(citations, "000")
    assert "google" not in set(c000["source_id"])  # 有外国科技人员在社交媒体上嘲笑谷歌,认为谷歌…
    c003 = cited(citations, "003")
    assert "deepseek" not in set(c003["source_id"])  # 深度求索被一些人称作…“最大黑马”
    assert c003.loc[c003["sentence_idx"] == 2, "source_id"].tolist() == ["scmp"]
    # 硅谷一位华裔资深AI工程师对21世纪经济报道记者说: an unnamed speaker, the outlet is the listener
    assert cited(citations, "001").query("sentence_idx == 59").empty


def test_citation_columns_and_types(citations):
    assert list(citations.columns[:7]) == ["article_id", "sentence_idx", "source", "source_en", "source_type",
                                            "quote", "cue"]
    assert set(citations["source_type"]) <= {"media", "person", "organisation", "government"}
    assert not citations.duplicated(["article_id", "sentence_idx", "source"]).any()


# ---------------------------------------------------------------- citations on short texts

@pytest.mark.parametrize("text", ["據路透社報道，輝達股價週一下跌。", "据路透社报道，英伟达股价周一下跌。"])
def test_according_to_media_both_scripts(text):
    c = voices.extract_citations(frame({"a": [text]}))
    assert c[["source", "source_en", "source_type", "cue"]].values.tolist() == [
        ["路透社", "Reuters", "media", "据…报道"]]


@pytest.mark.parametrize("text", [
    "美國AI專家加里·馬庫斯表示：「AI霸權之爭已經結束。」",
    "美国AI专家加里·马库斯表示：“AI霸权之争已经结束。”",
    "Gary Marcus在博客上表示：\"AI霸权之争已经结束。\"",
])
def test_speaker_and_quote_in_any_script_and_quote_style(text):
    c = voices.extract_citations(frame({"a": [text]}))
    assert c["source_id"].tolist() == ["gary_marcus"]
    assert c["quote"].str.replace("霸權", "霸权").str.replace("經", "经").tolist() == ["AI霸权之争已经结束。"]


def test_quote_only_sentence_takes_previous_speaker_and_pronoun_resolves():
    c = voices.extract_citations(frame({"a": [
        "微軟首席執行官薩提亞·納德拉在達沃斯表示：",
        "“我們必須認真對待中國。”",
        "他還認為，開源模型正在追趕。",
        "“很明显，游戏规则已经改变”。",
    ]}))
    assert c["source_id"].tolist() == ["satya_nadella"] * 4
    assert c["cue"].tolist() == ["表示", "quote", "认为", "quote"]
    assert c.loc[1, "quote"] == "我们必须认真对待中国。"


def test_objects_and_set_phrases_are_not_speakers():
    c = voices.extract_citations(frame({"a": [
        "有人在社交媒体上嘲笑谷歌，认为谷歌很慌张。",
        "深度求索被一些人称作“最大黑马”。",
        "可以说，这一点很重要。",
    ]}))
    assert c.empty and list(c.columns) == voices.CITATION_COLUMNS


def test_unknown_foreign_name_and_book_title_are_sources():
    c = voices.extract_citations(frame({"a": [
        "美國學者約翰·史密斯指出：“這是一個轉折點。”",
        "《星島日報》分析稱，市場已經消化了這一消息。",
    ]}))
    assert c[["source", "source_type"]].values.tolist() == [["约翰·史密斯", "person"], ["星岛日报", "media"]]
    assert c.loc[0, "quote"] == "这是一个转折点。"


def test_empty_input():
    assert voices.extract_citations(frame({})).empty


# ---------------------------------------------------------------- entities

KEY_ENTITIES = {  # entity -> articles that name it, in whatever script or spelling
    "nvidia": {"000", "001", "002", "003", "004"},
    "deepseek": {"000", "001", "002", "003", "004"},
    "openai": {"000", "001", "002", "003", "004"},
    "microsoft": {"000", "001", "002", "003", "004"},
    "google": {"000", "002", "003", "004"},
    "meta": {"000", "001", "002"},
}


@pytest.mark.parametrize("eid", sorted(KEY_ENTITIES))
def test_key_entities_one_entity_every_article(entities_mentions, eid):
    entities, mentions = entities_mentions
    assert set(mentions.loc[mentions["entity_id"] == eid, "article_id"].str[:3]) == KEY_ENTITIES[eid]
    row = entities.set_index("entity_id").loc[eid]
    assert row["n_articles"] == len(KEY_ENTITIES[eid])


def test_mentions_point_at_the_original_text(seed_sentences, entities_mentions):
    _, mentions = entities_mentions
    s = seed_sentences.set_index(["article_id", "sentence_idx"])
    surfaces = {s.loc[(a, i), "text"][b:e] for a, i, b, e in mentions.loc[
        mentions["entity_id"] == "nvidia", ["article_id", "sentence_idx", "start", "end"]].itertuples(index=False)}
    assert surfaces == {"英偉達", "英伟达"}
    deepseek = set(mentions.loc[mentions["entity_id"] == "deepseek", "surface"])
    assert {"DeepSeek", "深度求索", "deepseek", "Deepseek"} <= deepseek
    assert {"Open AI", "OpenAI"} == set(mentions.loc[mentions["entity_id"] == "openai", "surface"])


def test_entity_table_columns(entities_mentions):
    entities, mentions = entities_mentions
    assert list(entities.columns) == voices.ENTITY_COLUMNS
    assert list(mentions.columns) == voices.MENTION_COLUMNS
    assert "英偉達" in entities.set_index("entity_id").loc["nvidia", "aliases"].split("|")
    assert entities["n_mentions"].is_monotonic_decreasing


def test_entities_short_texts_longest_match_and_word_bounds():
    _, m = voices.extract_entities(frame({
        "t": ["《華爾街日報》稱，Open AI和META都在追趕。"],
        "s": ["华尔街的Metaverse热潮退去，openai与美国有线电视新闻网(CNN)合作。"],
    }))
    got = m.groupby("article_id")["entity_id"].apply(list).to_dict()
    assert got["t"] == ["wsj", "openai", "meta"]
    assert got["s"] == ["wall_street", "openai", "cnn", "cnn"]  # 美国有线电视新闻网 is not 美国; Metaverse not Meta


def test_nature_needs_its_title_marks():
    _, m = voices.extract_entities(frame({"a": ["研究重點是自然智能。", "《自然》雜誌指出，這很重要。"]}))
    assert m[["sentence_idx", "entity_id"]].values.tolist() == [[1, "nature"]]


def test_co_mentions_counts_sentences_and_articles():
    _, m = voices.extract_entities(frame({
        "a": ["英伟达与微软合作。", "英偉達和微軟又合作了。"],
        "b": ["微软称英伟达芯片紧缺，OpenAI也这么说。"],
    }))
    cm = voices.co_mentions(m).set_index(["entity_a", "entity_b"])
    assert cm.loc[("microsoft", "nvidia"), "n_sentences"] == 3
    assert cm.loc[("microsoft", "nvidia"), "n_articles"] == 2
    assert cm.loc[("microsoft", "openai"), "n_sentences"] == 1
    assert voices.co_mentions(m.iloc[:0]).empty


def test_candidates_list_proper_nouns_no_entity_covers():
    s = frame({"a": ["杰弗里·辛顿在多伦多表示，英伟达很强。", "辛顿说AlphaFold很重要。"],
               "b": ["杰弗里·辛顿再次警告，AlphaFold只是开始。"]})
    e, m = voices.extract_entities(s)
    cand = voices.entity_candidates(s, m, min_count=2).set_index("name")
    assert e.set_index("name").loc["杰弗里·辛顿", "n_articles"] == 2  # a recognised entity now, not a lead
    assert e.set_index("name").loc["AlphaFold", "n_mentions"] == 2
    assert not {"英伟达", "杰弗里·辛顿", "AlphaFold"} & set(cand.index)


def test_seed_candidates_exclude_dictionary_entries(seed_sentences, entities_mentions):
    _, mentions = entities_mentions
    cand = voices.entity_candidates(seed_sentences, mentions, min_count=1)
    d = voices.load_dictionary()
    assert not any(d.lookup(n) for n in cand["name"])
    entities, _ = entities_mentions
    assert "弗朗西斯科·克雷特" in set(entities["name"])  # found by the general method, so no longer a lead


# ---------------------------------------------------------------- charts

@pytest.fixture(scope="module")
def articles(seed_sentences) -> pd.DataFrame:
    ids = sorted(seed_sentences["article_id"].unique())
    outlets = {"001": "21世纪经济报道", "002": "科技袁人", "003": "观察者网"}
    rows = [{"article_id": a, "outlet": outlets.get(a[:3], "unknown")} for a in ids]
    for r in rows:
        r["outlet_en"] = voices.normalise_outlet(r["outlet"])[1] if r["outlet"] != "unknown" else "unknown"
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def toned(citations) -> pd.DataFrame:
    return citations.assign(tone=np.where(citations["source_type"] == "person", -0.5, 0.25))


def test_outlet_source_matrix(citations, articles):
    fig = outlet_source_matrix(citations, articles, lang="en")
    hm = fig.to_dict()["data"][0]
    assert hm["type"] == "heatmap"
    assert "Guancha" in hm["y"] and "Gary Marcus" in hm["x"]
    z = dict(zip(hm["y"], hm["z"]))
    assert z["Guancha"][hm["x"].index("Gary Marcus")] == len(citations[citations["source_id"] == "gary_marcus"])
    zh = outlet_source_matrix(citations, articles).to_dict()["data"][0]
    assert "观察者网" in zh["y"] and "马库斯" in zh["x"]


def test_source_tone_sorted_with_counts(toned):
    bar = source_tone(toned, lang="en").to_dict()["data"][0]
    assert bar["x"] == sorted(bar["x"])
    i = bar["y"].index("Gary Marcus")
    assert bar["x"][i] == -0.5
    assert bar["text"][i] == f"n={int((toned['source_id'] == 'gary_marcus').sum())}"


def test_entity_bars_from_entities_or_mentions(entities_mentions):
    entities, mentions = entities_mentions
    a = entity_bars(entities, lang="en", top_n=10).to_dict()["data"]
    b = entity_bars(mentions, lang="en", top_n=10).to_dict()["data"]
    bars_a = {y: x for t in a for y, x in zip(t["y"], t["x"])}
    bars_b = {y: x for t in b for y, x in zip(t["y"], t["x"])}
    assert bars_a == bars_b and bars_a["Nvidia"] == int(entities.set_index("entity_id").loc["nvidia", "n_mentions"])
    zh = {y for t in entity_bars(entities, top_n=10).to_dict()["data"] for y in t["y"]}
    assert "英伟达" in zh


def test_entity_network_is_seeded_and_sized(entities_mentions):
    entities, mentions = entities_mentions
    cm = voices.co_mentions(mentions)
    one = entity_network(entities, cm, lang="en", exclude_types=("place",)).to_dict()
    two = entity_network(entities, cm, lang="en", exclude_types=("place",)).to_dict()
    assert one["data"] == two["data"]
    nodes = {t: tr for tr in one["data"] if tr["mode"] == "markers+text" for t in tr["hovertext"]}
    assert "Nvidia" in nodes and "China" not in nodes  # every node keeps its name on hover; labels may hide
    sizes = {t: s for tr in one["data"] if tr["mode"] == "markers+text" for t, s in zip(tr["text"], tr["marker"]["size"])}
    assert sizes["DeepSeek"] == max(sizes.values())
    assert any(tr["mode"] == "lines" for tr in one["data"])
    pos = spring_layout(3, [(0, 1, 1.0)], random_state=1)
    assert np.abs(pos).max() <= 1.0 and np.allclose(pos, spring_layout(3, [(0, 1, 1.0)], random_state=1))


def test_who_said_what_table(toned, articles):
    table = who_said_what(toned, articles, lang="en").to_dict()["data"][0]
    assert table["type"] == "table"
    assert table["header"]["values"] == ["Source", "Outlet", "Quote", "Tone"]
    source, outlet, quote, tone = table["cells"]["values"]
    i = source.index("Angela Huyue Zhang")
    assert outlet[i] == "Guancha" and "并非偶然" in quote[i] and tone[i] == "-0.50"
    with_outlet = toned.merge(articles[["article_id", "outlet"]], on="article_id")  # as the store joins it
    source, outlet, _, _ = who_said_what(with_outlet, articles, lang="en").to_dict()["data"][0]["cells"]["values"]
    assert outlet[source.index("Angela Huyue Zhang")] == "Guancha"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_say_so_when_empty(lang):
    empty_c = pd.DataFrame(columns=voices.CITATION_COLUMNS + ["tone"])
    empty_e = pd.DataFrame(columns=voices.ENTITY_COLUMNS)
    figs = [outlet_source_matrix(empty_c, pd.DataFrame(columns=["article_id", "outlet"]), lang=lang),
            source_tone(empty_c, lang=lang), entity_bars(empty_e, lang=lang),
            entity_network(empty_e, pd.DataFrame(columns=voices.CO_MENTION_COLUMNS), lang=lang),
            who_said_what(empty_c, lang=lang)]
    for fig in figs:
        assert fig.to_dict()["layout"]["annotations"][0]["text"] == EMPTY_TEXT[lang]


# ---------------------------------------------------------------- general method, no domain pack

def names(texts: dict[str, list[str]], **kw) -> dict[str, str]:
    """name -> type of every entity found in short texts, with no domain pack switched on."""
    with packs.using([]):
        entities, _ = voices.extract_entities(frame(texts))
    return dict(zip(entities["name"], entities["type"]))


def test_titles_company_suffixes_and_dot_names_without_any_pack():
    got = names({"a": ["芯衡微电子有限公司董事长陈思远表示，公司今年营收增长。",
                       "合肥市公安局交警支队负责人汪立诚介绍，肯尼亚选手埃文斯·基普托夺冠。",
                       "山西省应急管理厅通报，晋昌鑫源煤业有限公司已停产。"]})
    assert got["陈思远"] == "person" and got["汪立诚"] == "person" and got["埃文斯·基普托"] == "person"
    assert got["芯衡微电子有限公司"] == "org" and got["晋昌鑫源煤业有限公司"] == "org"
    assert got["合肥市公安局交警支队"] == "org" and got["山西省应急管理厅"] == "org"
    assert got["肯尼亚"] == "place"
    assert "公司" not in got and "负责人" not in got


def test_traditional_and_simplified_are_one_entity_named_as_written():
    with packs.using([]):
        e, m = voices.extract_entities(frame({"a": ["臺灣積體電路製造股份有限公司董事長魏哲家表示，訂單強勁。"],
                                              "b": ["台湾积体电路制造股份有限公司董事长魏哲家表示，订单强劲。"]}))
    row = e[e["type"] == "org"].iloc[0]
    assert row["n_articles"] == 2 and row["name"] == "臺灣積體電路製造股份有限公司"
    assert "台湾积体电路制造股份有限公司" in row["aliases"].split("|")


def test_aliases_in_parentheses_and_short_forms_within_an_article():
    with packs.using([]):
        e, m = voices.extract_entities(frame({"a": [
            "国际足联（FIFA）主席表示，比赛照常进行。", "FIFA随后发表声明。",
            "智利外交部副部长卡洛斯·穆尼奥斯出席。", "穆尼奥斯说，合作顺利。",
            "广东省防汛防旱防风总指挥部（以下简称“广东省防总”）启动应急响应。", "广东省防总要求各地做好准备。"]}))
    by = e.set_index("name")
    assert by.loc["国际足联", "name_en"] == "FIFA" and by.loc["国际足联", "n_mentions"] == 3
    assert by.loc["卡洛斯·穆尼奥斯", "n_mentions"] == 2 and "穆尼奥斯" not in by.index
    assert "广东省防总" in by.loc["广东省防汛防旱防风总指挥部", "aliases"].split("|")
    assert by.loc["广东省防汛防旱防风总指挥部", "n_mentions"] == 3


@pytest.mark.parametrize("text, name, kind", [
    ("电影《树先生》上映后口碑不俗。", "树先生", "work"),
    ("他在《南方周末》发表文章指出，改革势在必行。", "南方周末", "media"),
    ("据《星城晚报》报道，地铁三号线将于年底开通。", "星城晚报", "media"),
    ("新版《个人信息保护法》明确了处罚标准。", "个人信息保护法", "other"),
])
def test_titles_in_book_marks_are_works_unless_a_publisher(text, name, kind):
    assert names({"a": [text]})[name] == kind


def test_fortune_needs_its_title_marks():
    assert "财富" not in names({"a": ["他积累了大量财富。"]})
    assert names({"a": ["《财富》杂志公布了榜单。"]})["财富"] == "media"


def test_short_latin_alias_matches_whole_tokens_only():
    with packs.using(["ai2025"]):
        _, m = voices.extract_entities(frame({"a": ["理光R10售价1690元。", "DeepSeek发布R1模型。"]}))
    assert m.loc[m["article_id"] == "a", "entity_id"].tolist().count("deepseek_r1") == 1
    assert not ((m["sentence_idx"] == 0) & (m["entity_id"] == "deepseek_r1")).any()
    assert "星驰X7" in names({"a": ["星驰X7上市首月交付超过一万辆。"]})


def test_latin_models_and_generic_words_are_not_names():
    got = names({"a": ["警方表示，专家认为市场仍有不确定性，记者从政府获悉。"]})
    assert got == {}


@pytest.mark.parametrize("text, source, kind", [
    ("据新华社报道，大桥主体工程完工。", "新华社", "media"),
    ("记者从合肥市文化和旅游局获悉，活动将持续三天。", "合肥市文化和旅游局", "organisation"),
    ("国家统计局数据显示，5月社会消费品零售总额增长3.7%。", "国家统计局", "organisation"),
    ("智利外交部在声明中说，会议成果丰硕。", "智利外交部", "organisation"),
    ("「我們會繼續投資。」遠拓科技董事長林冠宇說。", "林冠宇", "person"),
    ("《纽约时报》援引知情人士报道，谈判陷入僵局。", "纽约时报", "media"),
])
def test_attribution_patterns_name_the_source(text, source, kind):
    with packs.using([]):
        c = voices.extract_citations(frame({"a": [text]}))
    assert (source, kind) in set(zip(c["source"], c["source_type"]))


def test_generic_parties_and_works_are_not_sources():
    with packs.using([]):
        c = voices.extract_citations(frame({"a": [
            "警方表示，案件正在调查中。", "专家认为，房价仍将平稳。", "电影《猩球崛起》讲述了一个关于猿族的故事。"]}))
    assert c.empty


def test_corpus_file_switches_packs(tmp_path):
    (tmp_path / "corpus.toml").write_text('packs = ["ai2025"]\n', encoding="utf-8")
    assert packs.corpus_packs(tmp_path) == ("ai2025",)
    assert packs.corpus_packs(tmp_path / "nowhere") == ()
    with pytest.raises(ValueError):
        packs.pack_dir("no_such_pack")
    with packs.using([]):
        assert packs.activate_for([str(tmp_path / "a.txt")]) == ("ai2025",)
        assert voices.normalise_outlet("科技袁人") == ("科技袁人", "Science Yuan Ren")
        packs.activate([])
        assert voices.normalise_outlet("科技袁人") == ("科技袁人", "科技袁人")


@pytest.mark.parametrize("text, name", [
    ("鸿科精密斥资3.5亿元收购对手", "鸿科精密"),
    ("香港零售管理协会发言人表示，销售回落", "香港零售管理协会"),
    ("驰远汽车有限公司宣布召回", "驰远汽车有限公司"),
    ("中国人民大学社会与人口学院教授孙立群说", "中国人民大学社会与人口学院"),
    ("运输署发言人表示，隧道将封闭", "运输署"),
])
def test_organisation_built_from_head_leftwards_over_split_tokens(text, name):
    spans = {(text[sp.start:sp.end], sp.type) for sp in voices.recognise(text)}
    assert (name, "org") in spans


@pytest.mark.parametrize("text", ["新能源汽车和动力电池需求上升", "一家人工智能咨询公司的分析师说", "从参会人士处获悉"])
def test_generic_industry_phrases_are_not_organisations(text):
    assert not [sp for sp in voices.recognise(text) if sp.type == "org"]


def test_indices_events_and_laws_are_other():
    found = {(t[sp.start:sp.end], sp.type) for t in ("恒生指数昨日下跌", "他参加了环巢湖国际马拉松", "违反个人信息保护法")
             for sp in voices.recognise(t)}
    assert {("恒生指数", "other"), ("环巢湖国际马拉松", "other"), ("个人信息保护法", "other")} <= found


def test_own_outlet_and_dateline_are_not_cited():
    text = ["澎湃新闻记者从应急管理部获悉，救援仍在进行。", "中国矿业大学教授韩立新接受澎湃新闻采访时表示，事故原因待查。"]
    c = voices.extract_citations(frame({"a": text}), {"a": "澎湃新闻"})
    assert "澎湃新闻" not in set(c["source"]) and "韩立新" in set(c["source"])
    c = voices.extract_citations(frame({"b": ["中新网北京3月15日电（记者 孟宇航）外交部发言人15日宣布，将举行会谈。"]}))
    assert "中新网" not in set(c["source"]) and "外交部" in set(c["source"])
