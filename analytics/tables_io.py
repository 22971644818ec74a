"""Table serialisation for exports: CSV (UTF-8 with BOM), XLSX, JSON and Parquet.

An export can say where it came from: ``about`` lines (filters, store version, export time) become
``# `` comment lines above the CSV header and a header block above the XLSX table.

Text cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return, or
the full-width ＝＋－＠ that spreadsheets also accept) are neutralised with a leading apostrophe in CSV
and XLSX, so an exported table is safe to open.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math

import pandas as pd

FORMATS = ("csv", "json", "xlsx", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value: object) -> object:
    """Prefix formula-like text with an apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every formula-like text cell neutralised (text and category columns)."""
    out = df.copy()
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out.isetitem(col, series.map(neutralise))
    return out


def store_version(tables: dict[str, pd.DataFrame], n_uploaded: int = 0) -> str:
    """The store a view came from: pipeline version, build time and corpus digest (plus session uploads)."""
    info = tables.get("build_info")
    meta = dict(zip(info["key"], info["value"])) if info is not None and len(info) else {}
    parts = []
    if meta.get("pipeline_version"):
        parts.append(f"pipeline {meta['pipeline_version']}")
    if meta.get("built_at"):
        built = dt.datetime.fromtimestamp(float(meta["built_at"]), tz=dt.timezone.utc)
        parts.append(f"built {built:%Y-%m-%d %H:%M} UTC")
    if meta.get("corpus_digest"):
        parts.append(f"corpus {str(meta['corpus_digest'])[:12]}")
    if n_uploaded:
        parts.append(f"+{n_uploaded} uploaded")
    return " · ".join(parts) or "unknown"


def about_lines(filters: str, version: str, lang: str = "zh", when: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(label, value) rows saying which filters, which store and when an export was made."""
    when = when or dt.datetime.now(dt.timezone.utc)
    labels = ("Filters", "Store version", "Exported") if lang == "en" else ("筛选", "数据库版本", "导出时间")
    return list(zip(labels, (filters, version, f"{when:%Y-%m-%d %H:%M} UTC")))


def to_csv_bytes(df: pd.DataFrame, about: list[tuple[str, str]] | None = None) -> bytes:
    """CSV encoded UTF-8 with BOM so Excel opens Chinese text correctly; ``about`` rows go first as
    ``# label: value`` comment lines (read back with ``pd.read_csv(..., comment=None, skiprows=n)``)."""
    head = "".join(f"# {k}: {v}\n" for k, v in about or [])
    return (head + neutralise_frame(df).to_csv(index=False)).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "data", about: list[tuple[str, str]] | None = None) -> bytes:
    """XLSX with the ``about`` rows as a header block, a blank row, then the table."""
    buf = io.BytesIO()
    about = about or []
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        start = len(about) + 1 if about else 0
        neutralise_frame(df).to_excel(xw, index=False, sheet_name=sheet[:31], startrow=start)
        ws = xw.sheets[sheet[:31]]
        for i, (k, v) in enumerate(about, 1):
            ws.cell(row=i, column=1, value=k)
            ws.cell(row=i, column=2, value=neutralise(str(v)))
    return buf.getvalue()


def _jsonable(v: object) -> object:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def to_json_text(df: pd.DataFrame) -> str:
    """An array of records, Chinese kept as is, NaN as null."""
    records = [{k: _jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=1)


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def serialise(df: pd.DataFrame, fmt: str) -> bytes:
    """Bytes of ``df`` in one of FORMATS."""
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt == "xlsx":
        return to_xlsx_bytes(df)
    if fmt == "json":
        return to_json_text(df).encode("utf-8")
    if fmt == "parquet":
        return to_parquet_bytes(df)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
