"""The number layer: Chinese, Arabic and mixed numerals with offsets."""
from __future__ import annotations

import pytest

from analytics.numerals import find_numbers, normalise, parse_at


def values(text: str) -> list[float]:
    return [n.value for n in find_numbers(text)]


@pytest.mark.parametrize("text, value", [
    ("五千九百二十七亿", 592_700_000_000),
    ("4.3萬億", 4.3e12),
    ("1,100万", 11_000_000),
    ("3万4千", 34_000),
    ("１２３", 123),
    ("一百零一万一千", 1_011_000),
    ("四万亿", 4e12),
    ("九十二万四", 924_000),
    ("两千三点一", 2300.1),
    ("负三十二", -32),
    ("二点五亿", 2.5e8),
    ("十多万", 100_000),
])
def test_values(text, value):
    assert values(text) == [pytest.approx(value)]


def test_offsets_cover_the_numeral_only():
    text = "市值蒸發5927億美元"
    (n,) = find_numbers(text)
    assert text[n.start:n.end] == "5927億"
    assert (n.start, n.end) == (4, 9)


def test_fractions():
    assert values("十分之一") == [pytest.approx(0.1)]
    assert values("约1/50") == [pytest.approx(0.02)]
    assert values("三百五又三分之一") == [pytest.approx(350 + 1 / 3)]
    assert find_numbers("1/6")[0].fraction


def test_vague_numerals_are_flagged():
    (n,) = find_numbers("數十億")
    assert n.value == 1e9 and n.vague
    (m,) = find_numbers("500余万")
    assert m.value == 5e6 and m.vague


def test_words_that_are_not_numbers():
    assert values("一切都好") == []
    assert values("我家在四川") == []
    assert values("他已退伍了") == []
    assert values("收拾房间") == []
    assert values("万") == []


def test_digit_pairs_are_vague_not_numbers():
    assert values("百分之二三十") == []


def test_stops_where_the_numeral_becomes_invalid():
    nums = find_numbers("百分之七十百分位")
    assert [(n.start, n.end, n.value) for n in nums] == [(3, 5, 70.0)]


def test_full_width_normalisation_keeps_length():
    text = "２．７８９０e－１，二十"
    assert len(normalise(text)) == len(text)
    assert values("２．７８９０e－１") == [pytest.approx(0.2789)]
    assert values("４，５６５") == [4565.0]
    assert values("20，300") == [20.0, 300.0]


def test_parse_at_rejects_non_numerals():
    assert parse_at("美元", 0) is None
