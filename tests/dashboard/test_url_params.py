"""AppTest: links with garbage, huge values or unknown ids open the page with a clear message naming what
was ignored, never a traceback."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP

HUGE = "9" * 5000
HOSTILE = [
    ("overview", {"outlet": "no such outlet", "topic": ["abc", HUGE, "-3"], "tone": "furious",
                  "entity": "nobody", "lang": "xx", "script": "<b>", "colors": "plaid"}),
    ("overview", {"q": "某" * 5000}),
    ("articles", {"article": "no_such_article", "sentence": "abc"}),
    ("articles", {"sentence": HUGE}),
    ("articles", {"sentence": "²"}),
    ("compare", {"dim": "period", "a": "2025-13-45..yesterday", "b": HUGE}),
    ("compare", {"dim": "sideways", "a": "no such outlet", "b": "<script>"}),
    ("timeline", {"gran": "fortnight", "split": "maybe", "level": HUGE}),
    ("concordance", {"term": "(((", "sort": "sideways"}),  # the link note names the sort; the query error shows too
    ("concordance", {"term": "某" * 5000}),
]


def run_page(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")  # open the link on its page, as a browser would
    return at.run()


@pytest.mark.parametrize("page,params", HOSTILE, ids=[f"{p}-{'-'.join(q)}" for p, q in HOSTILE])
def test_hostile_link_opens_with_a_message_not_a_traceback(app_db, page, params):
    at = run_page(page, params)
    assert not at.exception, [e.message for e in at.exception]
    notes = " ".join(w.value for w in [*at.warning, *at.error, *at.info])
    assert "链接" in notes or "link" in notes.lower(), notes


def test_ignored_values_are_named_and_valid_ones_kept(app_db):
    at = run_page("overview", {"tone": ["neg", "furious"], "outlet": "no such outlet"})
    assert not at.exception
    assert at.multiselect(key="tone").value == ["neg"]
    warning = " ".join(w.value for w in at.warning)
    assert "furious" in warning and "no such outlet" in warning


def test_unknown_article_says_so_and_shows_the_first(app_db):
    at = run_page("articles", {"article": "no_such_article"})
    assert not at.exception
    assert "no&#95;such&#95;article" in " ".join(w.value for w in at.warning)
    assert at.selectbox(key="reader_article").value
