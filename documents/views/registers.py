"""The 发文登记簿 exported to XLSX (columns as DOMAIN.md lists them), and what the 收文登记簿
(documents.incoming.views.registers) shares with it. Both are written by oa.core.xlsx (text stays text)."""

from django.http import HttpResponse
from django.utils import timezone

from documents.selectors import number_register, register_chosen, register_series
from oa.core.params import year_or_current
from oa.core.xlsx import Sheet, xlsx_response

MAX_ROWS = 50_000


def register_xlsx(title: str, header: list[str], rows) -> HttpResponse:
    """One sheet named like the file; `rows` may be a generator (up to MAX_ROWS)."""
    return xlsx_response(title, [Sheet(title, header, rows=rows)])


def cn_day(value):
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def outgoing_register_xlsx(request):
    year = request.GET.get("year", "")
    year = year_or_current(year)
    chosen = register_chosen(register_series(request.user), request.GET.get("series"))
    rows = (
        [n.seq, cn_day(n.document.printed_date or timezone.localtime(n.issued_at)), n.text, n.document.title,
         "已作废" if n.status == "voided" else ""]
        for n in number_register(request.user, year=year, series=chosen)
    )
    title = f"发文登记簿-{chosen.code}-{year}" if chosen else f"发文登记簿-{year}"
    return register_xlsx(title, ["顺序号", "发文日期", "发文字号", "标题", "备注"], rows)
