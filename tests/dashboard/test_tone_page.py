"""AppTest of the Tone page's review queue and corrections history (label, undo) and the Method page's tone check."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics import store, tone
from tests.dashboard.conftest import APP


def _page(name: str, **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_review_queue_labels_and_history_undoes(writable_db):
    s = store.load_tables(writable_db, ["sentences"])["sentences"]
    first = tone.review_queue(s, n=1).iloc[0]
    aid, idx = first["article_id"], int(first["sentence_idx"])
    new = "neg" if first["tone_label"] != "neg" else "pos"
    at = _page("tone", access={"open_role": "analyst"})
    at.session_state[f"review_{aid}_{idx}"] = new
    at.run()
    at.button(key=f"review_save_{aid}_{idx}").click().run()
    assert not at.exception
    hist = store.correction_history(writable_db)
    assert hist[["article_id", "sentence_idx", "label", "old_label"]].values.tolist() == [[aid, idx, new, first["tone_label"]]]
    assert at.selectbox(key="undo_pick").value == hist["correction_id"].iloc[0]
    at.button(key="undo_button").click().run()
    assert not at.exception
    s2 = store.load_tables(writable_db, ["sentences"])["sentences"]
    assert s2[(s2.article_id == aid) & (s2.sentence_idx == idx)].iloc[0]["tone_label"] == first["tone_label"]
    assert store.correction_history(writable_db)["undone"].notna().all()


def test_an_open_dashboard_is_read_only_and_names_articles_by_headline(app_db):
    s = store.load_tables(app_db, ["sentences"])["sentences"]
    first = tone.review_queue(s, n=1).iloc[0]
    at = _page("tone")
    assert at.button(key=f"review_save_{first['article_id']}_{int(first['sentence_idx'])}").disabled
    assert any("Read-only" in i.value or "只读" in i.value for i in at.info)
    assert not any(first["article_id"] in m.value for m in at.markdown)


def test_method_page_shows_the_tone_check(app_db):
    at = _page("method")
    table = next(d.value for d in at.dataframe if "metric" in d.value.columns)
    assert {"token_coverage", "share_pos", "out_of_range:snownlp_logit"} <= set(table["metric"])
