"""Evidence and drill-down: the sentences behind a chart selection, the reader's article picker, the
scroll to a linked sentence, and tone corrections made where a sentence is shown."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import display, escaping
from analytics.plotting.overview_common import tone_colors
from dashboard import auth, data, links, safe
from dashboard.i18n import lang, t
from dashboard.ui_filters import scheme, script, url_params

READER = "app_pages/articles.py"
EVIDENCE_LIMIT = 20
_EDITOR_ROWS = "_tone_editor_rows"


def escape(text: object) -> str:
    """Text that Markdown and HTML show as typed (no tags, links, images, math or autolinks)."""
    return escaping.markdown(text)


def tone_badge(label: str) -> str:
    """A small coloured HTML label for a tone, in the session's colour scheme."""
    color = tone_colors(scheme()).get(label, "#888888")
    text = t(label) if label in ("pos", "neu", "neg") else str(label)
    return f'<span style="background:{color};color:white;border-radius:4px;padding:0 6px;font-size:0.8em">{text}</span>'


def headlines() -> dict[str, str]:
    """Article id -> headline (the first sentence when the article has no title); built once per store."""
    return data.derived(_headlines, data.tables())


def _headlines(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    a = tables["articles"]
    return {aid: (h if isinstance(h, str) and h else "") for aid, h in zip(a["article_id"], a["headline"])}


def outlet_of() -> dict[str, str]:
    """Article id -> outlet name in the UI language (platform or 'Not stated' when none is given)."""
    return data.derived(_outlet_of, data.tables(), lang())


def _outlet_of(tables: dict[str, pd.DataFrame], code: str) -> dict[str, str]:
    a = tables["articles"]
    col = "outlet_en" if code == "en" and "outlet_en" in a else "outlet"
    plat = a["platform"] if "platform" in a else [""] * len(a)
    return {aid: display.outlet_name(o, p, code) for aid, o, p in zip(a["article_id"], a[col], plat)}


def evidence(sentences: pd.DataFrame, key: str) -> None:
    """The sentences behind a selection, each with its headline and outlet and a link to its place in the
    Articles reader."""
    heads, outlets = headlines(), outlet_of()
    col = "text_hans" if script() == "Hans" and "text_hans" in sentences else "text"
    with st.container(border=True, key=f"evidence_{key}"):
        st.markdown(f"**{t('evidence')}** · {t('evidence_n', n=len(sentences), k=min(len(sentences), EVIDENCE_LIMIT))}")
        for row in sentences.head(EVIDENCE_LIMIT).itertuples():
            st.markdown(f"{tone_badge(row.tone_label)} {escape(getattr(row, col))}  \n"
                        f"<small>{escape(heads.get(row.article_id, ''))} · {escape(outlets.get(row.article_id, ''))}"
                        f" · #{int(row.sentence_idx)}</small>", unsafe_allow_html=True)
            st.page_link(READER, label=t("open_in_reader"), icon=":material/menu_book:",
                         query_params=url_params({"article": row.article_id, "sentence": str(int(row.sentence_idx))}))


def _set_article() -> None:
    st.query_params["article"] = st.session_state["reader_article"]
    st.query_params.pop("sentence", None)


def reader_article(ids: list[str]) -> str | None:
    """The reader's article picker (headlines), initialised from the ``article`` URL parameter."""
    if not ids:
        return None
    heads, outlets = headlines(), outlet_of()
    wanted = st.query_params.get("article")
    if wanted in ids:
        st.session_state["reader_article"] = wanted
    elif wanted is not None and wanted != st.session_state.get("reader_article"):
        links.ignored("article", wanted)
    elif st.session_state.get("reader_article") not in ids:
        st.session_state["reader_article"] = ids[0]
    aid = st.selectbox(t("article"), ids, key="reader_article", on_change=_set_article,
                       format_func=lambda a: f"{heads.get(a) or '—'} · {outlets.get(a, '')}")
    st.query_params["article"] = aid
    return aid


def reader_sentence() -> int | None:
    """The sentence the URL points at (``sentence`` parameter), if any."""
    return links.index("sentence")


def scroll_to(idx: int) -> None:
    """Scroll the page to sentence ``idx`` of the reader once it is drawn (the reader marks it ``.focus``)."""
    st.iframe(
        f"""<script>
        const doc = window.parent.document;
        let tries = 0;
        function go() {{
          const el = doc.getElementById("s{int(idx)}");
          if (el) {{ el.scrollIntoView({{block: "center"}}); return; }}
          if (tries++ < 100) setTimeout(go, 100);
        }}
        go();
        </script>""", height=1)


def correction_form(article_id: str, idx: int, sentences: pd.DataFrame) -> None:
    """The linked sentence with its tone, and a one-click correction that is saved at once."""
    row = sentences[sentences["sentence_idx"] == idx].iloc[0]
    with st.container(border=True):
        st.markdown(f"{tone_badge(row['tone_label'])} **#{idx}** {escape(row['text'])}", unsafe_allow_html=True)
        cols = st.columns([2, 1, 4])
        words = {x: t(x) for x in ("neg", "neu", "pos")}
        label = cols[0].segmented_control(t("correct_label"), list(words), default=row["tone_label"],
                                          format_func=words.get, key=f"corr_{article_id}_{idx}")
        locked = not auth.can_write()
        if locked:
            cols[2].caption(auth.read_only_reason())
        if cols[1].button(t("correct_save"), key=f"corr_save_{article_id}_{idx}", icon=":material/check:",
                          disabled=locked or label is None or label == row["tone_label"]):
            data.record_correction(article_id, idx, label)
            st.toast(t("corrected", label=t(label)))
            st.rerun()


def tone_editor(v: dict[str, pd.DataFrame]) -> None:
    """Every sentence of the view with its tone label, editable in place; an edit is saved as a correction."""
    from dashboard.ui_charts import collected, downloads

    st.subheader(t("sentence_tone"))
    st.caption(t("correct_help"))
    s = v["sentences"]
    if s.empty:
        st.info(t("no_data"))
        return
    heads = headlines()
    text_col = "text_hans" if script() == "Hans" else "text"
    code = lang()
    head = {c: display.header(c, code) for c in ("article", "sentence_idx", "text", "tone", "corrected")}
    label_col = t("correct_label")
    rows = pd.DataFrame({
        head["article"]: [heads.get(a) or "" for a in s["article_id"]],
        head["sentence_idx"]: s["sentence_idx"].astype(int), head["text"]: s[text_col], head["tone"]: s["tone"].round(2),
        label_col: s["tone_label"],
        head["corrected"]: s["corrected"].fillna(False).astype(bool) if "corrected" in s else False,
    })
    st.session_state[_EDITOR_ROWS] = (s[["article_id", "sentence_idx"]].reset_index(drop=True), label_col)
    collected()["tables"].append((t("sentence_tone"), data.derived(display.readable, "sentences", s, data.tables(), code,
                                                                   text_col)))
    words = {x: t(x) for x in ("pos", "neu", "neg")}
    locked = not auth.can_write()
    if locked:
        st.caption(auth.read_only_reason())
    safe.data_editor(
        rows, key="tone_editor", hide_index=True, on_change=_save_corrections, height=420,
        disabled=True if locked else [head[c] for c in ("article", "sentence_idx", "text", "tone", "corrected")],
        column_config={
            head["article"]: st.column_config.TextColumn(width="small"),
            head["text"]: st.column_config.TextColumn(width="large"),
            head["tone"]: st.column_config.ProgressColumn(min_value=-1.0, max_value=1.0, format="%.2f"),
            label_col: st.column_config.SelectboxColumn(options=list(words), required=True, format_func=words.get),
        },
    )
    downloads(rows.assign(article_id=s["article_id"].to_numpy()), "tone_editor", "sentence_tone")


def _save_corrections() -> None:
    edits = st.session_state.get("tone_editor", {}).get("edited_rows", {})
    keys, label_col = st.session_state.get(_EDITOR_ROWS, (None, ""))
    for idx, change in edits.items():
        label = change.get(label_col)
        if label in ("pos", "neu", "neg") and keys is not None and int(idx) < len(keys):
            row = keys.iloc[int(idx)]
            data.record_correction(row["article_id"], int(row["sentence_idx"]), label)
    if edits:
        st.toast(t("corrected", label=", ".join(t(c[label_col]) for c in edits.values() if label_col in c)))
