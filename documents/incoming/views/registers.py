"""The 收文登记簿 exported to XLSX (columns as DOMAIN.md lists them)."""

from django.utils import timezone

from documents.incoming.forms import InboxFilterForm
from documents.incoming.selectors import InboxFilter, register_rows
from documents.views.registers import MAX_ROWS, cn_day, register_xlsx


def inbox_register_xlsx(request):
    form = InboxFilterForm(request.GET or None)
    criteria = form.criteria() if request.GET else InboxFilter()
    rows = (
        [d.register_number, cn_day(timezone.localtime(d.sent_at)), d.sender_name, d.sender_number, d.title, d.copies,
         d.assignee.name if d.assignee else "", d.signed_by.name if d.signed_by else "", d.get_state_display(),
         cn_day(d.due_date)]
        for d in register_rows(request.user, criteria, limit=MAX_ROWS)
    )
    header = ["收文号", "收文日期", "来文机关", "来文字号", "标题", "份数", "承办人", "签收人", "状态", "办理时限"]
    return register_xlsx(f"收文登记簿-{timezone.localdate():%Y%m%d}", header, rows)
