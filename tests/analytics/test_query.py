"""Boolean queries: a table of queries and the sentences they must match, malformed queries, filters."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics import filters as flt
from analytics import query

DOCS = {
    "a": "英伟达股价周一暴跌16.86%，市值蒸发近6000亿美元。",
    "b": "輝達與台積電的合作將持續擴大，中國市場需求強勁。",
    "c": "Nvidia shares fell sharply after the DeepSeek news.",
    "d": "美国商务部宣布新的芯片出口管制措施。",
    "e": "非洲多国电力短缺，中国企业参与电站建设。",
    "f": "美的集团发布新款空调，售价3999元。",
    "g": "央行宣布下调存款准备金率0.5个百分点。",
    "h": "中国人民银行表示，将保持流动性合理充裕。",
    "i": "日本和美国股市同步下跌，科技股领跌。",
    "j": "NV 的财报超出市场预期。",
    "k": "The ENVOY program was cancelled.",
    "l": "台积电在美国亚利桑那州建设新厂。",
}
ALIASES = {
    "英伟达": ["Nvidia", "輝達", "NV"],
    "中国人民银行": ["央行", "人民银行"],
    "美国": ["美", "U.S."],
    "台积电": ["TSMC"],
}


def matching(q: str, aliases=ALIASES) -> str:
    pred = query.compile(q, aliases)
    return "".join(k for k, text in DOCS.items() if pred(text))


CASES = [
    ("英伟达", "abcj"),                      # aliases: English, Traditional, a short alias as a whole word
    ("英偉達", "abcj"),                      # a Traditional query finds the same
    ("nvidia", "abcj"),                      # an alias finds the name and its other aliases; any case
    ("NVIDIA", "abcj"),
    ('"英伟达"', "a"),                       # quoted: exactly this spelling, no aliases
    ('"Nvidia shares"', "c"),                # a quoted phrase with a space
    ("Nvidia shares", "c"),                  # implicit AND
    ("shares Nvidia", "c"),
    ("台积电", "bl"),                        # across scripts: 台積電
    ("中国", "beh"),
    ("中國", "beh"),
    ("中国 AND 芯片", ""),
    ("中国 OR 芯片", "bdeh"),
    ("中国 或 芯片", "bdeh"),                # 或 = OR
    ("中国 与 电力", "e"),                   # 与 = AND
    ("中國 與 電力", "e"),                   # 與 = AND, Traditional terms
    ("电力 非 中国", ""),                    # 非 = NOT
    ("股 非 日本", "a"),
    ("非洲", "e"),                           # 非 inside a word is not an operator
    ("美国", "dil"),                         # the short alias 美 matches only as a word: not 美的, 美元
    ("美的", "f"),
    ("NOT 美国", "abcefghjk"),
    ("美国 NOT 日本", "dl"),
    ("美国 AND NOT 日本", "dl"),
    ("(美国 OR 中国) NOT 日本", "bdehl"),
    ("（美国 OR 中国） NOT 日本", "bdehl"),   # full-width parentheses
    ("美国 OR 中国 AND 电力", "deil"),       # AND binds tighter than OR
    ("(美国 OR 中国) AND 电力", "e"),
    ("央行", "gh"),                          # the alias finds the full name
    ("中国人民银行", "gh"),
    ("人民银行 OR 美联储", "gh"),
    ("NV", "abcj"),                          # a typed short Latin word: not found inside ENVOY
    ("envoy", "k"),
    ("NOT (美国 OR 中国 OR 英伟达)", "fgk"),
    ("“英伟达股价”", "a"),                  # Chinese quotes
    ("「台積電」", "bl"),                      # quotes turn off aliases, not script folding
    ("下跌 科技股", "i"),
    ("16.86%", "a"),
    ("DeepSeek", "c"),
    ("deepseek OR 准备金", "cg"),
]


@pytest.mark.parametrize("q, expected", CASES)
def test_query_table(q, expected):
    assert matching(q) == expected


def test_the_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_without_aliases_a_term_is_a_plain_substring():
    assert matching("英伟达", aliases=None) == "a"
    assert matching("美", aliases=None) == "adfil"


@pytest.mark.parametrize("q, code, pos", [
    ("美国 AND", "missing_right", 4),
    ("AND 美国", "missing_left", 1),
    ("美国 OR OR 中国", "missing_right", 4),
    ("(美国 OR 中国", "unclosed_paren", 1),
    ("美国)", "unexpected_paren", 3),
    ("()", "empty_parens", 1),
    ('"美国', "unclosed_quote", 1),
    ('""', "empty_phrase", 1),
    ("美国 NOT", "missing_right", 4),
])
def test_malformed_queries_say_what_and_where(q, code, pos):
    with pytest.raises(query.QueryError) as exc:
        query.compile(q)
    assert (exc.value.code, exc.value.pos) == (code, pos)
    assert query.error_message(q, "en") == exc.value.message("en")
    assert str(pos) in query.error_message(q, "zh")


def test_error_messages_read_well():
    assert query.error_message("(美国 OR 中国", "en") == "missing ')' for the '(' at character 1"
    assert query.error_message("美国 AND", "zh") == "运算符 AND 后缺少检索词（第4个字符处）"
    assert query.error_message("美国 OR 中国") is None


def test_is_boolean():
    assert not query.is_boolean("英伟达")
    assert query.is_boolean("英伟达 OR 台积电")
    assert query.is_boolean('"英伟达"')


def test_spans_for_highlighting():
    pred = query.compile("英伟达 OR 市值", ALIASES)
    text = DOCS["a"]
    assert [text[s:e] for s, e in pred.spans(text)] == ["英伟达", "市值"]
    assert [DOCS["c"][s:e] for s, e in pred.spans(DOCS["c"])] == ["Nvidia"]
    assert pred.spans(DOCS["k"]) == []


def test_aliases_from_entities_table():
    ents = pd.DataFrame([{"entity_id": "e1", "name": "英伟达", "name_en": "Nvidia", "aliases": "輝達|NVDA"},
                         {"entity_id": "e2", "name": "央行", "name_en": "", "aliases": ""}])
    assert query.aliases_from_entities(ents) == {"英伟达": ["Nvidia", "輝達", "NVDA"]}


def _tables() -> dict[str, pd.DataFrame]:
    s = pd.DataFrame({"article_id": list(DOCS), "sentence_idx": 0, "text": list(DOCS.values()),
                      "text_hans": [query.normalise(t) for t in DOCS.values()], "tone": 0.0,
                      "tone_label": "neu", "topic_id": 0})
    arts = pd.DataFrame({"article_id": list(DOCS), "outlet": "某报"})
    ents = pd.DataFrame([{"entity_id": "e1", "name": "英伟达", "name_en": "Nvidia", "type": "org",
                          "aliases": "輝達|NV", "n_mentions": 3, "n_articles": 3}])
    men = pd.DataFrame({"entity_id": ["e1"], "article_id": ["f"], "sentence_idx": [0]})
    return {"sentences": s, "articles": arts, "entities": ents, "mentions": men}


def test_the_search_filter_takes_boolean_queries():
    t = _tables()
    ids = lambda q: "".join(flt.select_sentences(t, flt.Filters(q=q))["article_id"])  # noqa: E731
    assert ids("英伟达") == "abcfj"         # aliases from the entities table, plus its recognised mention in f
    assert ids("中国 OR 芯片") == "bdeh"
    assert ids("美国 NOT 日本") == "dl"
    assert ids("股价") == "a"               # a plain word stays a substring search
    assert ids("(美国") == ""               # malformed: a plain substring search for "(美国"
    assert ids("市场需求") == "b"
