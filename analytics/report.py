"""One standalone HTML report of a dashboard view: its charts, tables and the filters that made it.

plotly.js is inlined once, so the file opens offline and every chart stays interactive; table cells
are HTML-escaped.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from analytics.render import prepare

MAX_ROWS = 500
_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;
color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}.filters{color:#555;margin-bottom:1.5rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border:1px solid #e3e3e3;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f3f5f8}.note{color:#777;font-size:.8rem}
"""
_TEXT = {
    "zh": {"filters": "筛选", "generated": "生成于", "rows": "共 {n} 行，显示前 {k} 行", "empty": "当前筛选没有数据。"},
    "en": {"filters": "Filters", "generated": "Generated", "rows": "{n} rows, first {k} shown",
           "empty": "No data for the current filters."},
}


def _table_html(df: pd.DataFrame, text: dict) -> str:
    if df.empty:
        return f"<p class='note'>{html.escape(text['empty'])}</p>"
    note = ""
    if len(df) > MAX_ROWS:
        note = f"<p class='note'>{html.escape(text['rows'].format(n=len(df), k=MAX_ROWS))}</p>"
    return note + df.head(MAX_ROWS).to_html(index=False, escape=True, na_rep="", border=0)


def build(title: str, filters_text: str, charts: list[tuple[str, go.Figure]],
          tables: list[tuple[str, pd.DataFrame]], lang: str = "zh") -> bytes:
    """UTF-8 HTML bytes: a heading with the filters, then each chart and each table."""
    text = _TEXT.get(lang, _TEXT["en"])
    parts = [
        "<!DOCTYPE html>", f"<html lang='{'zh' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='filters'>{html.escape(text['filters'])}: {html.escape(filters_text)}<br>"
        f"{html.escape(text['generated'])}: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}</p>",
    ]
    first = True
    for name, fig in charts:
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(prepare(fig, filters_text).to_html(full_html=False, include_plotlyjs=first,
                                                        config={"displaylogo": False}))
        first = False
    for name, df in tables:
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(_table_html(df, text))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def tone_agreement(sentences: pd.DataFrame, labelled: pd.DataFrame) -> dict:
    """How the store's model labels agree with hand labels, matched by sentence text (held-out seeds).

    Uses ``model_label`` (before analyst corrections) so corrections cannot inflate the figure.
    """
    from sklearn.metrics import accuracy_score, f1_score

    col = "model_label" if "model_label" in sentences else "tone_label"
    merged = labelled[["text", "label"]].merge(sentences[["text", col]].drop_duplicates("text"), on="text")
    if merged.empty:
        return {"n": 0, "accuracy": float("nan"), "macro_f1": float("nan")}
    return {"n": len(merged), "accuracy": float(accuracy_score(merged["label"], merged[col])),
            "macro_f1": float(f1_score(merged["label"], merged[col], labels=["pos", "neu", "neg"], average="macro",
                                       zero_division=0))}
