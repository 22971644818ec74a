"""Table serialisation for exports: CSV (UTF-8 with BOM), XLSX, JSON and Parquet.

Text cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return)
are neutralised with a leading apostrophe in CSV and XLSX, so an exported table is safe to open.
"""
from __future__ import annotations

import io
import json
import math

import pandas as pd

FORMATS = ("csv", "json", "xlsx", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix formula-like text with an apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV encoded UTF-8 with BOM so Excel opens Chinese text correctly."""
    return _safe(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        _safe(df).to_excel(xw, index=False, sheet_name=sheet[:31])
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
