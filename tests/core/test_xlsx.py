"""oa.core.xlsx writes every string as text, and every XLSX the project writes goes through it."""

import re
from datetime import date
from pathlib import Path

import pytest

from oa.core.xlsx import Sheet, workbook_bytes
from tests.xlsx import INJECTION, text_cell

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", [INJECTION, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"])
def test_a_string_that_looks_like_a_formula_is_text(value):
    content = workbook_bytes([Sheet("表", ["标题", "数"], rows=[[value, 3]])])
    cell = text_cell(content, value)
    assert cell.value == value


def test_numbers_dates_and_plain_text_keep_their_types():
    from io import BytesIO

    from openpyxl import load_workbook

    content = workbook_bytes([Sheet("表", ["标题", "数", "日期"], rows=[["关于…的通知", -5, date(2026, 10, 1)]])])
    row = next(load_workbook(BytesIO(content)).active.iter_rows(min_row=2))
    assert [c.data_type for c in row] == ["s", "n", "d"]
    assert row[0].value == "关于…的通知" and not row[0].quotePrefix and row[1].value == -5


def test_characters_xml_cannot_hold_are_dropped_not_a_500():
    content = workbook_bytes([Sheet("表", ["标题"], rows=[["标\x01题\x1f"]])])
    from io import BytesIO

    from openpyxl import load_workbook

    assert load_workbook(BytesIO(content)).active["A2"].value == "标题"


def test_every_xlsx_writer_is_the_helper():
    """No module but oa/core/xlsx.py builds a workbook itself (a new export must use the helper)."""
    writers = []
    for package in ("oa", "documents", "notices"):
        for path in (ROOT / package).rglob("*.py"):
            if re.search(r"\bWorkbook\(|import Workbook\b|WriteOnlyCell", path.read_text(encoding="utf-8")):
                writers.append(str(path.relative_to(ROOT)))
    assert writers == ["oa/core/xlsx.py"]


def test_an_empty_string_is_an_empty_cell():
    from io import BytesIO

    from openpyxl import load_workbook

    from oa.core.xlsx import Sheet, workbook_bytes

    sheet = load_workbook(BytesIO(workbook_bytes([Sheet(title="表", header=["甲", "乙"], rows=[["", "有"]])]))).active
    assert sheet.cell(row=2, column=1).value is None and sheet.cell(row=2, column=2).value == "有"
