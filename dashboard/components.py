"""The UI pieces pages use, gathered in one import (``from dashboard import components as ui``).

Each role lives in its own module: ui_charts (charts, tables, exports, the report), ui_evidence
(evidence, reader, tone corrections), ui_filters (filters and the URL), ui_uploads (uploads). This
module adds the few helpers that name things for the current language and the Method page's text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import escaping, store
from dashboard import data, ui_filters
from dashboard.data import derived, figure  # noqa: F401  (built once per view, shared by sessions)
from dashboard.i18n import lang, t
from dashboard.ui_charts import (chart, collected, downloads, headline_numbers, is_empty, readable,  # noqa: F401
                                 report_button, show_evidence, start_collecting, story, table)
from dashboard.ui_evidence import (READER, correction_form, escape, evidence, headlines,  # noqa: F401
                                   outlet_of, reader_article, reader_sentence, scroll_to, tone_badge, tone_editor)
from dashboard.ui_filters import (FILTER_KEYS, clear_filters, current_filters, scheme, script,  # noqa: F401
                                  view)
from dashboard.ui_uploads import upload_form  # noqa: F401

_escape = escape
DATA_TABLES = ("articles", "sentences", "topics", "themes", "figures", "claims", "citations", "entities",
               "co_mentions", "tone_corrections")


def summary() -> dict:
    """Headline numbers of the current view, counted over every row (cached, shared by sessions)."""
    return data.summary(ui_filters.current_filters())


def subtitle() -> str:
    """The active filters as one line for a page caption, escaped: filter values are corpus names."""
    return escaping.markdown(ui_filters.subtitle())


def build_skips() -> None:
    """Inputs the store's build could not read, each with its file and reason, so no loss goes unseen."""
    lines = store.skipped_inputs(data.tables())
    if lines:
        st.warning(t("build_skipped", n=len(lines)), icon=":material/warning:")
        st.code("\n".join(lines), language=None, wrap_lines=True)


def method_text(code: str) -> str:
    """The Method page's text, plus what this store measured (corrections, retrained-model agreement)."""
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
    return data.derived(_outlet_names, data.tables(), lang())


def _outlet_names(tables: dict[str, pd.DataFrame], code: str) -> dict[str, str]:
    a = tables["articles"]
    if code != "en" or "outlet_en" not in a:
        return {}
    return {o: e for o, e in zip(a["outlet"], a["outlet_en"]) if isinstance(e, str) and e}


def entity_names() -> dict[str, str]:
    """Entity display names by id, English in English mode."""
    return data.derived(_entity_names, data.tables(), lang())


def _entity_names(tables: dict[str, pd.DataFrame], code: str) -> dict[str, str]:
    e = tables["entities"]
    col = "name_en" if code == "en" and "name_en" in e else "name"
    return {i: (n if isinstance(n, str) and n else m) for i, n, m in zip(e["entity_id"], e[col], e["name"])}


def article_names() -> dict[str, str]:
    """Article id -> outlet and short headline, the way a chart legend should name an article."""
    return data.derived(_article_names, data.tables(), lang())


def _article_names(tables: dict[str, pd.DataFrame], code: str) -> dict[str, str]:
    outlets = outlet_of()
    return {aid: f"{outlets.get(aid, '')} · {h[:18]}{'…' if len(h) > 18 else ''}" if h else outlets.get(aid, "")
            for aid, h in headlines().items()}


def with_outlet_names(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose ``outlet`` column shows the UI language's outlet names (for charts)."""
    names = outlet_names()
    if not names or df is None or "outlet" not in df:
        return df
    return data.derived(_renamed_outlets, df, names)


def _renamed_outlets(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return df.assign(outlet=df["outlet"].map(lambda o: names.get(o) or o))
