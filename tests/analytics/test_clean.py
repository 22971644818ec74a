"""Cleaning rules proven on the real seed articles and on small texts written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.clean import CleanResult, clean_text, detect_script, to_simplified

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
IDS = ["000", "001", "002", "003", "004"]


def _raw(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanResult]:
    return {i: clean_text(_raw(i)) for i in IDS}


def _lines(result: CleanResult) -> list[str]:
    return result.text.split("\n")


# --- output shape -------------------------------------------------------------------------------


@pytest.mark.parametrize("aid", IDS)
def test_one_paragraph_per_line_without_empty_lines(cleaned, aid):
    lines = _lines(cleaned[aid])
    assert len(lines) > 10
    assert all(line and line == line.strip() for line in lines)


# --- pinyin annotations -------------------------------------------------------------------------


@pytest.mark.parametrize("aid", IDS)
def test_no_pinyin_annotation_left(cleaned, aid):
    assert not re.search(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-z]*[)）]", cleaned[aid].text)


def test_annotations_removed_in_003(cleaned):
    text = cleaned["003"].text
    assert "經此一遭" in text and "網(wǎng)" not in text and "發(fā)" not in text
    assert cleaned["003"].meta["title"] == "美國AI專家:全球AI爭霸賽已結束,目前來看,美國沒贏"
    assert sum(rule == "pinyin" for rule, _ in cleaned["003"].removed) > 100


def test_real_parentheticals_survive(cleaned):
    assert "深度求索(DeepSeek)" in cleaned["003"].text
    assert "新聞網(CNN)" in cleaned["003"].text
    assert "全球南方國家(指發展中國家)" in cleaned["000"].text
    assert "他们(硅谷)" in cleaned["004"].text


def test_annotation_synthetic():
    r = clean_text("比賽已結(jié)束,他發(fā)言(fāyán)前上網(wǎng)。剛果(金)和CNN(美國)不變。")
    assert r.text == "比賽已結束,他發言(fāyán)前上網。剛果(金)和CNN(美國)不變。"
    assert clean_text("（全角）的結（jié）束").text == "（全角）的結束"


# --- mojibake -----------------------------------------------------------------------------------


def test_period_shift_recovered_in_001(cleaned):
    text = cleaned["001"].text
    assert "媒介。現在沒有證據足以表明" in text
    assert "同樣的解決方案。”" in text
    assert "認真地對待中國的AI進步。”" in text


def test_period_shift_recovered_in_003(cleaned):
    text = cleaned["003"].text
    assert "投入大筆資金的國家。”“很明顯,游戲規則已經改變”。" in text
    assert "AI能力的發展。可以說,這些出口管制適得其反。”" in text
    assert "美國并未獲勝。”" in text
    assert "?!" not in text and "薄昂" not in text and "梢哉" not in text


def test_lost_lead_byte_recovered_by_dictionary(cleaned):
    assert "當地時間27日,英偉達股票暴跌近17%" in cleaned["003"].text
    assert "shù" not in cleaned["003"].text


def test_unrecoverable_characters_leave_one_placeholder(cleaned):
    assert "“政府?十年來對大型科技公司卑躬屈膝" in cleaned["003"].text
    assert "這些都是?該公司Post-training更高效率的體現。" in cleaned["001"].text


@pytest.mark.parametrize("aid", IDS)
def test_no_mojibake_residue(cleaned, aid):
    text = cleaned[aid].text
    assert not re.search(r"\?[!,?@]", text)
    assert "\ufffd" not in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", text)


def test_period_shift_synthetic():
    shifted = "?" + chr(0xAC & 0x7F) + "F在"  # 。現在 read one byte off
    assert clean_text("說了這些" + shifted + "沒有問題").text == "說了這些。現在沒有問題"
    assert clean_text("他說:“很好?!?").text == "他說:“很好。”"
    assert clean_text("很好?!?").text == "很好。"


def test_genuine_question_marks_are_kept():
    text = "為什麼是DeepSeek?\n又要跟馬斯克杠上了?OpenAI布局社交網絡\n到底想說啥?半天之后"
    assert clean_text(text).text == text


def test_control_characters_and_replacement_chars_removed():
    r = clean_text("中國\ufffd企業\x00在\x1b增強。\u200b")
    assert r.text == "中國企業在增強。"
    assert any(rule == "control" for rule, _ in r.removed)


# --- HTML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("aid", IDS)
def test_no_html_remnants(cleaned, aid):
    assert not re.search(r"</?\w+>|/p>|&\w+;", cleaned[aid].text)


def test_html_remnants_synthetic():
    r = clean_text("<p>第一段&nbsp;內容&amp;更多</p><p>第二段<br>第三段</p>尾巴/p>")
    assert _lines(r) == ["第一段 內容&更多", "第二段", "第三段", "尾巴"]


# --- page furniture -----------------------------------------------------------------------------


def test_003_footer_removed(cleaned):
    r = cleaned["003"]
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", r.text)
    assert "相關推薦" not in r.text and "相關(guān)推薦" not in r.text
    assert "塞爾維亞總理宣布辭職" not in r.text
    assert "真急了!特朗普要叫停英偉達對華特供版" not in r.text
    assert "qiqian@guancha.cn" not in r.text and "責任編輯" not in r.text
    assert "-" not in _lines(r)
    assert _lines(r)[-1].startswith("CNN評價道,這將對特朗普第一任期")


def test_004_platform_furniture_removed(cleaned):
    r = cleaned["004"]
    for furniture in ("特别声明", "Notice:", "全文完", "近期爆文", "网易号"):
        assert furniture not in r.text
    assert "0 1" not in _lines(r) and "0 2" not in _lines(r)
    assert "为什么是DeepSeek?" in _lines(r) and "中国需要100个“DeepSeek”" in _lines(r)
    assert r.meta == {"platform": "网易号"}
    assert _lines(r)[-1].endswith("我们只是被过去那种惯性束缚了,但它也是阶段性的。")


def test_link_list_and_related_block_synthetic():
    raw = "\n".join(
        [
            "正文第一段,講了一件事。",
            "正文第二段,講了另一件事。",
            "標題一則",
            "2024-12-01 10:00 國際 -",
            "標題二則",
            "2024-12-01 09:00",
            "相关推荐",
            "推薦標題三",
        ]
    )
    r = clean_text(raw)
    assert _lines(r) == ["正文第一段,講了一件事。", "正文第二段,講了另一件事。"]
    assert ("link_list", "標題一則") in r.removed


def test_disclaimers_and_end_marks_synthetic():
    raw = "正文。\n（完）\n免责声明：本文为搜狐号作者发布，仅提供信息存储服务。\nEND"
    r = clean_text(raw)
    assert r.text == "正文。"
    assert r.meta["platform"] == "搜狐号"


# --- abstract and duplicates --------------------------------------------------------------------


def test_002_abstract_appears_once(cleaned):
    text = cleaned["002"].text
    assert text.count("列宁曾多次被引用(可能是误引)") == 1
    assert "摘要" not in text
    assert _lines(cleaned["002"])[0].endswith("发布了其最新版本的大语言模型(LLM)——DeepSeek R1。")


def test_original_abstract_is_kept_without_label():
    r = clean_text("摘要：這是一段獨立的提要，正文沒有重複它的內容。\n正文講的是另外一回事，完全不同。")
    assert _lines(r) == ["這是一段獨立的提要，正文沒有重複它的內容。", "正文講的是另外一回事，完全不同。"]


def test_exact_duplicate_paragraphs_dropped():
    r = clean_text("第一段內容。\n第二段內容。\n第一段內容。")
    assert _lines(r) == ["第一段內容。", "第二段內容。"]
    assert ("duplicate", "第一段內容。") in r.removed


# --- bylines and metadata -----------------------------------------------------------------------


def test_001_reporter_byline_is_metadata(cleaned):
    r = cleaned["001"]
    assert r.meta == {"outlet": "21世紀經濟報道", "author": "孔海麗"}
    assert "北京報道" not in r.text
    assert _lines(r)[0].startswith("一支來自“中國的神秘力量”")


def test_002_byline_and_source_line(cleaned):
    r = cleaned["002"]
    assert r.meta == {"author": "蒋宏达", "source_line": "科技袁人袁岚峰", "outlet": "科技袁人"}
    assert "蒋宏达" not in r.text and not any(line.startswith("来源") for line in _lines(r))
    assert "另外两个来源:" in r.text
    assert _lines(r)[-1].startswith("总之,深度求索R1的发布标志着")


def test_003_bracket_byline_keeps_sentence(cleaned):
    r = cleaned["003"]
    assert r.meta["outlet"] == "觀察者網" and r.meta["author"] == "齊倩"
    assert _lines(r)[0].startswith("中國人工智能公司深度求索(DeepSeek)橫空出世")
    assert "【" not in r.text
    assert "美國AI專家:全球AI爭霸賽已結束" not in r.text


def test_000_has_no_inferred_metadata_and_keeps_subheadings(cleaned):
    r = cleaned["000"]
    assert r.meta == {}
    lines = _lines(r)
    for heading in ("英偉達股價走跌", "硅谷出現“恐慌時刻”", "開源戰略的全球衝擊波"):
        assert heading in lines
    assert lines[-1].endswith("“美國必須贏得與中國的AI戰爭”。")


def test_published_only_from_a_stated_full_date():
    r = clean_text("2024年3月5日 10:20\n某報記者張三 上海報道\n正文第一段很長很長,這是正文。")
    assert r.meta == {"published": "2024-03-05", "outlet": "某報", "author": "張三"}
    assert clean_text("1月28日,正文說了一件事。").meta == {}
    r = clean_text("发布时间：2025-01-28 10:17 来源：观察者网\n正文。\n当地时间2025年1月27日，英伟达暴跌。")
    assert r.meta["published"] == "2025-01-28"
    assert _lines(r) == ["正文。", "当地时间2025年1月27日，英伟达暴跌。"]


@pytest.mark.parametrize("aid", IDS)
def test_published_not_invented_for_seeds(cleaned, aid):
    assert "published" not in cleaned[aid].meta


# --- every body sentence is kept ----------------------------------------------------------------


# Body lines of each raw seed (0-based slice), read by hand: everything else is byline or furniture.
BODY_LINES = {"000": slice(0, None), "001": slice(1, None), "002": slice(2, -1), "003": slice(4, 27), "004": slice(0, 40)}


def _body_sentences(aid: str) -> list[str]:
    """Long sentences of body lines, annotations and byline brackets dropped, skipping mojibake and markup."""
    out = []
    for line in _raw(aid).split("\n")[BODY_LINES[aid]]:
        line = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", "", line)
        line = re.sub(r"^【[^】]*】", "", line)
        if re.search(r"[?]|/p>", line):
            continue
        out.extend(s for s in re.split(r"(?<=[。！？!])", line) if len(s) >= 15)
    return out


@pytest.mark.parametrize("aid", IDS)
def test_every_clean_body_sentence_survives(cleaned, aid):
    sentences = _body_sentences(aid)
    assert len(sentences) >= 5
    missing = [s for s in sentences if s not in cleaned[aid].text]
    assert missing == []


# --- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\n", "-\n-\n", "\x00\x01\ufffd", "?" * 50, "?!?", "(jié)", "<p></p>", "摘要:", "【文/】"],
)
def test_degenerate_inputs_give_empty_or_plain_text(raw):
    r = clean_text(raw)
    assert isinstance(r, CleanResult)
    assert "\n\n" not in r.text and r.text == r.text.strip()


def test_binary_looking_and_huge_inputs_do_not_raise():
    binary = bytes(range(256)).decode("latin-1") * 20
    assert isinstance(clean_text(binary).text, str)
    huge = ("美國總統特朗普表示,這可能是非常積極的發展。\n" * 20000) + "結(jié)束?!?"
    r = clean_text(huge)
    assert r.text.endswith("結束。")
    assert _lines(r)[0] == "美國總統特朗普表示,這可能是非常積極的發展。"


# --- script -------------------------------------------------------------------------------------


@pytest.mark.parametrize("aid,script", [("000", "Hant"), ("001", "Hant"), ("002", "Hans"), ("003", "Hant"), ("004", "Hans")])
def test_detect_script_on_seeds(aid, script):
    assert detect_script(_raw(aid)) == script


def test_detect_script_small_texts_and_simplified_copy():
    assert detect_script("國際經濟") == "Hant"
    assert detect_script("国际经济") == "Hans"
    assert detect_script("DeepSeek 123") == "Hans"
    assert to_simplified("當地時間") == "当地时间"
    assert to_simplified("") == ""


def test_simplified_article_quoting_one_traditional_sentence_stays_simplified():
    body = "英伟达股价周一暴跌,市值蒸发近六千亿美元,创下美股历史纪录。" * 6
    assert detect_script(body + "台媒写道:「英偉達股價暴跌。」") == "Hans"
    assert detect_script("英偉達股價暴跌。") == "Hant"


# --- outlet, author and headline in the forms web news states them ------------------------------

BODY = "市场监管部门今天公布了一批抽检结果，其中三批次产品不合格，相关企业已被责令整改。"


def _meta(*lines: str) -> dict[str, str]:
    return clean_text("\n".join(lines)).meta


def test_source_line_with_date():
    r = clean_text("\n".join(["三批次产品抽检不合格", "来源：澎湃新闻  2024-03-05 10:21", BODY]))
    assert (r.meta["outlet"], r.meta["title"]) == ("澎湃新闻", "三批次产品抽检不合格")
    assert _lines(r) == ["三批次产品抽检不合格", BODY]


def test_xinhua_dateline_line():
    meta = _meta("三批次产品抽检不合格", "新华社北京2024年3月5日电（记者 李明）", BODY)
    assert (meta["outlet"], meta["author"]) == ("新华社", "李明")


def test_datelines_are_read_and_kept_in_the_text():
    r = clean_text("三批次产品抽检不合格\n中新网上海3月5日电 (记者 许冬梅)" + BODY)
    assert (r.meta["outlet"], r.meta["author"]) == ("中新网", "许冬梅")
    assert _lines(r)[1].startswith("中新网上海3月5日电")
    r = clean_text("三批次产品抽检不合格\n香港01 撰文：陳家朗\n" + BODY)
    assert (r.meta["outlet"], r.meta["author"]) == ("香港01", "陳家朗")
    assert _lines(r)[1] == "香港01 撰文：陳家朗"


def test_cna_reporter_dateline_separates_name_and_place():
    meta = _meta("宏晶半導體高雄設廠", "中央社記者陳怡君台北2023年11月2日電", "晶圓代工廠今天宣布，將在高雄興建新廠。")
    assert (meta["outlet"], meta["author"]) == ("中央社", "陳怡君")


def test_ming_pao_bracket_dateline():
    meta = _meta("港隊奪金", "【明報專訊】全運會劍擊項目昨日在香港進行決賽，港隊奪得金牌。")
    assert meta["outlet"] == "明報" and "author" not in meta


def test_own_paper_is_no_outlet_unless_a_footer_names_it():
    alone = _meta("外贸订单排到明年", "本报讯（记者 王磊）" + BODY)
    assert alone["author"] == "王磊" and "outlet" not in alone
    footed = _meta("外贸订单排到明年", "本报讯（记者 王磊）" + BODY, "2023-03-16 07:30 来源：宁波日报")
    assert (footed["outlet"], footed["author"]) == ("宁波日报", "王磊")


def test_original_title_line_can_name_the_source():
    r = clean_text("\n".join(["外贸订单排到明年", "本报记者 王磊", BODY, "原标题：《外贸企业订单饱满》 来源：宁波日报"]))
    assert (r.meta["outlet"], r.meta["author"]) == ("宁波日报", "王磊")


def test_english_date_then_outlet():
    meta = _meta("债市资产荒再受关注", "27 Jan 2025 | 财新网", "财新记者 周岚", BODY)
    assert (meta["outlet"], meta["author"]) == ("财新网", "周岚")


def test_platform_footer_makes_the_platform_the_outlet_and_the_account_the_author():
    meta = _meta("这款床垫让我一觉到天亮", "文/张三", BODY,
                 "声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。")
    assert (meta["outlet"], meta["author"], meta["platform"]) == ("搜狐号", "张三", "搜狐号")
    account = _meta("这款床垫让我一觉到天亮", "头条号「家居生活馆」  2025-03-10 20:08", BODY)
    assert (account["outlet"], account["author"]) == ("头条号", "家居生活馆")


def test_editor_line_names_no_one():
    r = clean_text("\n".join(["三批次产品抽检不合格", "来源：经济日报", BODY, "（责任编辑：何欣）"]))
    assert r.meta["outlet"] == "经济日报" and "author" not in r.meta
    assert "责任编辑" not in r.text


def test_copyright_footer():
    meta = _meta("颱風青瀾襲港", "撰文：陳家朗", "強颱風青瀾今日下午在廣東吳川登陸，天文台改發三號信號。", "© 2024 香港01")
    assert (meta["outlet"], meta["author"]) == ("香港01", "陳家朗")


def test_outlet_name_line_with_date():
    meta = _meta("標榜無添加卻驗出防腐劑", "TVBS新聞網 2024/05/12", "衛生局今日公布抽驗結果，一款鮮奶驗出防腐劑。")
    assert meta["outlet"] == "TVBS新聞網" and meta["title"] == "標榜無添加卻驗出防腐劑"


def test_originally_published_in_footer():
    meta = _meta("老年助餐如何办下去", BODY, "原文刊载于《宁波日报》2024年3月5日第3版")
    assert meta["outlet"] == "宁波日报"


def test_reposted_from_footer():
    assert _meta("老年助餐如何办下去", BODY, "转载自：北京青年报")["outlet"] == "北京青年报"


def test_headline_is_meta_and_stays_the_first_line():
    r = clean_text("\n".join(["星驰X7召回背后：新势力车企的“安全账”怎么算？", "中国经营报记者 黄琪 北京报道", BODY]))
    assert r.meta == {"title": "星驰X7召回背后：新势力车企的“安全账”怎么算？", "outlet": "中国经营报", "author": "黄琪"}
    assert _lines(r) == ["星驰X7召回背后：新势力车企的“安全账”怎么算？", BODY]
    assert "title" not in clean_text(BODY + "\n" + BODY.replace("三", "四")).meta


def test_short_body_lines_are_not_taken_for_outlets():
    r = clean_text("第一段\n第二段\n第三段")
    assert "outlet" not in r.meta and _lines(r) == ["第一段", "第二段", "第三段"]


def test_outlet_names_as_the_articles_table_shows_them():
    from analytics.voices import normalise_outlet

    assert normalise_outlet("人民网")[0] == "人民网" and normalise_outlet("中新网")[0] == "中新网"
    assert normalise_outlet("南都")[0] == "南方都市报" and normalise_outlet("財新網")[0] == "财新网"
    assert normalise_outlet("中新网")[1] == normalise_outlet("中国新闻网")[1]
