"""Concordance: every occurrence of a word, entity or Boolean query with its left and right context,
outlet, date and tone; sortable, exportable, each row linked to the sentence in the reader; and the
view's most frequent terms."""
import pandas as pd
import streamlit as st

from analytics import distinctive, kwic, query
from dashboard import components as ui
from dashboard import data, links, ui_filters
from dashboard.i18n import lang

TEXT = {
    "title": ("关键词语境", "Keyword in context"), "term": ("检索词或布尔检索式", "Term or Boolean query"),
    "help": ("可用 AND / OR / NOT、引号、括号，或 与 / 或 / 非；实体的别名和繁简写法都会找到。",
             "AND / OR / NOT, quotes and parentheses (or 与 / 或 / 非); entity aliases and both scripts match."),
    "sort": ("排序", "Sort by"), "width": ("语境宽度（字）", "Context width (characters)"),
    "left": ("左侧语境", "left context"), "keyword": ("关键词", "keyword"), "right": ("右侧语境", "right context"),
    "outlet": ("媒体", "outlet"), "published": ("日期", "date"), "tone": ("语气", "tone"),
    "position": ("原文顺序", "reading order"), "reader": ("阅读", "reader"), "open": ("打开", "open"),
    "rows": ("语境行", "Concordance"), "bad": ("检索式有误：{msg}", "Malformed query: {msg}"),
    "prompt": ("输入一个词、实体或检索式。", "Type a word, an entity or a query."),
    "freq": ("高频词", "Most frequent terms"), "term_col": ("词", "term"), "n": ("次数", "count"),
    "per_10k": ("每万词", "per 10k terms"),
}


WIDTHS = range(10, 81, 5)


def s(key: str, **fmt) -> str:
    text = TEXT[key][1 if lang() == "en" else 0]
    return text.format(**fmt) if fmt else text


if not st.session_state.get("_kw_url"):
    st.session_state["_kw_url"] = True
    if (value := links.text("term")) is not None:
        st.session_state["kw_term"] = value
    if (value := links.choice("sort", kwic.SORTS)) is not None:
        st.session_state["kw_sort"] = value
    if (value := links.choice("width", [str(w) for w in WIDTHS])) is not None:
        st.session_state["kw_width"] = int(value)

v = ui.view()
full = data.tables()
st.title(s("title"))
st.caption(ui.subtitle())

row = st.columns([3, 1, 1])
term = row[0].text_input(s("term"), key="kw_term", help=s("help"))
sort = row[1].selectbox(s("sort"), list(kwic.SORTS), key="kw_sort", format_func=s)
width = row[2].slider(s("width"), 10, 80, step=5, key="kw_width",
                      **({} if "kw_width" in st.session_state else {"value": 30}))
ui_filters.page_params({"term": term.strip(), "sort": sort if term.strip() and sort != kwic.SORTS[0] else None,
                        "width": width if width != 30 else None})

if not term.strip():
    st.info(s("prompt"))
elif msg := query.error_message(term, lang()):
    st.error(s("bad", msg=ui.escape(msg)))
else:
    aliases = query.aliases_from_entities(full.get("entities"))
    rows = kwic.concordance(v["sentences"], v["articles"], term, aliases, width=width, sort=sort)
    rows["reader"] = [f"articles?article={a}&sentence={i}" for a, i in zip(rows["article_id"], rows["sentence_idx"])]
    shown = rows[["left", "keyword", "right", "outlet", "published", "tone", "reader"]].rename(
        columns={c: s(c) for c in ("left", "keyword", "right", "outlet", "published", "tone")})
    ui.table(shown, "kw_rows", s("rows"), export=rows.drop(columns="reader"),
             column_config={"reader": st.column_config.LinkColumn(s("reader"), display_text=s("open"))})

freq = distinctive.term_frequency(v["sentences"], top=30) if len(v["sentences"]) else pd.DataFrame()
if len(freq):
    freq = freq.drop(columns="group").rename(columns={"term": s("term_col"), "n": s("n"), "per_10k": s("per_10k")})
ui.table(freq.round(1) if len(freq) else pd.DataFrame(), "kw_freq", s("freq"))
