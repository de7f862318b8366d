"""XLSX downloads: the one helper every export goes through (numbers stay numbers, rates are real
percentages, dates real dates, the header bold and frozen, and every string is text).

A string is always written as a text cell, never a formula: a title such as
`=HYPERLINK("http://…?x="&A1,"点此")` (or one starting with +, -, @, a tab or a CR) would otherwise be
stored as a live formula in a workbook another department opens. Such cells also carry Excel's
"quote prefix", so editing the cell keeps it text. Characters XML cannot hold are dropped.

    sheet = Sheet("各单位", ["单位", "使用率"], formats={1: PERCENT}, widths={0: 24})
    sheet.rows.append(["甲局", 0.75])
    return xlsx_response("使用情况-2026-11-1", [sheet])
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.0%"
DECIMAL = "0.00"
DATE = "yyyy\"年\"m\"月\"d\"日\""
DATETIME = "yyyy-mm-dd hh:mm"
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})
# What a spreadsheet may read as the start of a formula or a command (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Cell:
    """A value with its own number format (for a column that mixes counts and rates)."""

    value: object
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[list] = field(default_factory=list)  # a list, or a generator for long registers
    formats: dict[int, str] = field(default_factory=dict)  # column index → Excel number format
    widths: dict[int, float] = field(default_factory=dict)  # column index → width in characters


def _value(value):
    if isinstance(value, datetime):  # Excel has no time zones: the administration's local time
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _cell(ws, value):
    """A write-only cell; a string always as text (data type "s"), never as a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value:  # an empty cell, not an empty text run
            return WriteOnlyCell(ws, value=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    return WriteOnlyCell(ws, value=_value(value))


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title.translate(_BAD_TITLE)[:31] or "Sheet")
        ws.freeze_panes = "A2"
        for index in range(len(sheet.header)):
            width = sheet.widths.get(index) or max(8.0, min(40.0, 2.2 * len(sheet.header[index]) + 2))
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        header = []
        for text in sheet.header:
            cell = _cell(ws, text)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells = []
            for index, value in enumerate(row):
                fmt = sheet.formats.get(index)
                if isinstance(value, Cell):
                    value, fmt = value.value, value.number_format or fmt
                cell = _cell(ws, value)
                if fmt and value is not None and not isinstance(value, str):
                    cell.number_format = fmt
                elif isinstance(value, datetime):
                    cell.number_format = DATETIME
                cells.append(cell)
            ws.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    """A download of the sheets; `filename` without .xlsx (Chinese is fine)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
