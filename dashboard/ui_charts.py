"""Charts, tables and exports: a chart with drill-down and PNG/SVG/HTML downloads, a readable table with
CSV/XLSX downloads that say which filters and store made them, and the report of the whole view.

Each page registers what it shows here, so the report button can export the whole view.
"""
from __future__ import annotations

import functools
import json
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import display, escaping, filters as flt, report, tables_io
from dashboard import data, safe
from dashboard.i18n import lang, t
from dashboard.ui_evidence import evidence
from dashboard.ui_filters import current_filters, subtitle, view

_COLLECT = "_view_items"
EVIDENCE_OWNER = "_evidence_owner"
MAX_ROWS = 1_000  # rows a table sends to the browser; its downloads hold every row
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def start_collecting() -> None:
    """Forget the previous run's charts, tables and evidence slots (called once per run by the app)."""
    st.session_state[_COLLECT] = {"charts": [], "tables": [], "slots": {}}


def collected() -> dict:
    return st.session_state.setdefault(_COLLECT, {"charts": [], "tables": [], "slots": {}})


def slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff]+", "_", text).strip("_")[:60] or "chart"


def is_empty(fig: go.Figure) -> bool:
    meta = fig.layout.meta
    return (isinstance(meta, dict) and meta.get("empty")) or not fig.data


def chart(fig: go.Figure, key: str, title: str, drill: bool = True) -> None:
    """A chart with a drill-down selection, PNG/SVG/HTML exports and a slot below it where the evidence
    of its selection is shown if it is the chart selected in last (see ``show_evidence``)."""
    st.subheader(title)
    if data.is_shared(fig):
        names = getattr(fig, data.RAW_NAMES)
    else:
        names = [getattr(tr, "name", None) for tr in fig.data]
        fig = escaping.figure(fig)
    collected()["charts"].append((title, fig))
    if is_empty(fig):
        st.info(t("no_data"))
        return
    if note := sample_caption():
        st.caption(note)
    event = st.plotly_chart(
        fig, key=key, on_select="rerun" if drill else "ignore",
        selection_mode=("points", "box", "lasso"),
        config={"displaylogo": False, "toImageButtonOptions": {"filename": slug(title), "scale": 2}},
    )
    _export_buttons(fig, key, title)
    if drill:
        points = escaping.unescape(list(event.selection.points)) if event and event.selection else []
        collected()["slots"][key] = (st.empty(), points, names)


def show_evidence() -> None:
    """One evidence panel per page: under the chart whose selection changed last (called after the page
    has drawn every chart, so an earlier chart never keeps a stale panel)."""
    slots = collected().get("slots", {})
    seen = st.session_state.setdefault("_selection_seen", {})
    owner = st.session_state.get(EVIDENCE_OWNER)
    for key, (_, points, _) in slots.items():
        sig = json.dumps(points, sort_keys=True, default=str) if points else None
        if sig and seen.get(key) != sig:
            owner = key
        seen[key] = sig
    st.session_state[EVIDENCE_OWNER] = owner
    if owner in slots and slots[owner][1]:
        slot, points, names = slots[owner]
        with slot.container():
            evidence(flt.evidence(view(), flt.selection_from_points(view(), points, names)), owner)


def _export_buttons(fig: go.Figure, key: str, title: str) -> None:
    sub = subtitle()
    name = slug(title)
    row = st.container(horizontal=True, gap="small")
    for fmt in ("png", "svg", "html"):
        row.download_button(
            fmt.upper(), data=data.deferred_chart(fig, fmt, sub, title), file_name=f"{name}.{fmt}",
            mime=data.MIME[fmt], key=f"{key}_dl_{fmt}", on_click="ignore", icon=":material/download:",
        )


def about() -> list[tuple[str, str]]:
    """Filters, store version and export time, for the head of every CSV/XLSX and the report."""
    uploaded = len(st.session_state.get(data.SESSION_UPLOADS) or [])
    return tables_io.about_lines(subtitle(), tables_io.store_version(data.tables(), uploaded), lang())


_SIGNATURES = (("claims", {"claim_id", "min_value"}), ("figures", {"figure_id", "value"}),
               ("citations", {"source", "quote"}), ("entities", {"entity_id", "type"}),
               ("co_mentions", {"entity_a", "entity_b"}), ("topics", {"topic_id", "terms"}),
               ("sentences", {"sentence_idx", "tone_label", "text"}), ("articles", {"article_id", "headline"}))


def table_kind(df: pd.DataFrame) -> str | None:
    """Which store table ``df`` is (by its columns), so a raw table is shown readable; None for others."""
    cols = set(df.columns)
    return next((name for name, need in _SIGNATURES if need <= cols), None)


def table(shown: pd.DataFrame, key: str, title: str, export: pd.DataFrame | None = None,
          height: int | None = None, **kwargs) -> None:
    """A readable table on screen; CSV (UTF-8 BOM) and XLSX downloads of ``export`` (the full columns,
    default the shown ones) headed by the filters, store version and export time. A raw store table is
    shown readable and exported whole."""
    kind = table_kind(shown)
    export = shown if export is None else export
    total = len(shown)
    shown = data.derived(_head, shown, MAX_ROWS)
    if kind:
        shown = readable(kind, shown)
    st.subheader(title)
    collected()["tables"].append((title, shown))
    if shown.empty:
        st.info(t("no_data") if current_filters().active else t("empty_table"))
        return
    st.caption(t("rows", n=total) if total <= MAX_ROWS else
               (f"First {MAX_ROWS:,} of {total:,} rows on screen; the downloads hold every row." if lang() == "en"
                else f"屏幕上显示前 {MAX_ROWS:,} 行（共 {total:,} 行）；下载文件包含全部行。"))
    safe.dataframe(shown, hide_index=True, height=height or "auto", **kwargs)
    downloads(export, key, slug(title))


def sample_caption() -> str | None:
    """What a chart is drawn from when the view is too large to draw whole (SQL mode), else None."""
    note = data.sample_note(current_filters())
    if note is None:
        return None
    a, na, n, nn = note
    if lang() == "en":
        return (f"Drawn from a random sample of {a:,} of {na:,} articles ({n:,} of {nn:,} sentences); "
                "the headline numbers count every article.")
    return f"图表基于随机抽取的 {a:,} / {na:,} 篇文章（{n:,} / {nn:,} 句）；顶部数字统计全部文章。"


def downloads(df: pd.DataFrame, key: str, name: str) -> None:
    info = about()
    row = st.container(horizontal=True, gap="small")
    row.download_button("CSV", data=data.deferred_table(df, "csv", info), file_name=f"{name}.csv", mime="text/csv",
                        key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    row.download_button("XLSX", data=data.deferred_table(df, "xlsx", info), file_name=f"{name}.xlsx", mime=XLSX,
                        key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")


def readable(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (a table of the view called ``name``) with names, words and formatted numbers for people."""
    from dashboard.ui_filters import script

    return data.derived(display.readable, name, df, data.tables(), lang(), "text_hans" if script() == "Hans" else "text")


def _head(df: pd.DataFrame, n: int) -> pd.DataFrame:
    return df.head(n)


def headline_numbers(k: dict) -> list[tuple[str, str]]:
    """The overview's metrics as (label, value) pairs, shared by the page and the report."""
    def pct(x: float) -> str:
        return "–" if x != x else f"{x:.0%}"

    return [(t("kpi_articles"), str(k["n_articles"])), (t("kpi_sentences"), str(k["n_sentences"])),
            (t("kpi_tone"), "–" if k["tone_mean"] != k["tone_mean"] else f"{k['tone_mean']:+.2f}"),
            (t("kpi_neg"), pct(k["share_neg"])), (t("kpi_figures"), str(k["n_figures"])),
            (t("kpi_sources"), str(k["n_sources"]))]


def story(k: dict) -> str:
    """The view's headline numbers as two or three plain sentences."""
    if not k["n_sentences"]:
        return t("no_data")
    unknown = t("story_unknown_outlet", u=k["n_unknown_outlet"]) if k.get("n_unknown_outlet") else ""
    a, o = k["n_articles"], k["n_outlets"]
    parts = [t("story_counts", a=a, aw="article" if a == 1 else "articles", o=o, ow="outlet" if o == 1 else "outlets",
               u=unknown, s=k["n_sentences"]),
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


def report_button(container, title: str) -> None:
    """Buttons exporting the view as one HTML file and as its PDF print: headline numbers, summary and
    filters first, then every chart and table of the current run."""
    items = collected()
    charts, frames = list(items["charts"]), list(items["tables"])
    k = data.summary(current_filters())
    extra = {"headline": headline_numbers(k), "summary": story(k), "about": about()}
    box = container.container()
    box.download_button(
        t("report"), data=data.deferred_report(title, subtitle(), charts, frames, lang(), **extra),
        file_name=f"{slug(title)}_report.html", mime="text/html", key="report_dl", on_click="ignore",
        help=t("report_help"), icon=":material/description:", width="stretch",
    )
    box.download_button(
        t("report_pdf"), data=functools.partial(report.build_pdf, title, subtitle(), charts, frames, lang=lang(), **extra),
        file_name=f"{slug(title)}_report.pdf", mime="application/pdf", key="report_pdf_dl", on_click="ignore",
        help=t("report_pdf_help"), icon=":material/picture_as_pdf:", width="stretch",
    )
