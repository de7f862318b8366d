"""份号 of the printed copies (GB/T 9704 §7.2.1): the 印制份数 recorded at 用印 numbers the copies 000001,
000002 …; `?copy=N` on the PDF or DOCX prints copy N with its own 份号."""

from __future__ import annotations

from oa.core.params import whole_number


class NoSuchCopy(Exception):
    """A copy that cannot be printed: `status` 400 (not a number) or 404 (no such copy), in words."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def copy_wanted(document, raw) -> int | None:
    """The copy asked for by `raw` (a query value), or None for the document as it stands."""
    if raw is None or not str(raw).strip():
        return None
    number = whole_number(str(raw).strip())
    if not number:
        raise NoSuchCopy(400, "份号须为正整数，如 copy=3。")
    if not document.print_copies:
        raise NoSuchCopy(404, "该公文未登记印制份数，不能按份号打印；请在用印时登记印制份数。")
    if number > document.print_copies:
        raise NoSuchCopy(404, f"该公文共印制 {document.print_copies} 份，没有第 {number} 份。")
    return number
