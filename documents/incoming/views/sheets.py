"""The 收文处理笺, one or many at once (documents.incoming.sheet, drawn by documents.rendering.form)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from documents.incoming.selectors import deliveries_for_sheets
from documents.incoming.sheet import filename, processing_sheet
from documents.views.sheets import (
    CONTENT_TYPES,
    FORMAT_MESSAGE,
    all_found,
    back_with_error,
    sheet_ids,
    sheet_response,
)


def delivery_sheets_response(person, ids: list[int], fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404(FORMAT_MESSAGE)
    deliveries = all_found(deliveries_for_sheets(person, ids), ids, "收文")
    return sheet_response([processing_sheet(d) for d in deliveries], fmt, filename(deliveries, fmt))


def delivery_sheet(request, pk, fmt):
    """GET /inbox/<id>/sheet.pdf|docx — the delivery's 收文处理笺."""
    return delivery_sheets_response(request.user, [pk], fmt)


def delivery_sheets(request, fmt):
    """GET /inbox/sheets.pdf|docx?ids=1,2,3 — several 收文处理笺 in one file (the register's batch form)."""
    try:
        ids = sheet_ids(request.GET.getlist("ids"))
    except ValidationError as error:
        return back_with_error(request, error, "/inbox/?tab=register")
    return delivery_sheets_response(request.user, ids, fmt)
