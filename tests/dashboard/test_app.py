"""AppTest: every page renders, every filter changes the charts, query parameters restore a view."""
from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analytics import filters as flt, store
from tests.dashboard.conftest import APP, ROOT, chart_data, charts

PAGES = ["overview", "tone", "narratives", "figures", "voices", "articles", "data", "method"]
CHART_PAGES = {"overview": 4, "tone": 4, "narratives": 5, "figures": 2, "voices": 4}


def run(page: str | None = None, params: dict | None = None, **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in secrets.items():
        at.secrets[key] = value
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page and page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_errors_or_warnings(app_db, page):
    at = run(page)
    assert not at.error and (page == "method" or not at.warning)  # Method may warn about the tone check
    assert len(at.get("plotly_chart")) >= CHART_PAGES.get(page, 0)
    for fig in charts(at):
        assert fig["data"], "a chart with no traces must be replaced by the no-data message"


def test_overview_tells_the_story_in_numbers(app_db):
    at = run()
    t = store.load_tables(app_db, ["articles", "sentences"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文章"] == str(len(t["articles"]))
    assert metrics["句子"] == str(len(t["sentences"]))
    story = f"{len(t['articles'])} 篇文章，来自 4 家媒体（另有 1 篇未注明媒体），共 {len(t['sentences'])} 句。"
    assert any(story in md.value for md in at.markdown), "the 网易号 article counts under its platform"


def _busiest(db, key):
    """The filter value with the most evidence in the seed store."""
    t = flt.prepare(store.load_tables(db))
    if key == "outlet":
        return t["articles"]["outlet"].value_counts().index[0]
    if key == "cited":
        return t["citations"]["source"].value_counts().index[0]
    if key == "topic":
        s = t["sentences"]
        return int(s.loc[s["topic_id"] >= 0, "topic_id"].value_counts().index[0])
    if key == "tone":
        return "neg"
    return t["entities"].sort_values("n_mentions", ascending=False)["entity_id"].iloc[0]


@pytest.mark.parametrize("key", ["outlet", "cited", "topic", "tone", "entity"])
def test_each_filter_changes_the_charts(app_db, key):
    at = run()
    before = chart_data(at)
    n_before = {m.label: m.value for m in at.metric}["句子"]
    value = _busiest(app_db, key)
    at.multiselect(key=key).set_value([value]).run()
    assert not at.exception
    assert at.multiselect(key=key).value == [value]
    after = chart_data(at)
    assert after and after != before
    n_after = {m.label: m.value for m in at.metric}["句子"]
    assert 0 < int(n_after) < int(n_before)


def test_search_filters_sentences_in_either_script(app_db):
    at = run()
    total = {m.label: m.value for m in at.metric}["句子"]
    at.text_input(key="q").set_value("英偉達").run()
    trad = {m.label: m.value for m in at.metric}["句子"]
    at.text_input(key="q").set_value("英伟达").run()
    simp = {m.label: m.value for m in at.metric}["句子"]
    assert trad == simp and int(trad) < int(total) and int(trad) > 0


def test_query_params_restore_a_filtered_view(app_db):
    outlet = _busiest(app_db, "outlet")
    by_widget = run()
    by_widget.multiselect(key="outlet").set_value([outlet]).run()
    by_url = run(params={"outlet": outlet})
    assert by_url.multiselect(key="outlet").value == [outlet]
    assert chart_data(by_url) == chart_data(by_widget)
    assert chart_data(by_url) != chart_data(run())


def test_query_params_restore_language_and_tone(app_db):
    at = run(params={"lang": "English", "tone": "negative"})
    assert at.radio(key="lang").value == "en"
    assert at.multiselect(key="tone").value == ["neg"]
    assert any(m.label == "Articles" for m in at.metric)


@pytest.mark.parametrize("params", [
    {"tone": "negative", "entity": "Nvidia", "outlet": "Guancha"},
    {"tone": "neg", "entity": "nvidia", "outlet": "觀察者網"},
    {"lang": "en", "tone": "负面", "entity": "英伟达", "outlet": "观察者网"},
])
def test_links_restore_filters_whatever_language_or_form_they_were_written_in(app_db, params):
    at = run(params=params)
    assert at.multiselect(key="tone").value == ["neg"]
    assert at.multiselect(key="entity").value == ["nvidia"]
    assert at.multiselect(key="outlet").value == ["观察者网"]
    assert at.radio(key="lang").value == params.get("lang", "zh")
    reference = run(params={"lang": "en", "tone": "negative", "entity": "Nvidia", "outlet": "Guancha"}
                    if params.get("lang") == "en" else {"tone": "负面", "entity": "英伟达", "outlet": "观察者网"})
    assert chart_data(at) == chart_data(reference)


def test_empty_view_says_so(app_db):
    at = run()
    at.text_input(key="q").set_value("这句话不会出现在任何文章里").run()
    assert not at.get("plotly_chart")
    assert any("没有数据" in i.value for i in at.info)


def test_an_anonymous_visitor_cannot_correct_the_shared_store(writable_db):
    row = store.load_tables(writable_db, ["sentences"])["sentences"].iloc[3]
    at = run("articles", params={"article": row["article_id"], "sentence": str(int(row["sentence_idx"]))})
    assert at.button(key=f"corr_save_{row['article_id']}_{int(row['sentence_idx'])}").disabled
    assert store.load_tables(writable_db, ["tone_corrections"])["tone_corrections"].empty


def test_reader_opens_the_linked_sentence_and_saves_a_correction(writable_db):
    t = store.load_tables(writable_db, ["sentences"])
    row = t["sentences"].iloc[3]
    new = "neg" if row["tone_label"] != "neg" else "pos"
    at = run("articles", params={"article": row["article_id"], "sentence": str(int(row["sentence_idx"]))},
             access={"open_role": "analyst"})
    assert at.selectbox(key="reader_article").value == row["article_id"]
    key = f"corr_{row['article_id']}_{int(row['sentence_idx'])}"
    at.session_state[key] = new
    at.run()
    at.button(key=f"corr_save_{row['article_id']}_{int(row['sentence_idx'])}").click().run()
    assert not at.exception
    after = store.load_tables(writable_db, ["sentences", "tone_corrections"])
    s = after["sentences"]
    hit = s[(s["article_id"] == row["article_id"]) & (s["sentence_idx"] == row["sentence_idx"])].iloc[0]
    assert hit["tone_label"] == new
    assert len(after["tone_corrections"]) == 1


def test_an_empty_table_without_filters_is_not_blamed_on_filters(app_db):
    at = run("data")
    infos = [i.value for i in at.info]
    assert "这张表还没有内容。" in infos and not any("当前筛选" in i for i in infos)


def test_data_page_names_the_inputs_the_build_skipped(writable_db, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 8)
    store.build(corpus, writable_db, progress=False)
    at = run("data")
    assert [w.value for w in at.warning] == ["构建数据库时跳过了 1 个输入（文件与原因）"]
    assert f"skipped {corpus / 'broken.txt'}: binary content, not text" in at.code[0].value


def test_switching_language_keeps_filters_and_shows_english_names(app_db):
    t = store.load_tables(app_db, ["citations"])
    source = t["citations"]["source"].value_counts().index[0]
    source_en = t["citations"].loc[t["citations"]["source"] == source, "source_en"].iloc[0]
    at = run()
    at.multiselect(key="cited").set_value([source]).run()
    zh_data = chart_data(at)
    at.radio(key="lang").set_value("en").run()
    assert at.multiselect(key="cited").value == [source]
    assert source_en in at.multiselect(key="cited").options
    assert any(m.label == "Sentences" for m in at.metric)
    assert len(chart_data(at)) == len(zh_data)


def test_figures_page_names_outlets_in_english_in_english_mode(app_db):
    at = run("figures")
    at.radio(key="lang").set_value("en").run()
    names = {tr.get("name") for fig in charts(at) for tr in fig["data"]}
    assert {"Guancha", "21st Century Business Herald"} <= names and "观察者网" not in names


def test_tone_colour_setting_swaps_red_and_green(app_db):
    def negative_colour(at):
        return next(tr["marker"]["color"] for tr in chart_data(at)[0] if tr["name"] == "负面")

    at = run()
    assert negative_colour(at) == "#c8372d"
    at.radio(key="colors").set_value("cn").run()
    assert negative_colour(at) == "#2f7d4f"


def test_method_page_reports_measured_tone_agreement(app_db):
    import pandas as pd

    from analytics import report
    from dashboard.data import SEED_LABELS

    agree = report.tone_agreement(store.load_tables(app_db, ["sentences"])["sentences"], pd.read_csv(SEED_LABELS))
    at = run("method")
    text = " ".join(md.value for md in at.markdown)
    assert f"在 {agree['n']} 句" in text and f"{agree['macro_f1']:.2f}" in text
