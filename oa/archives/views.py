"""The archives' pages (/archives/): what waits to be filed and filing it, the catalogues (page, XLSX, PDF),
one 件 with its parts and 更改保管期限. Thin: selectors read, services write, the same checks as the API."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from oa.archives import selectors
from oa.archives.catalogue import HEADER, catalogue, catalogue_pdf, catalogue_xlsx
from oa.archives.choices import Component, Retention
from oa.archives.permissions import require_archivist
from oa.archives.retention import suggested
from oa.archives.services.filing import change_retention, file_delivery, file_document
from oa.archives.services.parts import read_part
from oa.core.messages import attempt


def index(request):
    person = request.user
    documents = list(selectors.pending_documents(person)[:200])
    deliveries = list(selectors.pending_deliveries(person)[:200])
    for document in documents:
        document.suggested = suggested(doc_type=document.doc_type, received=False)
    for delivery in deliveries:
        delivery.suggested = suggested(doc_type=delivery.document.doc_type if delivery.document_id else None,
                                       received=True)
    return render(request, "archives/index.html", {
        "documents": documents, "deliveries": deliveries, "catalogues": selectors.catalogue_index(person),
        "retentions": Retention.choices,
    })


@require_POST
def file_view(request, kind: str, pk: int):
    retention = request.POST.get("retention")
    if kind == "document":
        item = attempt(request, lambda: file_document(actor=request.user, document_id=pk, retention=retention),
                       failed="归档未完成", done=lambda item: f"已归档，档号 {item.code}。")
    elif kind == "delivery":
        item = attempt(request, lambda: file_delivery(actor=request.user, delivery_id=pk, retention=retention),
                       failed="归档未完成", done=lambda item: f"已归档，档号 {item.code}。")
    else:
        raise Http404
    return redirect("archives-item", item.pk) if item else redirect("archives")


def _catalogue(request, year: int, retention: str):
    return catalogue(request.user, year=year, retention=retention)


def catalogue_page(request, year: int, retention: str):
    book = _catalogue(request, year, retention)
    return render(request, "archives/catalogue.html", {"book": book, "header": HEADER})


def catalogue_download(request, year: int, retention: str, extension: str):
    if extension not in ("xlsx", "pdf"):
        raise Http404
    book = _catalogue(request, year, retention)
    if extension == "xlsx":
        return catalogue_xlsx(book)
    response = HttpResponse(catalogue_pdf(book), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(book.filename)}.pdf"
    return response


def item_page(request, pk: int):
    item = selectors.item_for(request.user, pk)
    return render(request, "archives/item.html", {"item": item, "retentions": Retention.choices,
                                                  "shown_parts": [p for p in item.parts.all()
                                                                  if p.kind != Component.ORIGINAL]})


def part_download(request, pk: int, part_id: int):
    item = selectors.item_for(request.user, pk)
    part = get_object_or_404(item.parts.all(), pk=part_id)
    try:
        data = read_part(part)
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(data, content_type=part.media_type)
    stored_file = part.kind in (Component.ATTACHMENT, Component.SCAN)
    name = f"{item.code}-{part.label}" if stored_file else f"{item.code}-{part.label}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
def retention_view(request, pk: int):
    require_archivist(request.user)
    attempt(request, lambda: change_retention(actor=request.user, item_id=pk, retention=request.POST.get("retention")),
            failed="更改保管期限未完成", done=lambda item: f"保管期限已更改，新档号 {item.code}。")
    return redirect("archives-item", pk)
