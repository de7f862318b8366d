"""Registers exported to XLSX: 收文登记簿 and 发文登记簿 (columns as DOMAIN.md lists them)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from documents.delivery_selectors import InboxFilter, register_rows
from documents.forms import InboxFilterForm
from documents.selectors import number_register
from oa.core.params import year_or_current

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


def _xlsx(title: str, header: list[str], rows) -> HttpResponse:
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


def _date(value):
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def inbox_register_xlsx(request):
    form = InboxFilterForm(request.GET or None)
    criteria = form.criteria() if request.GET else InboxFilter()
    rows = (
        [d.register_number, _date(timezone.localtime(d.sent_at)), d.sender_name, d.sender_number, d.title, d.copies,
         d.assignee.name if d.assignee else "", d.signed_by.name if d.signed_by else "", d.get_state_display(),
         _date(d.due_date)]
        for d in register_rows(request.user, criteria, limit=MAX_ROWS)
    )
    header = ["收文号", "收文日期", "来文机关", "来文字号", "标题", "份数", "承办人", "签收人", "状态", "办理时限"]
    return _xlsx(f"收文登记簿-{timezone.localdate():%Y%m%d}", header, rows)


def outgoing_register_xlsx(request):
    year = request.GET.get("year", "")
    year = year_or_current(year)
    rows = (
        [n.seq, _date(n.document.printed_date or timezone.localtime(n.issued_at)), n.text, n.document.title,
         "已作废" if n.status == "voided" else ""]
        for n in number_register(request.user, year=year)
    )
    return _xlsx(f"发文登记簿-{year}", ["顺序号", "发文日期", "发文字号", "标题", "备注"], rows)
