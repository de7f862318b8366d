"""The 收文处理笺, one or many at once (documents.incoming.sheet, drawn by documents.rendering.form)."""

from django.http import Http404

from documents.incoming.selectors import deliveries_for_sheets
from documents.incoming.sheet import filename, processing_sheet
from documents.views.sheets import (
    CONTENT_TYPES,
    FORMAT_MESSAGE,
    all_found,
    sheet_pages,
    sheet_response,
)


def delivery_sheets_response(person, ids: list[int], fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404(FORMAT_MESSAGE)
    deliveries = all_found(deliveries_for_sheets(person, ids), ids, "收文")
    return sheet_response([processing_sheet(d) for d in deliveries], fmt, filename(deliveries, fmt))


# GET /inbox/<id>/sheet.pdf|docx and /inbox/sheets.pdf|docx?ids=1,2,3 (the register's batch form)
delivery_sheet, delivery_sheets = sheet_pages(delivery_sheets_response, "/inbox/?tab=register")
