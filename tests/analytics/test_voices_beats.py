"""Entities and cited sources on sentences of the multi-beat corpus (tests/data/beats), no domain pack: the
byline's outlet, kinds of bodies, verbs and departments at a name's edges, person-name edges, attribution
grammar. Each case is a sentence or article of that corpus and what its gold file says."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics import clean, corpus, entities_org, packs, pipeline, voices

BEATS = Path(__file__).resolve().parents[1] / "data" / "beats" / "articles"


def frame(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": "a", "sentence_idx": i, "text": t, "text_hans": clean.to_simplified(t)}
                         for i, t in enumerate(texts)])


def spans(text: str) -> list[tuple[str, str]]:
    hans = clean.to_simplified(text)
    with packs.using([]):
        return [(hans[s.start:s.end], s.type) for s in voices.recognise(hans)]


def sources(*texts: str) -> list[tuple[str, str]]:
    with packs.using([]):
        c = voices.extract_citations(frame(list(texts)))
    return c[["source", "cue"]].values.tolist()


@pytest.fixture(scope="module")
def prepared() -> dict[str, pipeline.Prepared]:
    want = {"companies_001", "education_005", "consumer_001", "technology_017", "politics_017", "health_007"}
    read = corpus.read_corpus(str(BEATS))
    return {a.article_id: pipeline.prepare_article(a) for a in read.articles if a.article_id in want}


def test_stated_media_reads_the_source_line_and_platform(prepared):
    assert voices.stated_media(prepared["companies_001"].article) == ("宁波日报",)
    assert set(voices.stated_media(prepared["education_005"].article)) == {"羊城晚报", "羊城派"}
    assert voices.stated_media(prepared["consumer_001"].article) == ("人民网",)  # 人民网-汽车频道: a section
    assert {"网易号", "数码前线"} <= set(voices.stated_media(prepared["technology_017"].article))


def test_byline_outlet_is_a_media_entity_with_a_byline_mention(prepared):
    p = prepared["companies_001"]
    stated = {"companies_001": voices.stated_media(p.article)}
    with packs.using([]):
        entities, mentions = voices.extract_entities(p.sentences, stated)
        without, _ = voices.extract_entities(p.sentences)
    row = entities[entities["name"] == "宁波日报"]
    assert row["type"].tolist() == ["media"] and "宁波日报" not in set(without["name"])
    byline = mentions[mentions["sentence_idx"] == voices.BYLINE_IDX]
    assert byline["surface"].tolist() == ["宁波日报"]


def test_two_forms_of_one_stated_outlet_are_one_entity(prepared):
    p = prepared["politics_017"]
    with packs.using([]):
        entities, mentions = voices.extract_entities(p.sentences, {"politics_017": voices.stated_media(p.article)})
    byline = mentions[mentions["sentence_idx"] == voices.BYLINE_IDX]
    assert len(byline) == 1
    aliases = entities.set_index("entity_id").loc[byline["entity_id"].iloc[0], "aliases"]
    assert {"央视新闻客户端", "央视新闻"} <= set(aliases.split("|"))


def test_short_form_that_ends_a_longer_name_is_that_body(prepared):
    p = prepared["health_007"]
    with packs.using([]):
        entities, _ = voices.extract_entities(p.sentences)
    orgs = entities[entities["type"] == "org"]
    folded = [voices.fold(n) for n in orgs["name"]]
    assert "卫生局" not in folded
    assert orgs["n_mentions"].iloc[folded.index("高雄市政府卫生局")] >= 4


@pytest.mark.parametrize("text, gone", [
    ("鎮政府工作人員介紹，鎮裡提前轉移了群眾。", "镇政府"),
    ("縣教育局局長李振華告訴記者，近3年情況好轉。", "县教育局"),
    ("600余名党员干部、民兵和消防救援人员迅速赶到。", "党员干部"),
    ("罗一鸣的上海演唱会还没开唱，“黄牛”先出事。", "上海演唱会"),
    ("林书航首次获得大满贯赛男单冠军。", "大满贯赛男单冠军"),
    ("民进党立委蔡文杰在院会发言时说，修法有必要。", "民进党立委"),
    ("由故宫博物院主办的展览今日开幕。", "故宫博物院主办"),
    ("東莞破跨境電騙集團 逾百人落網", "电骗集团"),
    ("商业健康险赔付支出只相当于基本医保基金支出的一成左右。", "医保基金"),
    ("林芷晴所屬經紀公司星耀娛樂發表聲明表示，尊重法院判決。", "经纪公司"),
])
def test_kinds_of_bodies_and_body_like_words_are_not_names(text, gone):
    assert gone not in dict(spans(text))


def test_a_bare_bureau_stays_a_name():
    assert not entities_org.not_a_body("教育局") and entities_org.not_a_body("县教育局")


@pytest.mark.parametrize("text, name", [
    ("北京市第一中级人民法院驳回闪送达公司上诉，维持一审判决。", "北京市第一中级人民法院"),
    ("資安署在聲明中說，已派員協助仁德醫院進行鑑識。", "仁德医院"),
    ("他介绍，今年以来国家医保局已组织对全国31个省份开展飞行检查。", "国家医保局"),
    ("政府統計處數字顯示，本港今年首9個月零售業總銷貨價值按年下跌約7%。", "政府统计处"),
    ("商務及經濟發展局副局長梁俊賢今日出席立法會會議。", "商务及经济发展局"),
    ("刑事警察局最新統計，今年1至6月全台詐騙案件增加。", "刑事警察局"),
    ("香港已與RCEP秘書處及多個成員完成第二輪技術交流。", "RCEP秘书处"),
    ("信暉證券研究部主管表示，市場仍然審慎。", "信晖证券"),
])
def test_organisation_edges(text, name):
    assert (name, "org") in spans(text)


def test_two_bodies_joined_by_and_are_not_one_name():
    assert "中央财政和应急管理部" not in dict(spans("他介绍，中央财政和应急管理部全年共下拨自然灾害救灾资金。"))


@pytest.mark.parametrize("text, name", [
    ("衛生局副局長陳怡萱說，近期午後雷陣雨頻繁。", "陈怡萱"),
    ("國民黨立委李慧珊則批評，1,200億元看不到成效。", "李慧珊"),
    ("杭州明澈医药科技股份有限公司首席财务官郑敏在接受记者采访时说。", "郑敏"),
    ("澳大利亚游泳运动员利亚姆·卡特赖特因兴奋剂违规被禁赛4年。", "利亚姆·卡特赖特"),
    ("世卫组织抗微生物药物耐药性部门负责人玛丽亚·桑托斯在发布会上警告。", "玛丽亚·桑托斯"),
    ("成都租客小刘至今想起那一天仍觉得委屈。", "小刘"),
    ("警方开展收网行动，主要犯罪嫌疑人黄某某在云南边境落网。", "黄某某"),
    ("65岁的王大爷去年刚办了一张3年期的会员卡。", "王大爷"),
    ("統聯投顧董事長蕭文俊表示，伺服器供應鏈營收持續成長。", "萧文俊"),
])
def test_person_name_edges(text, name):
    assert (name, "person") in spans(text)


def test_an_employer_before_a_title_is_no_person_and_the_titled_person_speaks():
    text = "东方金诚首席宏观分析师严冰对新京报记者表示，此次LPR降幅明显超出市场预期。"
    assert ("金诚", "person") not in spans(text)
    assert [s for s, _ in sources(text)] == ["严冰"]
    assert [s for s, _ in sources("何颖诗的教练陈启明指出，她过去一年在出发反应上进步明显。")] == ["陈启明"]


@pytest.mark.parametrize("text, source, cue", [
    ("政府統計處數字顯示，本港今年首9個月零售業總銷貨價值按年下跌約7%。", "政府统计处", "显示"),
    ("Wind数据显示，鼎泰目前存续境内债券12只。", "Wind", "显示"),
    ("记者20日从工业和信息化部举行的新闻发布会上获悉，5G基站总数继续增长。", "工业和信息化部", "从…获悉"),
    ("就讀大學二年級的林同學說，她與同學每月至少北上兩次。", "林同学", "说"),
    ("山西省政府此前已要求，对年产能120万吨以下的煤矿逐矿开展安全评估。", "山西省政府", "要求"),
    ("天眼查信息显示，该工作室已于2023年注销。", "天眼查", "显示"),
    ("北京开卷数据显示，该书在今年一季度的销量排名第一。", "北京开卷", "显示"),
    ("据第三方机构鲸算数据统计，今年双11全网销售额增长。", "鲸算数据", "统计"),
])
def test_attribution_grammar(text, source, cue):
    assert [source, cue] in sources(text)


@pytest.mark.parametrize("text, gone", [
    ("更多精彩内容，请下载21财经APP", "财经"),
    ("27 Aug 2025 | 财新网", "Aug 2025"),
    ("南方都市报 2025年11月21日 A12版", "A12"),
    ("赛事设全程马拉松、半程马拉松和健康跑三个项目。", "全程马拉松"),
    ("A股三大指数集体下挫 沪指失守2900点", "三大指数"),
    ("另据广东省应急管理厅消息，广东全省已转移安置28.6万人。", "广东全省"),
])
def test_words_shaped_like_names_are_not_entities(text, gone):
    assert gone not in dict(spans(text))


def test_platform_account_is_the_platform():
    assert ("搜狐号", "media") in spans("搜狐号：法润生活")
