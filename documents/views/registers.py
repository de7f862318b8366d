"""The 发文登记簿 exported to XLSX (columns as DOMAIN.md lists them), and the XLSX writer the
收文登记簿 (documents.incoming.views.registers) shares."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from documents.selectors import number_register
from oa.core.params import year_or_current

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


def xlsx_response(title: str, header: list[str], rows) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.xlsx"
    return response


def cn_day(value):
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def outgoing_register_xlsx(request):
    year = request.GET.get("year", "")
    year = year_or_current(year)
    rows = (
        [n.seq, cn_day(n.document.printed_date or timezone.localtime(n.issued_at)), n.text, n.document.title,
         "已作废" if n.status == "voided" else ""]
        for n in number_register(request.user, year=year)
    )
    return xlsx_response(f"发文登记簿-{year}", ["顺序号", "发文日期", "发文字号", "标题", "备注"], rows)
