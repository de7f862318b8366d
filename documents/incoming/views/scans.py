"""A paper arrival's scans: opening one (whoever sees the delivery) and adding one (the table's attach_scan)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from documents.incoming.permissions import may_deliver
from documents.incoming.selectors import delivery_for
from documents.incoming.services.scans import delivery_scan_add
from oa.core.messages import attempt
from oa.uploads.attachments import MISSING
from oa.uploads.forms import GatedFileForm
from oa.uploads.serving import gated_file_response


def delivery_scans_context(person, delivery) -> dict:
    """What templates/documents/delivery_scans.html shows: a paper arrival's scans (one query; none for
    a delivery of an in-system document) and, for who may add one, the upload form."""
    if not delivery.on_paper:
        return {"scans": (), "scan_form": None}
    return {"scans": list(delivery.scans.all()),
            "scan_form": GatedFileForm(auto_id="scan_%s") if may_deliver(person, "attach_scan", delivery) else None}


def scan_response(person, delivery_id: int, scan_id: int):
    """One scan of a delivery the person may see, opened in the browser (PDF or picture); the page and
    the API share it. An invisible delivery, or a scan not among its own, is a 404."""
    scan = delivery_for(person, delivery_id).scans.select_related("upload_record").filter(pk=scan_id).first()
    if scan is None:
        raise Http404(MISSING)
    return gated_file_response(scan, inline_image=True, inline_pdf=True)


def scan_open(request, pk, scan_id):
    return scan_response(request.user, pk, scan_id)


@require_POST
def scan_upload(request, pk):
    form = GatedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors.get("file", ["请选择文件。"])))
        return redirect("delivery-detail", pk)
    attempt(request, lambda: delivery_scan_add(actor=request.user, delivery_id=pk, upload=form.cleaned_data["file"],
                                               gate=form.gate_arguments()),
            failed="扫描件未添加", done=lambda scan: f"已添加扫描件“{scan.name}”。")
    return redirect("delivery-detail", pk)
