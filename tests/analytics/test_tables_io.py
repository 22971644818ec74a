"""Export serialisation: BOM CSV, formula neutralisation, XLSX, JSON."""
import io
import json

import pandas as pd
import openpyxl

from analytics.tables_io import neutralise_frame, serialise, to_csv_bytes, to_xlsx_bytes

DF = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+1", "-2", "@sum", "\tx", "英偉達暴跌"], "n": [1, 2, 3, 4, 5, 6]})


def test_csv_has_bom_keeps_chinese_and_neutralises_formulas():
    data = to_csv_bytes(DF)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["text"]) == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@sum", "'\tx", "英偉達暴跌"]
    assert list(back["n"]) == [1, 2, 3, 4, 5, 6]


def test_xlsx_cells_are_text_not_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(DF)))
    cells = [c.value for c in wb.active["A"]][1:]
    assert cells[0] == "'=HYPERLINK(\"x\")" and cells[-1] == "英偉達暴跌"
    assert all(c.data_type == "s" for c in wb.active["A"][1:])


def test_json_is_records_with_nulls_and_raw_text():
    df = pd.DataFrame({"a": ["=1", None], "b": [1.5, float("nan")]})
    assert json.loads(serialise(df, "json")) == [{"a": "=1", "b": 1.5}, {"a": None, "b": None}]
    assert pd.read_parquet(io.BytesIO(serialise(df, "parquet")))["a"].tolist()[0] == "=1"


def test_full_width_and_category_cells_are_neutralised_too():
    df = pd.DataFrame({"t": ["＝1+1", "＋1", "－1", "＠SUM(A1)", "\r=1", "ok", "2-1"],
                       "c": pd.Categorical(["=HYPERLINK(\"x\")"] * 7), "n": [-1, 2, 3, 4, 5, 6, 7]})
    out = neutralise_frame(df)
    assert out["t"].tolist() == ["'＝1+1", "'＋1", "'－1", "'＠SUM(A1)", "'\r=1", "ok", "2-1"]
    assert set(out["c"]) == {"'=HYPERLINK(\"x\")"}
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7]
    assert df["t"].iloc[0] == "＝1+1"
