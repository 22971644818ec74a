"""Claims group one fact across articles only when the articles' dates agree and each article states one value."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.claims import build_claims, event_days
from analytics.figures import figures_table
from analytics.sentences import split_sentences


def _table(texts: dict[str, str]) -> pd.DataFrame:
    rows = [{"article_id": aid, "sentence_idx": s.idx, "text": s.text, "text_hans": s.text}
            for aid, text in texts.items() for s in split_sentences(text)]
    return figures_table(pd.DataFrame(rows), pd.DataFrame({"article_id": list(texts), "outlet": list(texts)}))


def _grouped(figs: pd.DataFrame) -> list[set[str]]:
    claimed = figs[figs["claim_id"].notna()]
    return sorted((set(g["article_id"]) for _, g in claimed.groupby("claim_id")), key=sorted)


def test_an_index_move_on_different_days_is_two_facts():
    table = _table({"a": "恒生指数今日跌0.3%。", "b": "恒生指数今日跌0.5%。", "c": "恒生指数今日跌0.4%。"})
    published = {"a": "2024-07-11", "b": "2023-09-18", "c": "2024-07-11"}
    figs, claims = build_claims(table, published=published)
    assert _grouped(figs) == [{"a", "c"}]
    assert claims["n_articles"].tolist() == [2]


def test_unknown_dates_never_block_a_claim():
    table = _table({"a": "恒生指数今日跌0.3%。", "b": "恒生指数今日跌0.3%。"})
    assert _grouped(build_claims(table, published={"a": "2024-07-11", "b": ""})[0]) == [{"a", "b"}]
    assert _grouped(build_claims(table)[0]) == [{"a", "b"}]


def test_one_label_on_two_days_gives_two_claims():
    texts = {"a": "恒生指数今日跌0.3%。", "b": "恒生指数今日跌0.3%。", "c": "恒生指数今日跌0.5%。",
             "d": "恒生指数今日跌0.5%。"}
    published = {"a": "2024-07-11", "b": "2024-07-11", "c": "2024-08-02", "d": "2024-08-02"}
    figs, claims = build_claims(_table(texts), published=published)
    assert _grouped(figs) == [{"a", "b"}, {"c", "d"}]
    assert claims["claim_id"].is_unique


def test_a_day_stated_in_the_sentence_dates_the_move_not_the_publication():
    texts = {"a": "锐能电池股价今天盘中一度下跌7.8%。", "b": "11月6日，锐能电池股价盘中一度下跌7.8%。"}
    figs, _ = build_claims(_table(texts), published={"a": "2024-11-06", "b": "2024-11-09"})
    assert _grouped(figs) == [{"a", "b"}]
    assert event_days("11月6日，股价下跌7.8%。", 10, dt.date(2024, 11, 9)) == (dt.date(2024, 11, 6),) * 2
    assert event_days("股价昨日下跌7.8%。", 8, dt.date(2024, 11, 9)) == (dt.date(2024, 11, 8),) * 2
    assert event_days("股价下跌7.8%。", 6, None) is None


def test_other_facts_need_publication_within_a_week():
    texts = {"a": "星驰X7召回32418辆。", "b": "星驰X7召回约3.2万辆。", "c": "星驰X7召回3万辆。"}
    published = {"a": "2024-11-05", "b": "2024-11-09", "c": "2025-03-01"}
    assert _grouped(build_claims(_table(texts), published=published)[0]) == [{"a", "b"}]


def test_an_article_stating_two_values_keeps_the_one_others_confirm():
    texts = {"a": "锐能电池股价今日盘中下跌7.8%。", "b": "锐能电池股价今日盘中下跌7.8%，锐能电池股价今日最终下跌5.1%。"}
    figs, claims = build_claims(_table(texts), published={"a": "2024-11-06", "b": "2024-11-06"})
    members = figs[figs["claim_id"].notna()]
    assert sorted(members["text"]) == ["7.8%", "7.8%"]
    assert claims["n_figures"].tolist() == [2]


def test_the_date_sweep_picks_the_run_a_check_of_every_day_picks():
    """``_same_time`` sweeps over the days instead of testing every figure against every day; on random
    spans (some unknown) it keeps the same figures as the plain check, first best day on a tie."""
    import random

    from analytics import claims

    rnd = random.Random(7)
    for _ in range(300):
        n = rnd.randint(1, 12)
        days = []
        for _ in range(n):
            if rnd.random() < 0.2:
                days.append(None)
            else:
                first = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randint(0, 20))
                days.append((first, first + dt.timedelta(days=rnd.randint(0, 4))))
        rows = claims._Rows(aid=[f"a{rnd.randint(0, 4)}" for _ in range(n)], value=[1.0] * n, value_max=[None] * n,
                            unit=["%"] * n, qualifier=[""] * n, published=[None] * n, days=days)
        pos = sorted(rnd.sample(range(n), rnd.randint(1, n)))
        spans = [days[i] for i in pos]
        anchors = sorted({s[1] for s in spans if s is not None})
        expected = pos
        best_n = -1
        for day in anchors:
            keep = [i for i, s in zip(pos, spans) if s is None or s[0] <= day <= s[1]]
            if len({rows.aid[i] for i in keep}) > best_n:
                expected, best_n = keep, len({rows.aid[i] for i in keep})
        assert claims._same_time(rows, pos, daily=True) == expected
