"""Reusable UI pieces: a chart with drill-down and exports, a table with downloads, evidence lists.

Each page registers what it shows here, so the report button can export the whole view.
"""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import filters as flt
from analytics.plotting.overview_common import tone_colors
from dashboard import data
from dashboard.i18n import lang, t

FILTER_KEYS = ("outlet", "cited", "topic", "tone", "entity", "q")
READER = "app_pages/articles.py"
EVIDENCE_LIMIT = 20
_COLLECT = "_view_items"


def current_filters() -> flt.Filters:
    """The sidebar's filter values as a Filters record."""
    ss = st.session_state
    return flt.Filters(
        outlet=tuple(ss.get("outlet") or ()), cited=tuple(ss.get("cited") or ()),
        topic=tuple(int(x) for x in ss.get("topic") or ()), tone=tuple(ss.get("tone") or ()),
        entity=tuple(ss.get("entity") or ()), q=ss.get("q") or "",
    )


def scheme() -> str:
    """Tone colour scheme chosen in the settings ('western' or 'cn')."""
    return st.session_state.get("colors", "western")


def view() -> dict[str, pd.DataFrame]:
    return data.view(current_filters())


def subtitle() -> str:
    return flt.describe(current_filters(), data.tables(), lang())


def start_collecting() -> None:
    """Forget the previous run's charts and tables (called once per run by the app)."""
    st.session_state[_COLLECT] = {"charts": [], "tables": []}


def _collected() -> dict:
    return st.session_state.setdefault(_COLLECT, {"charts": [], "tables": []})


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff]+", "_", text).strip("_")[:60] or "chart"


def is_empty(fig: go.Figure) -> bool:
    meta = fig.layout.meta
    return (isinstance(meta, dict) and meta.get("empty")) or not fig.data


def chart(fig: go.Figure, key: str, title: str, drill: bool = True) -> None:
    """A chart with a drill-down selection, PNG/SVG/HTML exports and an evidence list for the selection."""
    st.subheader(title)
    _collected()["charts"].append((title, fig))
    if is_empty(fig):
        st.info(t("no_data"))
        return
    event = st.plotly_chart(
        fig, key=key, on_select="rerun" if drill else "ignore", selection_mode=("points", "box", "lasso"),
        config={"displaylogo": False, "toImageButtonOptions": {"filename": _slug(title), "scale": 2}},
    )
    _export_buttons(fig, key, title)
    points = list(event.selection.points) if drill and event and event.selection else []
    if points:
        names = [getattr(tr, "name", None) for tr in fig.data]
        sel = flt.selection_from_points(view(), points, names)
        evidence(flt.evidence(view(), sel), key)


def _export_buttons(fig: go.Figure, key: str, title: str) -> None:
    sub = subtitle()
    name = _slug(title)
    cols = st.columns([1, 1, 1, 6])
    for col, fmt in zip(cols, ("png", "svg", "html")):
        col.download_button(
            fmt.upper(), data=data.deferred_chart(fig, fmt, sub), file_name=f"{name}.{fmt}",
            mime=data.MIME[fmt], key=f"{key}_dl_{fmt}", on_click="ignore", icon=":material/download:",
        )


def table(df: pd.DataFrame, key: str, title: str, height: int | None = None, **kwargs) -> None:
    """A table with CSV (UTF-8 BOM) and XLSX downloads."""
    st.subheader(title)
    _collected()["tables"].append((title, df))
    if df.empty:
        st.info(t("no_data"))
        return
    st.caption(t("rows", n=len(df)))
    st.dataframe(df, hide_index=True, height=height or "auto", **kwargs)
    c1, c2, _ = st.columns([1, 1, 6])
    name = _slug(title)
    c1.download_button("CSV", data=data.table_bytes(df, "csv"), file_name=f"{name}.csv", mime="text/csv",
                       key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    c2.download_button("XLSX", data=data.deferred_table(df, "xlsx"), file_name=f"{name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")


def tone_badge(label: str) -> str:
    """A small coloured HTML label for a tone, in the session's colour scheme."""
    color = tone_colors(scheme()).get(label, "#888888")
    text = t(label) if label in ("pos", "neu", "neg") else str(label)
    return f'<span style="background:{color};color:white;border-radius:4px;padding:0 6px;font-size:0.8em">{text}</span>'


def evidence(sentences: pd.DataFrame, key: str) -> None:
    """The sentences behind a selection, each linking to its place in the Articles reader."""
    with st.container(border=True):
        st.markdown(f"**{t('evidence')}** · {t('evidence_n', n=len(sentences), k=min(len(sentences), EVIDENCE_LIMIT))}")
        for row in sentences.head(EVIDENCE_LIMIT).itertuples():
            c1, c2 = st.columns([5, 1])
            outlet = getattr(row, "outlet", "") or ""
            c1.markdown(f"{tone_badge(row.tone_label)} {_escape(row.text)}  \n"
                        f"<small>{_escape(str(getattr(row, 'title', '') or row.article_id))} · {_escape(outlet)}</small>",
                        unsafe_allow_html=True)
            c2.page_link(READER, label=t("open_in_reader"), icon=":material/menu_book:",
                         query_params={"article": row.article_id, "sentence": str(int(row.sentence_idx))})


def _escape(text: str) -> str:
    import html

    return html.escape(str(text)).replace("$", "&#36;").replace("*", "&#42;").replace("_", "&#95;")


def report_button(container, title: str) -> None:
    """A button exporting every chart and table of the current run, with the filters, as one HTML file."""
    items = _collected()
    charts, frames = list(items["charts"]), list(items["tables"])
    container.download_button(
        t("report"), data=data.deferred_report(title, subtitle(), charts, frames, lang()),
        file_name=f"{_slug(title)}_report.html", mime="text/html", key="report_dl", on_click="ignore",
        help=t("report_help"), icon=":material/description:", width="stretch",
    )


def clear_filters() -> None:
    """Reset every global filter (bound widgets are changed through session state)."""
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "q" else []


def upload_form() -> None:
    """Upload articles, analyse them with a progress bar, and keep the result in this session only."""
    st.caption(t("upload_help"))
    files = st.file_uploader(t("upload"), type=["txt", "md", "csv", "jsonl"], accept_multiple_files=True,
                             key="upload_files", label_visibility="collapsed")
    if st.button(t("upload_run"), disabled=not files, icon=":material/upload_file:"):
        bar = st.progress(0.0)
        n, skipped = data.analyse_uploads([(f.name, f.getvalue()) for f in files],
                                          lambda frac, text: bar.progress(min(frac, 1.0), text=text))
        bar.empty()
        for msg in skipped:
            st.warning(msg)
        if n:
            st.success(t("upload_done", n=n))
    uploaded = st.session_state.get(data.SESSION_UPLOADS)
    if uploaded:
        st.info(t("upload_active", n=len(uploaded)))
        st.button(t("upload_reset"), on_click=data.drop_uploads, icon=":material/delete:")


def story(k: dict) -> str:
    """The view's headline numbers as two or three plain sentences."""
    if not k["n_sentences"]:
        return t("no_data")
    parts = [t("story_counts", a=k["n_articles"], o=k["n_outlets"], s=k["n_sentences"]),
             t("story_tone", neg=k["share_neg"], pos=k["share_pos"])]
    if k.get("top_topic"):
        parts.append(t("story_topic", topic=k["top_topic"], share=k["top_topic_share"]))
    if k.get("top_source"):
        name = k["top_source"]
        if lang() == "en":
            c = data.tables().get("citations")
            hit = c[c["source"] == name]["source_en"] if c is not None else []
            name = hit.iloc[0] if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0] else name
        parts.append(t("story_source", source=name, n=k["top_source_n"]))
    if k.get("n_disputed"):
        parts.append(t("story_disputed", n=k["n_disputed"]))
    return " ".join(parts)
