"""One standalone HTML report of a dashboard view: headline numbers, the summary and the filters first,
then each chart as a static image (Chinese intact, rendered by kaleido through the system Chromium) and
each table readable (names, words, rounded numbers). Cells are HTML-escaped; the file opens offline.
The PDF version is the same HTML printed by that Chromium (headless --print-to-pdf, no network).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analytics.render import chromium_path, prepare

MAX_ROWS = 500
_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;
color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}.filters{color:#555;margin-bottom:1.5rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.kpis{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}.kpi{border:1px solid #e3e3e3;border-radius:6px;
padding:.5rem .9rem;min-width:7rem}.kpi b{display:block;font-size:1.4rem}.kpi span{color:#555;font-size:.85rem}
.summary{font-size:1.05rem;line-height:1.7}img{max-width:100%}
table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border:1px solid #e3e3e3;padding:4px 6px;
text-align:left;vertical-align:top}th{background:#f3f5f8}.note{color:#777;font-size:.8rem}
"""
_TEXT = {
    "zh": {"filters": "筛选", "generated": "生成于", "rows": "共 {n} 行，显示前 {k} 行", "empty": "当前筛选没有数据。",
           "summary": "报道在说什么"},
    "en": {"filters": "Filters", "generated": "Generated", "rows": "{n} rows, first {k} shown",
           "empty": "No data for the current filters.", "summary": "What the coverage says"},
}


def _table_html(df: pd.DataFrame, text: dict) -> str:
    if df.empty:
        return f"<p class='note'>{html.escape(text['empty'])}</p>"
    note = ""
    if len(df) > MAX_ROWS:
        note = f"<p class='note'>{html.escape(text['rows'].format(n=len(df), k=MAX_ROWS))}</p>"
    shown = df.head(MAX_ROWS).copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:,.2f}".rstrip("0").rstrip("."))
    return note + shown.to_html(index=False, escape=True, na_rep="", border=0)


def _chart_html(fig: go.Figure, subtitle: str, static: bool, first: bool) -> str:
    """A PNG image of the chart when kaleido can render it, else the interactive chart."""
    if static:
        try:
            from analytics.render import to_image

            png = to_image(fig, "png", subtitle, scale=1.5)
            return f"<img alt='' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        except Exception:  # no Chromium: fall back to an interactive chart, still offline
            pass
    return prepare(fig, subtitle).to_html(full_html=False, include_plotlyjs=first, config={"displaylogo": False})


def build(title: str, filters_text: str, charts: list[tuple[str, go.Figure]],
          tables: list[tuple[str, pd.DataFrame]], lang: str = "zh", headline: list[tuple[str, str]] | None = None,
          summary: str = "", about: list[tuple[str, str]] | None = None, static: bool = True) -> bytes:
    """UTF-8 HTML bytes: title, headline numbers, summary, filters (and store version), then each chart
    and each table. ``static`` renders charts as PNG images; otherwise they stay interactive."""
    text = _TEXT.get(lang, _TEXT["en"])
    facts = about or [(text["filters"], filters_text),
                      (text["generated"], dt.datetime.now().strftime("%Y-%m-%d %H:%M"))]
    parts = [
        "<!DOCTYPE html>", f"<html lang='{'zh' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if headline:
        parts.append("<div class='kpis'>" + "".join(
            f"<div class='kpi'><b>{html.escape(str(v))}</b><span>{html.escape(k)}</span></div>" for k, v in headline)
            + "</div>")
    if summary:
        parts.append(f"<p class='summary'>{html.escape(summary)}</p>")
    parts.append("<p class='filters'>" + "<br>".join(f"{html.escape(k)}: {html.escape(str(v))}" for k, v in facts)
                 + "</p>")
    js_done = False
    for name, fig in charts:
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(_chart_html(fig, filters_text, static, not js_done))
        js_done = js_done or "Plotly.newPlot" in parts[-1]
    for name, df in tables:
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(_table_html(df, text))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


PDF_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


def to_pdf(html_bytes: bytes, timeout: float = 120) -> bytes:
    """PDF bytes of an HTML report, printed by the system Chromium from a temporary file (A4, no
    header or footer); RuntimeError when no Chromium is installed or it prints nothing."""
    browser = chromium_path()
    if not browser:
        raise RuntimeError("no Chromium found: install Debian's chromium (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory(prefix="report_pdf_") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_bytes(html_bytes)
        run = subprocess.run([browser, *PDF_ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
                              src.as_uri()], capture_output=True, timeout=timeout, check=False)
        if not out.exists() or not out.read_bytes().startswith(b"%PDF"):
            raise RuntimeError(f"chromium printed no PDF (exit {run.returncode}): {run.stderr.decode()[-400:]}")
        return out.read_bytes()


def build_pdf(*args, **kwargs) -> bytes:
    """The report of ``build`` (same arguments) as a PDF: the same HTML, printed by Chromium."""
    return to_pdf(build(*args, **kwargs))


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
