"""The 收文登记簿 exported to XLSX (its columns: documents.incoming.register)."""

from django.utils import timezone

from documents.incoming.forms import InboxFilterForm
from documents.incoming.register import HEADER, register_line
from documents.incoming.selectors import InboxFilter, register_rows
from documents.views.registers import MAX_ROWS, register_xlsx


def inbox_register_xlsx(request):
    form = InboxFilterForm(request.GET or None)
    criteria = form.criteria() if request.GET else InboxFilter()
    rows = (register_line(d, limit=None).cells() for d in register_rows(request.user, criteria, limit=MAX_ROWS))
    return register_xlsx(f"收文登记簿-{timezone.localdate():%Y%m%d}", HEADER, rows)
