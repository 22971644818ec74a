"""Publication dates: every written form, each source and its precedence, year from context, no guessing."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics import dates
from analytics.corpus import Article, read_bytes, read_corpus
from analytics.pipeline import prepare_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "记者从有关部门获悉，本市今年以来新增就业岗位12万个，同比增长3.2%。有关负责人表示，将继续加大支持力度。"


@pytest.mark.parametrize("value, iso", [
    ("2025-01-27", "2025-01-27"),
    ("2025/1/27 10:05", "2025-01-27"),
    ("2025.01.27", "2025-01-27"),
    ("2025年1月27日", "2025-01-27"),
    ("2025 年 01 月 27 日 星期一", "2025-01-27"),
    ("２０２５年１月２７日", "2025-01-27"),
    ("27 Jan 2025", "2025-01-27"),
    ("January 27, 2025", "2025-01-27"),
    ("2025-01-27T08:30:00+08:00", "2025-01-27"),
    ("20250127", "2025-01-27"),
    ("1737936000", "2025-01-27"),
    ("二〇二五年一月二十七日", "2025-01-27"),
    ("民國114年1月27日", "2025-01-27"),
    ("2025-02-30", ""),
    ("1月27日", ""),
    ("", ""),
    ("unknown", ""),
])
def test_parse_date_every_form(value, iso):
    assert dates.parse_date(value) == iso


@pytest.mark.parametrize("head, iso, source", [
    ("新华社北京2025年1月27日电（记者 王磊）", "2025-01-27", dates.DATELINE),
    ("中央社記者蔡佩珊高雄2023年11月2日電", "2023-11-02", dates.DATELINE),
    ("来源：澎湃新闻  2024-03-16 18:42", "2024-03-16", dates.SOURCE_LINE),
    ("13 Apr 2023 | 财新网", "2023-04-13", dates.SOURCE_LINE),
    ("自由時報 2023/10/03 05:30", "2023-10-03", dates.SOURCE_LINE),
    ("鏡週刊 Mirror Media｜文／鄭雅文　2024.05.16 18:30", "2024-05-16", dates.SOURCE_LINE),
    ("《人民日报》（2025年01月17日 第04版）", "2025-01-17", dates.SOURCE_LINE),
    ("发布时间：2025-12-03", "2025-12-03", dates.SOURCE_LINE),
])
def test_header_lines(head, iso, source):
    found = dates.date_in_text(f"某市新增就业岗位12万个\n{head}\n{BODY}")
    assert (found.date, found.source) == (iso, source)


def test_dateline_opening_the_first_paragraph():
    raw = f"标题在这里\n新华社太原2024年3月15日电（记者 郭志伟）{BODY}"
    assert dates.date_in_text(raw) == dates.Found("2024-03-15", dates.DATELINE, "2024年3月15日")


def test_stamp_line_at_the_foot():
    raw = f"标题在这里\n新京报讯（记者 孟繁宇）8月20日14时许，一辆大巴追尾货车。\n{BODY}\n编辑 刘雪\n2024年8月21日 新京报"
    assert dates.date_in_text(raw).date == "2024-08-21"


def test_month_day_takes_the_year_from_context():
    raw = f"台风过境\n中新网湛江10月10日电 (记者 许冬梅)台风9日登陆。这是2023年以来登陆广东的最强台风。\n{BODY}"
    found = dates.date_in_text(raw)
    assert (found.date, found.source) == ("2023-10-10", dates.DATELINE + dates.CONTEXT_YEAR)


def test_context_year_rules():
    assert dates.context_year("记者今天获悉，2025年7月6日21时许发生一起事件。", 7, 8) == 2025
    assert dates.context_year("公司2024年营收186亿元，同比增长。", 3, 18) == 2025
    assert dates.context_year("国家统计局发布2023年5月份数据。", 6, 16) == 2023
    assert dates.context_year("明年起实施，从2024年春季学期起，到2030年实现目标。", 12, 14) == 2023
    assert dates.context_year("他自2023年11月以来保持不败。", 5, 21) == 2024
    assert dates.context_year("截至2025年5月底，累计完成配送。2024年全市飞行架次增长。", 6, 3) == 2025
    assert dates.context_year("仅用2000块芯片训练模型。", 1, 26) is None
    assert dates.context_year("没有写年份。", 1, 26) is None


def test_month_day_without_any_year_stays_unknown():
    assert dates.date_in_text(f"标题\n观察者网 5月21日\n{BODY}") is None


def test_later_dates_and_local_times_are_events_not_publication():
    raw = f"标题\n{BODY}\n当地时间1月27日，美股芯片板块大幅调整。2025年美股回顾。\n截至笔者撰写此文的1月26日，风暴越烧越热。"
    assert dates.date_in_text(raw) is None
    assert dates.date_in_text(f"标题\n当地时间1月27日，美股芯片板块大幅调整。2025年美股。\n{BODY}") is None


def test_body_dates_are_not_publication_dates():
    raw = f"新规出台\n{BODY}\n该条例于2024年3月5日正式施行，此前已征求意见。\n{BODY}\n{BODY}\n{BODY}\n{BODY}\n{BODY}"
    assert dates.date_in_text(raw) is None


def test_front_matter_and_labelled_lines():
    raw = "---\ntitle: 某新闻\ndate: 2025-01-27\n---\n" + BODY
    assert dates.front_matter(raw) == {"title": "某新闻", "date": "2025-01-27"}
    assert dates.read_published({}, {}, raw) == dates.Found("2025-01-27", dates.FRONT_MATTER)
    assert dates.front_matter("---\ndate: 2025-01-27\n" + BODY) == {}
    assert dates.date_in_text("某新闻\npublished: 27 Jan 2025\n" + BODY).date == "2025-01-27"


def test_precedence_manifest_then_column_then_text():
    raw = f"标题\n来源：澎湃新闻  2024-03-16 18:42\n{BODY}"
    assert dates.read_published({"published": "2024-03-15"}, {"published": "2024/3/14"}, raw) == \
        dates.Found("2024-03-15", dates.MANIFEST, "2024-03-15")
    assert dates.read_published({}, {"published": "2024/3/14"}, raw).source == dates.COLUMN
    assert dates.read_published({}, {"published": "不详"}, raw) == \
        dates.Found("2024-03-16", dates.SOURCE_LINE, "2024-03-16")
    assert dates.read_published({}, {}, BODY) == dates.Found("", "")


def test_table_rows_carry_their_published_column():
    data = ('{"id": "a1", "published": "27 Jan 2025", "text": "' + BODY + '"}\n').encode("utf-8")
    art = read_bytes("feed.jsonl", data).articles[0]
    assert prepare_article(art).article["published"] == "2025-01-27"
    assert prepare_article(art).article["published_source"] == dates.COLUMN


def test_pipeline_sets_published_and_its_source():
    art = Article("x1", "x1.txt", f"某市新增就业岗位\n中央社記者蔡佩珊高雄2025年8月20日電\n{BODY}")
    got = prepare_article(art).article
    assert (got["published"], got["published_source"]) == ("2025-08-20", dates.DATELINE)


def test_seeds_state_no_publication_date():
    for art in read_corpus(SEEDS).articles:
        found = dates.read_published({}, art.meta, art.raw)
        assert found == dates.Found("", ""), art.article_id
