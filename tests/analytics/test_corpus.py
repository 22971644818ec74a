"""Reading corpora: encodings, tables, bad input, manifest."""
from __future__ import annotations

import json

import pytest

from analytics.corpus import DecodeError, decode_bytes, read_bytes, read_corpus, read_table_file
from analytics.pipeline import prepare_article

HANT = "英偉達股價暴跌百分之十七，市值蒸發五千九百億美元，創下美股紀錄。"
HANS = "英伟达股价暴跌百分之十七，市值蒸发五千九百亿美元，创下美股纪录。"


def test_seeds_read_with_ids_encoding_and_manifest(seeds_dir):
    read = read_corpus(seeds_dir)
    assert [a.article_id for a in read.articles] == [
        "000_3678986a53d0ea4e", "001_560071857a4b2ae7", "002_3d66f2828f3f3986",
        "003_d2088688d25f1d74", "004_36209b51bb99cd19",
    ]
    assert read.skipped == []
    assert {a.encoding for a in read.articles} == {"utf-8"}
    by_id = {a.article_id: a for a in read.articles}
    assert by_id["001_560071857a4b2ae7"].manifest["outlet"] == "21世紀經濟報道"
    assert by_id["003_d2088688d25f1d74"].manifest["title"].startswith("美國AI專家")
    assert by_id["004_36209b51bb99cd19"].manifest == {"platform": "网易号", "script": "Hans"}


@pytest.mark.parametrize("text,encoding", [(HANS, "gbk"), (HANS, "gb18030"), (HANT, "big5"), (HANT, "utf-8-sig")])
def test_legacy_encodings_decode_exactly(text, encoding):
    decoded, enc = decode_bytes(text.encode(encoding))
    assert decoded == text
    if encoding in ("gbk", "gb18030"):
        assert enc == "gb18030"
    elif encoding == "big5":
        assert enc.startswith("big5")


def test_bad_inputs_are_skipped_with_reasons():
    assert read_bytes("a.txt", b"").skipped[0].reason == "empty file"
    assert read_bytes("a.txt", b"  \n\n").skipped[0].reason == "empty file"
    assert "binary" in read_bytes("b.txt", bytes(range(256)) * 4).skipped[0].reason
    assert "not Chinese" in read_bytes("e.txt", b"An English article about markets.").skipped[0].reason
    assert "unsupported" in read_bytes("x.pdf", b"%PDF").skipped[0].reason
    sk = read_bytes("a.txt", b"").skipped[0]
    assert str(sk) == "skipped a.txt: empty file"
    with pytest.raises(DecodeError, match="too large"):
        decode_bytes(b"a" * (21 * 1024 * 1024))


def test_csv_rows_become_articles_and_malformed_rows_are_named():
    data = ("id,title,outlet,text\n"
            f"1,標題,觀察者網,{HANT}\n"
            "2,空,x,\n"
            f"3,,,{HANS}\n").encode("utf-8")
    read = read_bytes("batch.csv", data)
    assert [a.article_id for a in read.articles] == ["batch-1", "batch-3"]
    assert read.articles[0].meta == {"title": "標題", "outlet": "觀察者網"}
    assert len(read.skipped) == 1 and read.skipped[0].path == "batch.csv:3"
    assert "empty 'text'" in read.skipped[0].reason
    assert "no 'text' column" in read_bytes("bad.csv", "a,b\n1,2\n".encode()).skipped[0].reason


def test_csv_rows_with_extra_fields_or_an_open_quote_are_named_and_earlier_rows_kept():
    data = ("id,text\n"
            f"1,{HANS}\n"
            f"2,{HANT},多出來的欄位\n"
            f"3,\"{HANS}\n").encode("utf-8")
    read = read_bytes("feed.csv", data)
    assert [a.article_id for a in read.articles] == ["feed-1"]
    reasons = {s.path: s.reason for s in read.skipped}
    assert reasons["feed.csv:3"] == "malformed row: 3 fields, the header has 2"
    assert reasons["feed.csv:4"].startswith("malformed CSV (unexpected end of data)")


def test_jsonl_rows_and_invalid_lines():
    lines = [json.dumps({"text": HANS, "outlet": "网易号", "url": "http://x"}, ensure_ascii=False),
             "{not json", json.dumps([1, 2]), json.dumps({"id": "z", "text": HANT}, ensure_ascii=False)]
    read = read_bytes("feed.jsonl", "\n".join(lines).encode("gb18030"))
    assert [a.article_id for a in read.articles] == ["feed-1", "feed-z"]
    assert read.articles[0].meta["url"] == "http://x"
    reasons = {s.path: s.reason for s in read.skipped}
    assert reasons["feed.jsonl:2"].startswith("invalid JSON")
    assert "not an object" in reasons["feed.jsonl:3"]


def test_mixed_folder(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "gbk.txt").write_bytes(HANS.encode("gbk"))
    (tmp_path / "big5.txt").write_bytes(HANT.encode("big5"))
    read = read_corpus(tmp_path)
    assert {a.article_id: a.raw for a in read.articles} == {"big5": HANT, "gbk": HANS}
    assert sorted(s.path.rsplit("/", 1)[-1] for s in read.skipped) == ["blob.txt", "empty.txt"]


def test_markdown_article_loses_its_markup_and_gives_its_heading_as_title():
    md = ("# 英伟达股价**暴跌**\n\n**来源：财新网** 记者 张三\n\n"
          "- 博通股价下跌**逾17%**，[纳斯达克](http://x.com/a)下挫3.07%。\n"
          "> 分析人士认为，这是*恐慌*情绪，2*3*4 不变。\n\n## 出口管制\n\n1. 美国加强出口管制。\n")
    (art,) = read_bytes("report.md", md.encode("utf-8")).articles
    assert art.meta == {"title": "英伟达股价暴跌"}
    assert art.raw.split("\n") == ["", "来源：财新网 记者 张三", "博通股价下跌逾17%，纳斯达克下挫3.07%。",
                                   "分析人士认为，这是恐慌情绪，2*3*4 不变。", "出口管制", "美国加强出口管制。", ""]
    prepared = prepare_article(art)
    assert (prepared.article["title"], prepared.article["author"]) == ("英伟达股价暴跌", "张三")
    assert prepared.sentences["text"].tolist()[0] == "博通股价下跌逾17%，纳斯达克下挫3.07%。"


def test_simplified_copy_leaves_simplified_sentences_alone_and_converts_traditional_quotes():
    body = "深度求索发布开源大模型,训练成本不到六百万美元,引发全球科技界关注。" * 5
    raw = "华为昇腾芯片出货量大增,英伟达股价下跌。台媒写道:英偉達股價暴跌,市值蒸發。\n" + body
    (art,) = read_bytes("mixed.txt", raw.encode("utf-8")).articles
    p = prepare_article(art)
    assert p.article["script"] == "Hans"
    assert p.sentences["text_hans"].tolist()[:2] == ["华为昇腾芯片出货量大增,英伟达股价下跌。", "台媒写道:英伟达股价暴跌,市值蒸发。"]
    assert p.text_hans.startswith("华为昇腾芯片出货量大增,英伟达股价下跌。台媒写道:英伟达股价暴跌,市值蒸发。\n深度求索")


def test_a_mixed_chinese_english_article_is_read():
    glossed = "\n".join(f"{w} v. {g}\n  e.g. The committee will {w} the plan before the annual review."
                        for w, g in [("abandon", "放弃；抛弃"), ("accelerate", "加速；促进"), ("allocate", "分配；拨给"),
                                     ("anticipate", "预期；期望"), ("accumulate", "积累；堆积")] * 4)
    text = "考研英语高频词汇：这36个词近10年真题反复出现\n\n距离考试还有约3个月，本期整理真题高频词，建议每天背12个。\n\n" + glossed
    read = read_bytes("education_x.txt", text.encode("utf-8"))
    assert read.skipped == [] and read.articles[0].raw == text


def test_english_with_a_few_chinese_names_is_still_skipped_with_the_reason():
    text = "Shares of 英伟达 fell sharply on Monday as investors weighed the news. " * 20
    (skip,) = read_bytes("en.txt", text.encode("utf-8")).skipped
    assert skip.reason == "not Chinese text (60 CJK characters, 5% of letters)"


def test_table_rows_give_metadata_under_common_column_names():
    body = "中国新闻网报道，今天北京天气晴朗，气温较高，市民外出注意防暑降温。这是一篇测试文章，内容足够长以便分析。"
    data = f"text,date,headline,source\n{body},2024-05-01,测试标题,中国新闻网\n".encode()
    art = read_table_file("rows.csv", data).articles[0]
    assert art.meta == {"title": "测试标题", "outlet": "中国新闻网", "published": "2024-05-01"}
