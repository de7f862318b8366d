"""The audit admin's read-only view of the ledger."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from oa.audit.forms import LedgerFilterForm
from oa.audit.permissions import can_read_ledger
from oa.audit.selectors import ledger_page
from oa.audit.services import ledger_verify
from oa.core.pagination import CURSOR, query_without_cursor


def ledger(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied
    form = LedgerFilterForm(request.GET or None)
    page = ledger_page(form.criteria(), before=request.GET.get(CURSOR))
    return render(
        request,
        "audit/ledger.html",
        {"form": form, "entries": page.rows, "next_cursor": page.next, "query": query_without_cursor(request.GET)},
    )


def verify(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied
    result = ledger_verify(actor=request.user)
    return render(request, "audit/verify.html", {"result": result})
