"""Sentence splitting: ends, quotes, numbers, corrupted question marks, offsets."""
from analytics.sentences import split_sentences


def texts(t: str) -> list[str]:
    return [s.text for s in split_sentences(t)]


def test_chinese_and_ascii_ends_and_line_breaks():
    assert texts("英偉達暴跌。博通大跌！為什麼？真的!是嗎?結束；下一段\n標題行\n正文。") == [
        "英偉達暴跌。", "博通大跌！", "為什麼？", "真的!", "是嗎?", "結束；", "下一段", "標題行", "正文。"]


def test_closing_quotes_stay_with_their_sentence():
    assert texts("他說：“這太瘋狂了，完全出乎意料。”隨後離開。") == ["他說：“這太瘋狂了，完全出乎意料。”", "隨後離開。"]
    assert texts('他表示:"我們應該非常認真地對待。"然後。') == ['他表示:"我們應該非常認真地對待。"', "然後。"]
    assert texts('表示:"第一句。第二句。"然後。') == ['表示:"第一句。', '第二句。"', "然後。"]
    assert texts("“美國必須贏得與中國的AI戰爭”。他說。") == ["“美國必須贏得與中國的AI戰爭”。", "他說。"]


def test_numbers_are_never_split():
    assert texts("成本從15美元降至0.55美元，英偉達暴跌16.86%。") == ["成本從15美元降至0.55美元，英偉達暴跌16.86%。"]


def test_corrupted_question_mark_inside_a_word_is_not_an_end():
    assert texts("這些都是?該公司Post-training更高效率的體現。") == ["這些都是?該公司Post-training更高效率的體現。"]
    assert texts("為什麼是DeepSeek?答案很簡單。") == ["為什麼是DeepSeek?", "答案很簡單。"]


def test_offsets_point_into_the_text():
    t = "  第一句。\n\n 第二句！第三句"
    sents = split_sentences(t)
    assert [s.idx for s in sents] == [0, 1, 2]
    for s in sents:
        assert t[s.start:s.end] == s.text
    assert texts("") == [] and texts("\n \n") == []


def test_exclamation_inside_a_latin_name_is_not_an_end():
    assert texts("门户网站Yahoo!,电子商务平台Amazon相继出现。真的!对。") == [
        "门户网站Yahoo!,电子商务平台Amazon相继出现。", "真的!", "对。"]
