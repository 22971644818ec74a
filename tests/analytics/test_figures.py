"""Quoted figures on the seed articles and on small texts, and claims reconciled across articles.

The seed fixtures run with the seeds' own domain pack (ai2025, as seeds/corpus.toml asks); the small
texts run with no pack, as an analyst's corpus about any other story would.
"""
from __future__ import annotations

import json

import opencc
import pandas as pd
import pytest

from analytics import packs
from analytics.claims import USD_CNY, canonical_subject, interval, rounding_half_step
from analytics.clean import clean_text
from analytics.figures import FIGURE_COLUMNS, build_claims, extract_figures, figures_table
from analytics.sentences import split_sentences

A000, A001, A002, A003, A004 = (
    "000_3678986a53d0ea4e", "001_560071857a4b2ae7", "002_3d66f2828f3f3986",
    "003_d2088688d25f1d74", "004_36209b51bb99cd19",
)


@pytest.fixture(scope="module")
def cleaned(seed_texts) -> dict[str, str]:
    return {aid: clean_text(raw).text for aid, raw in seed_texts.items()}


@pytest.fixture(scope="module")
def frames(cleaned) -> tuple[pd.DataFrame, pd.DataFrame]:
    cc = opencc.OpenCC("t2s")
    rows = [{"article_id": aid, "sentence_idx": s.idx, "text": s.text, "text_hans": cc.convert(s.text)}
            for aid, text in cleaned.items() for s in split_sentences(text)]
    articles = pd.DataFrame({"article_id": list(cleaned), "outlet": [f"outlet{a[:3]}" for a in cleaned]})
    return pd.DataFrame(rows), articles


@pytest.fixture(scope="module")
def table(frames) -> pd.DataFrame:
    with packs.using(["ai2025"]):
        return figures_table(*frames)


@pytest.fixture(scope="module")
def claimed(table) -> tuple[pd.DataFrame, pd.DataFrame]:
    with packs.using(["ai2025"]):
        return build_claims(table)


def find(figs, text):
    hits = [f for f in figs if f["text"] == text]
    assert hits, f"{text!r} not found in {[f['text'] for f in figs]}"
    return hits[0]


@pytest.mark.parametrize("article, text, kind, value, unit, qualifier", [
    (A000, "600萬美元", "money", 6e6, "USD", ""),
    (A001, "550萬美元左右", "money", 5.5e6, "USD", "approx"),
    (A004, "不到600万美元", "money", 6e6, "USD", "under"),
    (A001, "16.86%", "percent", 16.86, "%", ""),
    (A003, "近17%", "percent", 17.0, "%", "approx"),
    (A003, "5927億美元", "money", 5.927e11, "USD", ""),
    (A003, "約合4.3萬億人民幣", "money", 4.3e12, "CNY", "approx"),
    (A004, "约4.2万亿人民币", "money", 4.2e12, "CNY", "approx"),
    (A002, "大约600万美元", "money", 6e6, "USD", "approx"),
    (A000, "2000塊", "count", 2000, "块", ""),
    (A000, "十萬張", "count", 1e5, "张", ""),
    (A001, "萬張", "count", 1e4, "张", ""),
    (A000, "5000名", "count", 5000, "名", ""),
    (A002, "超过60亿人", "count", 6e9, "人", "over"),
    (A002, "约280万GPU小时", "quantity", 2.8e6, "GPU小时", "approx"),
    (A002, "6710亿参数", "quantity", 6.71e11, "参数", ""),
    (A002, "2纳米", "quantity", 2, "纳米", ""),
    (A002, "1000秒", "duration", 1000, "秒", ""),
    (A001, "40倍", "multiplier", 40, "倍", ""),
    (A001, "10 倍", "multiplier", 10, "倍", ""),
    (A001, "十分之一", "fraction", 0.1, "", "under"),  # 不及…成本的十分之一
    (A002, "1/6", "fraction", 1 / 6, "", "approx"),  # 约为…H100系列的1/6
    (A003, "約1/50", "fraction", 0.02, "", "approx"),
    (A001, "逾17%", "percent", 17.0, "%", "over"),
    (A002, "2000多块", "count", 2000, "块", "over"),
])
def test_seed_figures(cleaned, article, text, kind, value, unit, qualifier):
    f = find(extract_figures(cleaned[article]), text)
    assert (f["kind"], f["unit"], f["qualifier"]) == (kind, unit, qualifier)
    assert f["value"] == pytest.approx(value)
    assert cleaned[article][f["start"]:f["end"]] == text


def test_seed_ranges_and_changes(cleaned):
    figs = extract_figures(cleaned[A002])
    r = find(figs, "5000万到6000万GPU小时")
    assert (r["value"], r["value_max"], r["unit"]) == (5e7, 6e7, "GPU小时")
    years = find(extract_figures(cleaned[A000]), "2-3年")
    assert (years["kind"], years["value"], years["value_max"]) == ("duration", 2, 3)
    figs0 = extract_figures(cleaned[A000])
    assert find(figs0, "0.55美元")["change_from"] == 15.0
    assert find(figs0, "2美元")["change_from"] == 60.0
    assert find(figs0, "15美元")["change_from"] is None


NOT_FIGURES = ["Llama 3.1", "Claude", "GPT-4o", "Qwen1.5-110B", "H800", "H100", "A100", "GB200", "910C", "5G",
               "2000年", "V3", "R1", "o1", "K1.5", "WINDOWS 95", "DALL-E3"]


def test_names_years_ordinals_and_list_markers_are_not_figures(cleaned):
    for aid, text in cleaned.items():
        for f in extract_figures(text):
            span = f["text"]
            for name in NOT_FIGURES:
                assert name not in span, (aid, span)
            before = text[max(0, f["start"] - 1):f["start"]]
            assert before not in ("第", "其"), (aid, span)
            assert f["kind"] != "date"
    texts = [f["text"] for f in extract_figures(cleaned[A002])]
    assert not any(t.startswith(("1、", "2、", "1", "2")) and t in ("1", "2") for t in texts)
    assert all(f["text"] not in ("1", "2", "3", "4", "5") for f in extract_figures(cleaned[A002]))


def test_model_and_chip_names_in_small_texts():
    assert extract_figures("英偉達H800芯片和H100、A100、GB200，昇騰910C與5G") == []
    assert extract_figures("超越了Meta的Llama 3.1和Claude 3.5、GPT-4o及Qwen1.5-110B") == []
    assert extract_figures("第六代戰機、其一、1、美國") == []


def test_dates_are_kept_separate():
    text = "2000年,IBM的销售额高达880亿美元"
    assert [f["text"] for f in extract_figures(text)] == ["880亿美元"]
    dated = extract_figures(text, include_dates=True)
    assert [(f["text"], f["kind"]) for f in dated] == [("2000年", "date"), ("880亿美元", "money")]
    assert [f["text"] for f in extract_figures("當地時間1月27日,英偉達暴跌16.86%", include_dates=True)] == \
        ["1月27日", "16.86%"]


@pytest.mark.parametrize("text, value, unit, qualifier, kind", [
    ("耗資五千九百二十七億美元", 5.927e11, "USD", "", "money"),
    ("估值1,100万港幣", 1.1e7, "HKD", "", "money"),
    ("售價3萬4千新台幣", 34000, "TWD", "", "money"),
    ("每股1.95港元", 1.95, "HKD", "", "money"),
    ("HK$300", 300, "HKD", "", "money"),
    ("NT$1,200", 1200, "TWD", "", "money"),
    ("US$5", 5, "USD", "", "money"),
    ("罰款2億歐元", 2e8, "EUR", "", "money"),
    ("至少7000万美元", 7e7, "USD", "at_least", "money"),
    ("最多三成", 30, "%", "at_most", "percent"),
    ("增長百分之十七", 17, "%", "", "percent"),
    ("上升2.5个百分点", 2.5, "pp", "", "percent"),
    ("不及十分之一", 0.1, "", "under", "fraction"),
    ("大约5000万", None, None, None, None),
    ("１２３名員工", 123, "名", "", "count"),
    ("5亿元以上", 5e8, "CNY", "over", "money"),
    ("新台幣3000元的補貼", 3000, "TWD", "", "money"),
    ("NT$3,000元", 3000, "TWD", "", "money"),
    ("新台幣3000萬", 3e7, "TWD", "", "money"),
    ("約合新台幣112兆", 1.12e14, "TWD", "approx", "money"),
    ("港元500亿", 5e10, "HKD", "", "money"),
    ("歐元50億", 5e9, "EUR", "", "money"),
    ("US$5.6 million", 5.6e6, "USD", "", "money"),
    ("价格为每百万token 60美元", 60, "USD", "", "money"),
    ("上千億美元", 1e11, "USD", "over", "money"),
    ("近萬億元", 1e12, "CNY", "approx", "money"),
    ("公司裁員逾千人", 1000, "人", "over", "count"),
    ("降幅超过一半", 0.5, "", "over", "fraction"),
    ("Llama 3.1模型", None, None, None, None),
])
def test_small_texts(text, value, unit, qualifier, kind):
    figs = extract_figures(text)
    if value is None:
        assert figs == []
        return
    (f,) = figs
    assert (f["kind"], f["unit"], f["qualifier"]) == (kind, unit, qualifier)
    assert f["value"] == pytest.approx(value)


def test_hyphen_range_and_from_to_across_a_latin_word():
    (r,) = extract_figures("5000万-6000万美元")
    assert (r["value"], r["value_max"], r["unit"]) == (5e7, 6e7, "USD")
    a, b = extract_figures("輸入價格從每百萬token 15美元降至0.55美元")
    assert (a["value"], b["value"], b["change_from"]) == (15, 0.55, 15)


def test_json_serialisable_and_keys():
    figs = extract_figures("英偉達暴跌16.86%,市值蒸發5927億美元")
    assert json.loads(json.dumps(figs, ensure_ascii=False)) == figs
    assert set(figs[0]) == {"text", "start", "end", "kind", "value", "value_max", "unit", "qualifier",
                            "subject", "measure", "named", "change_from"}


def test_subjects_and_measures_on_seeds(table):
    def frame(article, text):
        row = table[(table["article_id"] == article) & (table["text"] == text)].iloc[0]
        return row["subject"], row["measure"]

    assert frame(A000, "600萬美元") == ("DeepSeek", "成本")
    assert frame(A001, "550萬美元左右") == ("V3", "训练成本")  # V3和R1的訓練成本
    assert frame(A001, "16.86%") == ("英伟达", "跌幅")
    assert frame(A003, "5927億美元") == ("英伟达", "市值蒸发")
    assert frame(A003, "約合4.3萬億人民幣") == ("英伟达", "市值蒸发")  # a conversion in brackets inherits
    assert frame(A003, "超6%") == ("AMD", "股价跌幅")
    assert frame(A004, "不到600万美元") == ("中国本土人才", "成本")  # the sentence names no company


def test_figures_table_columns_and_ids(table, frames):
    assert list(table.columns) == FIGURE_COLUMNS
    assert table["figure_id"].is_unique
    row = table[table["text"] == "16.86%"].iloc[0]
    assert row["figure_id"] == f"{A001}:{row['sentence_idx']}:{row['start']}"
    sentences = frames[0].set_index(["article_id", "sentence_idx"])["text"]
    assert sentences[(A001, row["sentence_idx"])][row["start"]:row["end"]] == "16.86%"
    assert row["outlet"] == "outlet001"
    assert table["claim_id"].isna().all()
    assert set(table["kind"]) <= {"money", "percent", "count", "quantity", "multiplier", "fraction", "duration"}
    assert figures_table(*frames)["figure_id"].tolist() == table["figure_id"].tolist()


def test_cited_source_comes_from_citations(frames):
    sentences, articles = frames
    row = sentences[(sentences["article_id"] == A000) & sentences["text"].str.contains("600萬美元")].iloc[0]
    citations = pd.DataFrame([{"article_id": A000, "sentence_idx": row["sentence_idx"], "source": "紐約時報"}])
    table = figures_table(sentences, articles, citations)
    fig = table[table["text"] == "600萬美元"].iloc[0]
    assert fig["cited_source"] == "紐約時報"
    assert table[table["article_id"] != A000]["cited_source"].isna().all()


def test_empty_inputs():
    empty = pd.DataFrame(columns=["article_id", "sentence_idx", "text", "text_hans"])
    table = figures_table(empty, pd.DataFrame(columns=["article_id", "outlet"]))
    assert list(table.columns) == FIGURE_COLUMNS and table.empty
    figs, claims = build_claims(table)
    assert figs.empty and claims.empty
    assert extract_figures("") == []


def _claim(claims, label):
    hit = claims[claims["label"] == label]
    assert len(hit) == 1, claims["label"].tolist()
    return hit.iloc[0]


def test_claims_group_across_articles(claimed):
    figs, claims = claimed
    cost = _claim(claims, "DeepSeek训练成本")
    assert set(cost["article_ids"].split(", ")) == {A000, A001, A002}
    assert (cost["unit"], cost["min_value"], cost["max_value"]) == ("USD", 5.5e6, 6e6)
    assert not cost["disagree"]
    drop = _claim(claims, "英伟达跌幅")
    assert set(drop["article_ids"].split(", ")) == {A001, A003}
    assert drop["min_value"] == pytest.approx(16.86) and drop["max_value"] == 17
    loss = _claim(claims, "英伟达市值蒸发")
    assert set(loss["article_ids"].split(", ")) == {A003, A004}
    assert loss["unit"] == "CNY" and loss["n_figures"] == 3
    assert loss["min_value"] == pytest.approx(4.2e12) and loss["max_value"] == pytest.approx(4.3e12)
    assert not loss["disagree"]
    members = figs[figs["claim_id"] == loss["claim_id"]]
    assert sorted(members["text"]) == sorted(["5927億美元", "約合4.3萬億人民幣", "约4.2万亿人民币"])
    assert cost["outlets"] == "outlet000, outlet001, outlet002"
    assert len(claims) == 3


def test_claim_ids_are_stable(table, claimed):
    with packs.using(["ai2025"]):
        _, again = build_claims(table)
    assert again["claim_id"].tolist() == claimed[1]["claim_id"].tolist()


def test_disagreement_beyond_rounding():
    rows = [
        {"figure_id": "a", "article_id": "a", "text": "600万美元", "kind": "money", "value": 6e6, "value_max": None,
         "unit": "USD", "qualifier": "", "subject": "DeepSeek", "measure": "训练成本", "subject_named": True, "outlet": "A"},
        {"figure_id": "b", "article_id": "b", "text": "3000万人民币", "kind": "money", "value": 3e7,
         "value_max": None, "unit": "CNY", "qualifier": "", "subject": "DeepSeek", "measure": "训练成本", "subject_named": True, "outlet": "B"},
        {"figure_id": "c", "article_id": "c", "text": "逾17%", "kind": "percent", "value": 17, "value_max": None,
         "unit": "%", "qualifier": "over", "subject": "英伟达", "measure": "股价", "subject_named": True, "outlet": "C"},
        {"figure_id": "d", "article_id": "d", "text": "12%", "kind": "percent", "value": 12, "value_max": None,
         "unit": "%", "qualifier": "", "subject": "英伟达", "measure": "股价", "subject_named": True, "outlet": "D"},
    ]
    figs, claims = build_claims(pd.DataFrame(rows))
    cost = _claim(claims, "DeepSeek训练成本")
    assert cost["disagree"]  # 3000万 CNY is about 417万 USD at the fixed rate, outside 550-650万.
    assert cost["unit"] in ("USD", "CNY")
    assert _claim(claims, "英伟达股价")["disagree"]
    agree = pd.DataFrame(rows[:1] + [{**rows[1], "value": 6e6 * USD_CNY, "text": "4320万人民币"}])
    assert not _claim(build_claims(agree)[1], "DeepSeek训练成本")["disagree"]


def test_rounding_and_intervals():
    assert rounding_half_step(6e6) == 5e5
    assert rounding_half_step(16.86) == pytest.approx(0.005)
    assert interval(6e6, None, "under") == (0.0, 6.5e6)
    lo, hi = interval(17, None, "approx")
    assert lo == pytest.approx(16.5 - 0.85) and hi == pytest.approx(17.5 + 0.85)


def test_figure_table_chart(claimed):
    from analytics.plotting.figure_table import figure_table

    figs, _ = claimed
    d = figure_table(figs, kinds=["percent"], lang="en").to_dict()
    table = d["data"][0]
    assert table["type"] == "table"
    assert table["header"]["values"][:2] == ["Outlet", "Quoted"]
    quoted = table["cells"]["values"][1]
    assert "16.86%" in quoted and "近17%" in quoted and "600萬美元" not in quoted
    only_cny = figure_table(figs, units=["CNY"]).to_dict()["data"][0]["cells"]["values"][1]
    assert sorted(only_cny) == sorted(["約合4.3萬億人民幣", "约4.2万亿人民币"])
    empty = figure_table(figs, kinds=["nothing"]).to_dict()
    assert empty["layout"]["annotations"][0]["text"] == "当前筛选没有数据"


def test_claim_comparison_chart(claimed):
    from analytics.plotting.claim_comparison import claim_comparison

    figs, claims = claimed
    d = claim_comparison(figs, claims).to_dict()
    markers = [t for t in d["data"] if t["mode"] == "markers"]
    assert {t["name"] for t in markers} >= {"outlet001", "outlet003"}
    labels = {y for t in d["data"] for y in t["y"]}
    assert "英伟达跌幅 (%)" in labels and "英伟达市值蒸发 (CNY)" in labels
    ranges = [t for t in d["data"] if t["mode"] == "lines"]
    assert len(ranges) == len(claims)
    assert d["layout"]["meta"]["disagree"] == []
    rows = pd.DataFrame([
        {"figure_id": "a", "article_id": "a", "text": "600万美元", "kind": "money", "value": 6e6,
         "value_max": None, "unit": "USD", "qualifier": "", "subject": "DeepSeek", "measure": "训练成本", "subject_named": True, "outlet": "A"},
        {"figure_id": "b", "article_id": "b", "text": "300万美元", "kind": "money", "value": 3e6,
         "value_max": None, "unit": "USD", "qualifier": "", "subject": "DeepSeek", "measure": "训练成本", "subject_named": True, "outlet": "B"},
    ])
    f2, c2 = build_claims(rows)
    f3, c3 = build_claims(rows.assign(outlet="unknown"))
    assert c3["outlets"].iloc[0] == "unknown (a), unknown (b)"
    names = {t["name"] for t in claim_comparison(f3, c3).to_dict()["data"] if t["mode"] == "markers"}
    assert names == {"unknown (a)", "unknown (b)"}, "articles of unknown outlet must not merge into one series"
    flagged = claim_comparison(f2, c2, lang="en").to_dict()
    assert flagged["layout"]["meta"]["disagree"] == ["⚠ DeepSeek训练成本 (USD)"]
    assert claim_comparison(figs.iloc[0:0], claims).to_dict()["layout"]["annotations"]


def test_figure_timeline_chart(claimed, frames):
    from analytics.plotting.figure_timeline import figure_timeline

    figs, _ = claimed
    d = figure_timeline(figs, frames[0]).to_dict()
    markers = [t for t in d["data"] if t["mode"] == "markers"]
    n_points = sum(len(t["x"]) for t in markers)
    assert n_points == len(figs)
    pct = next(t for t in markers if t["legendgroup"] == "percent")  # the legend name is translated (百分比)
    assert any(c.startswith(f"sentence:{A001}:") for c in pct["customdata"])
    assert figure_timeline(figs.iloc[0:0], frames[0]).to_dict()["layout"]["annotations"][0]["text"]
    arts = pd.DataFrame({"article_id": [A001], "outlet": ["21世纪经济报道"], "headline": ["DeepSeek冲击波"]})
    rows = {y for t in figure_timeline(figs, frames[0], articles=arts).to_dict()["data"] for y in t["y"]}
    assert "21世纪经济报道 · DeepSeek冲击波" in rows and A000 in rows


def test_overview_claims_chart_compares_money_in_one_currency(claimed):
    from analytics.plotting.overview_claims import disputed_claims

    figs, claims = claimed
    d = disputed_claims(claims, figs.assign(outlet="unknown")).to_dict()
    loss = _claim(claims, "英伟达市值蒸发")
    xs = {t: x for tr in d["data"] for t, x, y in zip(tr["text"], tr["x"], tr["y"]) if y == loss["label"]}
    assert set(xs) == {"5927億美元", "約合4.3萬億人民幣", "约4.2万亿人民币"}
    assert xs["約合4.3萬億人民幣"] == 1.0 and 0.97 < xs["5927億美元"] < 1.0 and 0.97 < xs["约4.2万亿人民币"] < 1.0
    assert {tr["name"] for tr in d["data"]} == {f"unknown ({a})" for a in figs.loc[figs["claim_id"].notna(), "article_id"]}


def _table(texts: dict[str, str]) -> pd.DataFrame:
    """The figures table of small articles, one sentence table row per sentence."""
    rows = [{"article_id": aid, "sentence_idx": s.idx, "text": s.text, "text_hans": s.text}
            for aid, text in texts.items() for s in split_sentences(text)]
    return figures_table(pd.DataFrame(rows), pd.DataFrame({"article_id": list(texts), "outlet": list(texts)}))


def test_subject_and_measure_come_from_the_figures_own_sentence():
    (price,) = extract_figures("理光R10售价1690元。")
    assert (price["subject"], price["measure"]) == ("理光R10", "售价")
    (drop,) = extract_figures("英伟达股价暴跌17%。")
    assert (drop["subject"], drop["measure"]) == ("英伟达", "股价跌幅")
    dead, = extract_figures("山西一煤矿发生顶板事故 7名被困矿工全部遇难")
    assert (dead["subject"], dead["measure"]) == ("被困矿工", "遇难人数")
    area, start = extract_figures("该地块出让面积约3.8万平方米，起始价43.35亿元。")
    assert (area["subject"], area["measure"]) == ("该地块", "出让面积")
    assert (start["subject"], start["measure"]) == ("该地块", "起始价")
    assert extract_figures("报告全文共12页。")[0]["subject"] != "DeepSeek"


def test_a_short_alias_never_matches_inside_a_longer_token():
    with packs.using(["ai2025"]):
        (price,) = extract_figures("理光R10售价1690元，与上一代持平。")
        assert price["subject"] == "理光R10"
        assert canonical_subject("理光R10") == "理光R10"
        assert canonical_subject("GR1") == "GR1"
        assert canonical_subject("R1") == "DeepSeek"
        assert canonical_subject("V3和R1") == "DeepSeek"
        table = _table({"cam1": "理光R10售价1690元。", "cam2": "理光R10的售价为1690元。",
                        "ai": "DeepSeek R1的售价为1690元。"})
        _, claims = build_claims(table)
    assert claims["label"].tolist() == ["理光R10售价"]
    assert claims["article_ids"].iloc[0] == "cam1, cam2"


def test_a_films_budget_never_becomes_a_seed_subject():
    text = "电影《长河以北》的制作成本约1.2亿元，苹果公司未参与投资。"
    with packs.using(["ai2025"]):
        (budget,) = extract_figures(text)
        assert (budget["subject"], budget["measure"]) == ("电影《长河以北》", "制作成本")
        table = _table({"a": text, "b": "电影《长河以北》的制作成本约为1.2亿元。", "c": "DeepSeek的训练成本约1.2亿元。"})
        _, claims = build_claims(table)
    assert claims["label"].tolist() == ["电影《长河以北》制作成本"]
    assert table.loc[table["article_id"] != "c", "subject"].str.contains("DeepSeek|苹果").sum() == 0


def test_claims_need_the_same_subject_measure_and_unit():
    table = _table({
        "a": "理光R10售价1690元。", "b": "理光R10售价1700元。", "c": "理光GR4售价1690元。",
        "d": "理光R10维修费1690元。", "e": "理光R10重1690克。", "f": "该公司营收1690元。", "g": "公司营收1690元。",
    })
    figs, claims = build_claims(table)
    assert claims["label"].tolist() == ["理光R10售价"]
    assert set(figs.loc[figs["claim_id"].notna(), "article_id"]) == {"a", "b"}
    assert (claims["min_value"].iloc[0], claims["max_value"].iloc[0]) == (1690, 1700)


def test_claims_keep_figures_of_one_size():
    table = _table({"a": "星驰X7售价20万元。", "b": "星驰X7售价21万元。", "c": "星驰X7售价200万元。"})
    figs, claims = build_claims(table)
    assert claims["n_articles"].tolist() == [2]
    assert figs.loc[figs["article_id"] == "c", "claim_id"].isna().all()


def test_bare_yuan_in_a_taiwanese_report_is_new_taiwan_dollars():
    table = _table({"tw": "行政院宣布補貼新台幣3000元。台北市民每人可再領500元。"})
    assert table["unit"].tolist() == ["TWD", "TWD"]
    assert _table({"cn": "每人可领500元补贴。"})["unit"].tolist() == ["CNY"]


@pytest.mark.parametrize("text, value, value_max, unit, kind", [
    ("事故已致7死", 7, None, "人", "count"),
    ("發生規模6.1地震", 6.1, None, "级", "quantity"),
    ("营收翻了一番", 2, None, "倍", "multiplier"),
    ("项目预计一年半完工", 1.5, None, "年", "duration"),
    ("连续9个季度增长", 27, None, "月", "duration"),
    ("每小时清出两三米", 2, 3, "米", "quantity"),
    ("恒指收跌300点", 300, None, "点", "count"),
    ("近半年房价上涨", 0.5, None, "年", "duration"),
    ("七名矿工获救", 7, None, "名", "count"),
])
def test_figures_of_any_beat(text, value, value_max, unit, kind):
    (f,) = extract_figures(text)
    assert (f["kind"], f["unit"], f["value"], f["value_max"]) == (kind, unit, value, value_max)


def test_clock_times_and_adverbs_are_not_figures():
    assert extract_figures("上午9点开会") == []
    assert extract_figures("这十分重要") == []


def test_a_change_after_a_noun_quantifies_that_noun():
    """营收 joined the segmenter without a part of speech (tag x) and was no noun; a change whose clause has no
    noun quantifies the noun of the clause before (subject), the change is the measure."""
    _, drop = extract_figures("累計前5月營收267.4億元，年減3.1%。")
    assert (drop["subject"], drop["measure"]) == ("营收", "降幅")
    _, profit = extract_figures("净利润6.1亿元，同比下降22.8%。")
    assert (profit["subject"], profit["measure"]) == ("净利润", "降幅")
    (fall,) = extract_figures("消息公布当日，鑫泰控股股价早盘即大幅低开，全天暴跌27.3%。")
    assert (fall["subject"], fall["measure"]) == ("鑫泰控股", "股价跌幅")
