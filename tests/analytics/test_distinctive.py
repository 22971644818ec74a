"""Distinctive terms: log-odds with an informative Dirichlet prior (Monroe et al. 2008)."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analytics import distinctive


def test_log_odds_matches_the_formula():
    a, b = Counter({"芯片": 8, "股市": 2}), Counter({"芯片": 2, "股市": 8})
    t = distinctive.log_odds(a, b).set_index("term")
    alpha = 10 / 20 * 20  # prior share of 芯片 (10/20) times a0 = 20
    want = np.log((8 + alpha) / (10 + 20 - 8 - alpha)) - np.log((2 + alpha) / (10 + 20 - 2 - alpha))
    assert t.loc["芯片", "delta"] == pytest.approx(want)
    assert t.loc["芯片", "z"] == pytest.approx(want / np.sqrt(1 / (8 + alpha) + 1 / (2 + alpha)))
    assert t.loc["股市", "z"] == pytest.approx(-t.loc["芯片", "z"])


def test_prior_shrinks_rare_terms():
    a = Counter({"罕见": 2, "常见": 40, "其他": 100})
    b = Counter({"常见": 10, "其他": 100})
    t = distinctive.log_odds(a, b).set_index("term")
    assert t.loc["常见", "z"] > t.loc["罕见", "z"] > 0


def test_distinctive_terms_of_two_groups():
    s = pd.DataFrame({"text_hans": ["芯片 出口 芯片", "芯片 管制", "股市 下跌", "股市 反弹 股市"]})
    words = lambda t: t.split()  # noqa: E731
    out = distinctive.distinctive_terms(s, pd.Series([True, True, False, False]), top=2, tokenizer=words)
    assert list(out["a"]["term"]) == ["芯片"] and list(out["b"]["term"]) == ["股市"]
    assert out["b"]["z"].iloc[0] > 0
    tf = distinctive.term_frequency(s, pd.Series(["A", "A", "B", "B"]), top=1, tokenizer=words)
    assert list(zip(tf["group"], tf["term"], tf["n"])) == [("A", "芯片", 3), ("B", "股市", 3)]
