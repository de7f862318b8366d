"""The audit admin's read-only view of the ledger, its verification and its signed checkpoints."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.audit.checkpoints import CheckpointFileError
from oa.audit.forms import LedgerFilterForm
from oa.audit.permissions import can_read_ledger
from oa.audit.selectors import ledger_page
from oa.audit.services import ledger_checkpoint, ledger_checkpoint_export, ledger_verify
from oa.core.pagination import CURSOR, query_without_cursor

CHECKPOINT_FILENAME = "ledger-checkpoints.jsonl"


def _audit_admin_only(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied


def ledger(request):
    _audit_admin_only(request)
    form = LedgerFilterForm(request.GET or None)
    page = ledger_page(form.criteria(), before=request.GET.get(CURSOR))
    return render(
        request,
        "audit/ledger.html",
        {"form": form, "entries": page.rows, "next_cursor": page.next, "query": query_without_cursor(request.GET)},
    )


def verify(request):
    _audit_admin_only(request)
    result = ledger_verify(actor=request.user)
    return render(request, "audit/verify.html", {"result": result})


def _checkpoint_file(service, request):
    """Run a checkpoint-file service as the audit admin; a file that cannot be read or written is a message."""
    _audit_admin_only(request)
    try:
        return service(actor=request.user)
    except CheckpointFileError as exc:
        messages.error(request, str(exc))
        return None


@require_POST
def checkpoint(request):
    record = _checkpoint_file(ledger_checkpoint, request)
    if record is not None:
        messages.success(request, f"已写入第 {record['seq']} 个签名检查点：共 {record['count']} 条记录。")
    return redirect("audit-ledger")


def checkpoint_download(request):
    lines = _checkpoint_file(ledger_checkpoint_export, request)
    if lines is None:
        return redirect("audit-ledger")
    body = "".join(f"{line}\n" for line in lines)
    response = HttpResponse(body.encode(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CHECKPOINT_FILENAME}"'
    return response
