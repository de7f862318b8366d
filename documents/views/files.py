"""Files around a document: attachments, the rendered PDF/DOCX/OFD, the seal, handwritten signatures."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from documents.forms import DocxImportForm
from documents.selectors import document_for
from documents.services.drafting import attachment_add, attachment_remove, document_import_docx
from documents.views.sheets import DOCX
from oa.core.messages import attempt
from oa.uploads.attachment_views import attachment_views


def _download_name(document, extension: str) -> str:
    base = document.doc_number or document.title[:40] or f"document-{document.pk}"
    return f"{base}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _rendered(request, pk, extension: str, render, content_type: str) -> HttpResponse:
    """The PDF, DOCX or OFD; `?copy=N` prints copy N of the 印制份数 with its own 份号 (documents.rendering.copies).
    A dispatched or archived document's file is rendered once and then read from storage (rendering.cache)."""
    from documents.rendering.cache import rendered, stored
    from documents.rendering.copies import NoSuchCopy, copy_wanted
    from oa.core.errors import respond

    document = document_for(request.user, pk, for_render=True)
    try:
        copy = copy_wanted(document, request.GET.get("copy"))
    except NoSuchCopy as refused:
        return respond(request, refused.status, refused.message)
    name = _download_name(document, extension) if copy is None else _download_name(document, f"{copy:06d}.{extension}")
    kept = stored(document, extension, copy)
    if kept is not None:  # a dispatched document's stored render: streamed from storage as it is
        return _attachment(FileResponse(kept, content_type=content_type), name)
    return _attachment(HttpResponse(rendered(document, extension, render, copy=copy), content_type=content_type), name)


def document_pdf(request, pk):
    """A sealed, dispatched document's PDF carries the electronic seal (documents.seals)."""
    from django.core.exceptions import ImproperlyConfigured

    from documents.seals.document import document_pdf as render_pdf
    from documents.seals.keys import NoSealKey
    from oa.core.errors import respond

    try:
        return _rendered(request, pk, "pdf", render_pdf, "application/pdf")
    except NoSealKey as missing:
        return respond(request, 503, f"电子印章未能加盖：{missing}")
    except ImproperlyConfigured:  # OA_SEAL_PASSPHRASE missing in production
        return respond(request, 503, "电子印章未能加盖：印章密钥口令未配置，请联系系统管理员。")


def document_docx(request, pk):
    from documents.rendering.docx import render_docx

    return _rendered(request, pk, "docx", render_docx, DOCX)


OFD = "application/ofd"


def document_ofd(request, pk):
    """The OFD (GB/T 33190), from the PDF's own layout (documents.rendering.ofd)."""
    from documents.rendering.ofd import render_ofd

    return _rendered(request, pk, "ofd", render_ofd, OFD)


def document_seal(request, pk):
    from documents.rendering.seal import seal_svg

    document = document_for(request.user, pk)
    if not document.sealed:
        raise Http404
    # ?organ=<id>: a co-issuer's seal on a joint document (each organ's 署名 carries its own)
    organ = request.GET.get("organ")
    if organ:
        row = next((r for r in document.co_issuers() if str(r.department_id) == organ), None)
        if row is None:
            raise Http404
        return HttpResponse(seal_svg(row.department.name), content_type="image/svg+xml")
    return HttpResponse(seal_svg(document.issuing_department.name), content_type="image/svg+xml")


def step_signature(request, pk, step_id):
    document = document_for(request.user, pk)
    step = get_object_or_404(document.steps.exclude(signature_png=None), pk=step_id)
    return HttpResponse(bytes(step.signature_png), content_type="image/png")


attachment_download, attachment_upload, attachment_delete = attachment_views(
    owner_for=document_for, add=attachment_add, remove=attachment_remove, owner_id="document_id", edit_url="document-edit")


@require_POST
def docx_import(request, pk):
    form = DocxImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择 .docx 文件。")
        return redirect("document-edit", pk)
    attempt(request, lambda: document_import_docx(actor=request.user, document_id=pk, upload=form.cleaned_data["file"],
                                                  gate=form.gate_arguments()),
            failed="导入未完成", done="已从 Word 文档导入正文。")
    return redirect("document-edit", pk)

