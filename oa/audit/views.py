"""The audit admin's read-only view of the ledger."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from oa.audit.forms import LedgerFilterForm
from oa.audit.permissions import can_read_ledger
from oa.audit.selectors import ledger_page
from oa.audit.services import ledger_verify
from oa.core.params import whole_number


def ledger(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied
    form = LedgerFilterForm(request.GET or None)
    before = request.GET.get("before")
    entries, next_cursor = ledger_page(form.criteria(), before=whole_number(before))
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "audit/ledger.html",
        {"form": form, "entries": entries, "next_cursor": next_cursor, "query": query.urlencode()},
    )


def verify(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied
    result = ledger_verify(actor=request.user)
    return render(request, "audit/verify.html", {"result": result})
