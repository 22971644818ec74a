"""Reusable UI pieces: a chart with drill-down and exports, a table with downloads, evidence lists.

Each page registers what it shows here, so the report button can export the whole view.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import filters as flt, render, store
from analytics.clean import to_script
from analytics.plotting.overview_common import tone_colors
from dashboard import data
from dashboard.i18n import STRINGS, lang, t

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
    fig = render.titled(fig, title)
    row = st.container(horizontal=True, gap="small")
    for fmt in ("png", "svg", "html"):
        row.download_button(
            fmt.upper(), data=data.deferred_chart(fig, fmt, sub), file_name=f"{name}.{fmt}",
            mime=data.MIME[fmt], key=f"{key}_dl_{fmt}", on_click="ignore", icon=":material/download:",
        )


def table(df: pd.DataFrame, key: str, title: str, height: int | None = None, **kwargs) -> None:
    """A table with CSV (UTF-8 BOM) and XLSX downloads."""
    st.subheader(title)
    _collected()["tables"].append((title, df))
    if df.empty:
        st.info(t("no_data") if current_filters().active else t("empty_table"))
        return
    st.caption(t("rows", n=len(df)))
    st.dataframe(df, hide_index=True, height=height or "auto", **kwargs)
    row = st.container(horizontal=True, gap="small")
    name = _slug(title)
    row.download_button("CSV", data=data.table_bytes(df, "csv"), file_name=f"{name}.csv", mime="text/csv",
                       key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    row.download_button("XLSX", data=data.deferred_table(df, "xlsx"), file_name=f"{name}.xlsx",
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
                        f"<small>{_escape(str(getattr(row, 'headline', '') or row.article_id))} · {_escape(outlet)}</small>",
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


def aliases(df: pd.DataFrame, key: str, names: list[str]) -> dict[object, tuple[str, ...]]:
    """Every name an option may carry in a link (its id, its names in each language and script)."""
    out: dict[object, tuple[str, ...]] = {}
    for row in df.to_dict("records"):
        found = [str(row[c]) for c in [key, *names] if c in row and isinstance(row[c], str) and row[c]]
        out[row[key]] = tuple(found + [to_script(n, "Hant") for n in found])
    return out


def topic_aliases(topics: pd.DataFrame) -> dict[object, tuple[str, ...]]:
    """Narratives by id, ``3 · label`` in either script, or the bare label."""
    out: dict[object, tuple[str, ...]] = {}
    for row in topics.to_dict("records"):
        i = int(row["topic_id"])
        labels = [x for x in (row.get("label"), row.get("label_hant")) if isinstance(x, str) and x]
        out[i] = tuple([str(i)] + labels + [f"{i} · {x}" for x in labels])
    return out


def tone_aliases() -> dict[object, tuple[str, ...]]:
    """pos/neu/neg as codes or as the words either language shows."""
    return {code: (code, *STRINGS[code], to_script(STRINGS[code][0], "Hant")) for code in flt.TONES}


def normalise_url(key: str, known: Callable[[], dict[object, tuple[str, ...]]], label_of,
                  single: bool = False) -> None:
    """Read ``?key=`` values written in any language or script, or as raw ids, when a session opens a
    link, so a shared link restores its filters whatever language opens it (the bound widget itself
    only recognises the labels of the current language). ``known`` is only called when a link is read,
    so ordinary reruns pay nothing."""
    values = st.query_params.get_all(key)
    if not values or key in st.session_state:
        return
    alias: dict[str, object] = {}
    for option, names in known().items():
        for name in (str(option), label_of(option), *names):
            alias.setdefault(name, option)
    chosen = [alias[v] for v in values if v in alias]
    if chosen and any(label_of(c) not in values for c in chosen):
        st.session_state[key] = chosen[0] if single else chosen


def clear_filters() -> None:
    """Reset every global filter (bound widgets are changed through session state)."""
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "q" else []


def build_skips() -> None:
    """Inputs the store's build could not read, each with its file and reason, so no loss goes unseen."""
    lines = store.skipped_inputs(data.tables())
    if lines:
        st.warning(t("build_skipped", n=len(lines)), icon=":material/warning:")
        st.code("\n".join(lines), language=None, wrap_lines=True)


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
    unknown = t("story_unknown_outlet", u=k["n_unknown_outlet"]) if k.get("n_unknown_outlet") else ""
    parts = [t("story_counts", a=k["n_articles"], o=k["n_outlets"], u=unknown, s=k["n_sentences"]),
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


DATA_TABLES = ("articles", "sentences", "topics", "figures", "claims", "citations", "entities", "mentions",
               "co_mentions", "tone_corrections")
_EDITOR_ROWS = "_tone_editor_rows"


def script() -> str:
    """Script for labels and sentences: 'Hans' (Simplified) or 'Hant' (Traditional)."""
    return st.session_state.get("script", "Hans")


def tone_editor(v: dict[str, pd.DataFrame]) -> None:
    """Every sentence of the view with its tone label, editable in place; an edit is saved as a correction."""
    st.subheader(t("sentence_tone"))
    st.caption(t("correct_help"))
    s = v["sentences"]
    if s.empty:
        st.info(t("no_data"))
        return
    titles = dict(zip(v["articles"]["article_id"], v["articles"]["headline"]))
    text_col = "text_hans" if script() == "Hans" else "text"
    rows = pd.DataFrame({
        "article": [titles.get(a, a) for a in s["article_id"]], "#": s["sentence_idx"].astype(int),
        "text": s[text_col], "tone": s["tone"].round(2), "tone_label": s["tone_label"],
        "corrected": s["corrected"].fillna(False).astype(bool) if "corrected" in s else False,
    })
    st.session_state[_EDITOR_ROWS] = s[["article_id", "sentence_idx"]].reset_index(drop=True)
    _collected()["tables"].append((t("sentence_tone"), rows))
    st.data_editor(
        rows, key="tone_editor", hide_index=True, on_change=_save_corrections, height=420,
        disabled=["article", "#", "text", "tone", "corrected"],
        column_config={
            "article": st.column_config.TextColumn(t("article"), width="small"),
            "text": st.column_config.TextColumn(width="large"),
            "tone": st.column_config.ProgressColumn(t("tone"), min_value=-1.0, max_value=1.0, format="%.2f"),
            "tone_label": st.column_config.SelectboxColumn(t("correct_label"), options=["pos", "neu", "neg"],
                                                           required=True),
            "corrected": st.column_config.CheckboxColumn("✔"),
        },
    )
    row = st.container(horizontal=True, gap="small")
    row.download_button("CSV", data=data.table_bytes(rows, "csv"), file_name="sentence_tone.csv", mime="text/csv",
                        key="tone_editor_csv", on_click="ignore", icon=":material/download:")
    row.download_button("XLSX", data=data.deferred_table(rows, "xlsx"), file_name="sentence_tone.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="tone_editor_xlsx", on_click="ignore", icon=":material/download:")


def _save_corrections() -> None:
    edits = st.session_state.get("tone_editor", {}).get("edited_rows", {})
    keys = st.session_state.get(_EDITOR_ROWS)
    for idx, change in edits.items():
        label = change.get("tone_label")
        if label in ("pos", "neu", "neg") and keys is not None and int(idx) < len(keys):
            row = keys.iloc[int(idx)]
            data.record_correction(row["article_id"], int(row["sentence_idx"]), label)
    if edits:
        st.toast(t("corrected", label=", ".join(t(c["tone_label"]) for c in edits.values() if "tone_label" in c)))


def _set_article() -> None:
    st.query_params["article"] = st.session_state["reader_article"]
    st.query_params.pop("sentence", None)


def reader_article(ids: list[str]) -> str | None:
    """The reader's article picker, initialised from the ``article`` URL parameter."""
    if not ids:
        return None
    titles = dict(zip(data.tables()["articles"]["article_id"], data.tables()["articles"]["headline"]))
    wanted = st.query_params.get("article")
    if wanted in ids:
        st.session_state["reader_article"] = wanted
    elif st.session_state.get("reader_article") not in ids:
        st.session_state["reader_article"] = ids[0]
    aid = st.selectbox(t("article"), ids, key="reader_article", on_change=_set_article,
                       format_func=lambda a: f"{titles.get(a) or a}")
    st.query_params["article"] = aid
    return aid


def reader_sentence() -> int | None:
    """The sentence the URL points at (``sentence`` parameter), if any."""
    raw = st.query_params.get("sentence")
    return int(raw) if raw is not None and str(raw).isdigit() else None


def correction_form(article_id: str, idx: int, sentences: pd.DataFrame) -> None:
    """The linked sentence with its tone, and a one-click correction that is saved at once."""
    row = sentences[sentences["sentence_idx"] == idx].iloc[0]
    with st.container(border=True):
        st.markdown(f"{tone_badge(row['tone_label'])} **#{idx}** {_escape(row['text'])}", unsafe_allow_html=True)
        cols = st.columns([2, 1, 4])
        label = cols[0].segmented_control(t("correct_label"), ["neg", "neu", "pos"], default=row["tone_label"],
                                          format_func=t, key=f"corr_{article_id}_{idx}")
        if cols[1].button(t("correct_save"), key=f"corr_save_{article_id}_{idx}", icon=":material/check:",
                          disabled=label is None or label == row["tone_label"]):
            data.record_correction(article_id, idx, label)
            st.toast(t("corrected", label=t(label)))
            st.rerun()


def method_text(code: str) -> str:
    """The Method page's text, plus what this store measured (corrections, retrained-model agreement)."""
    import json
    from pathlib import Path

    text = (Path(__file__).parent / f"method_{'en' if code == 'en' else 'zh'}.md").read_text(encoding="utf-8")
    tables = data.tables()
    corr = tables.get("tone_corrections")
    n = 0 if corr is None else len(corr)
    extra = [f"\n\n**{'Corrections recorded' if code == 'en' else '已记录的修正'}**: {n}"]
    agree = data.tone_agreement()
    if agree.get("n"):
        extra.append(
            f"\n\n**{'Measured on this store' if code == 'en' else '在本数据库上的实测'}**: "
            + (f"on {agree['n']} hand-labelled seed sentences held out from tuning, the model's tone label agrees "
               f"{agree['accuracy']:.0%} of the time (macro-F1 {agree['macro_f1']:.2f})." if code == "en" else
               f"在 {agree['n']} 句未参与调参的人工标注语料句子上，模型语气标签的准确率为 {agree['accuracy']:.0%}"
               f"（macro-F1 {agree['macro_f1']:.2f}）。"))
    model = tables.get("tone_model")
    if model is not None and len(model):
        metrics = json.loads(model.sort_values("created").iloc[-1]["metrics_json"])
        extra.append(f"\n\n**{'Retrained tone model' if code == 'en' else '重新训练的语气模型'}**: "
                     + ", ".join(f"{k} = {v:.3f}" if isinstance(v, float) else f"{k} = {v}" for k, v in metrics.items()))
    return text + "".join(extra)


def outlet_names() -> dict[str, str]:
    """Outlet display names for the UI language (English names in English mode)."""
    a = data.tables()["articles"]
    if lang() != "en" or "outlet_en" not in a:
        return {}
    return {o: e for o, e in zip(a["outlet"], a["outlet_en"]) if isinstance(e, str) and e}


def entity_names() -> dict[str, str]:
    """Entity display names by id, English in English mode."""
    e = data.tables()["entities"]
    col = "name_en" if lang() == "en" and "name_en" in e else "name"
    return {i: (n if isinstance(n, str) and n else i) for i, n in zip(e["entity_id"], e[col])}


def article_names() -> dict[str, str]:
    """Article id -> short title (the id when the article has no title)."""
    a = data.tables()["articles"]
    return {aid: (str(ti)[:24] if isinstance(ti, str) and ti else aid) for aid, ti in zip(a["article_id"], a["headline"])}


def with_outlet_names(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose ``outlet`` column shows the UI language's outlet names (for charts)."""
    names = outlet_names()
    if not names or df is None or "outlet" not in df:
        return df
    return df.assign(outlet=df["outlet"].map(lambda o: names.get(o) or o))
