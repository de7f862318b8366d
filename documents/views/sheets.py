"""Printing the office forms — the 发文稿纸 here, the 收文处理笺 in documents.incoming.views.sheets —
one or many at once (each on its own page of one PDF, or one DOCX with page breaks), and what the
pages and the API share: reading `ids`, the cap, the file answer."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from oa.core.params import whole_number

MAX_SHEETS = 100
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"pdf": "application/pdf", "docx": DOCX}
FORMAT_MESSAGE = "不支持的格式，可用 pdf、docx。"


def sheet_ids(values: list[str]) -> list[int]:
    """`?ids=1,2,3` (or `ids` repeated, as a form's checkboxes send it) → the ids, each once, in order.
    Nothing chosen, something that is not an id, or more than MAX_SHEETS → ValidationError in Chinese."""
    parts = [part.strip() for value in values for part in str(value).split(",") if part.strip()]
    if not parts:
        raise ValidationError("请先选择要打印的文件（ids=1,2,3）。")
    ids: list[int] = []
    for part in parts:
        number = whole_number(part)
        if not number:
            raise ValidationError(f"“{part[:20]}”不是有效的编号：ids 应为以逗号分隔的正整数。")
        if number not in ids:
            ids.append(number)
    if len(ids) > MAX_SHEETS:
        raise ValidationError(f"一次最多打印 {MAX_SHEETS} 件，您选择了 {len(ids)} 件，请分批打印。")
    return ids


def all_found(rows: list, ids: list[int], noun: str) -> list:
    """The rows of every id, or 404 naming the first one that does not exist or may not be seen."""
    if len(rows) != len(ids):
        missing = next(pk for pk in ids if pk not in {row.pk for row in rows})
        raise Http404(f"{noun} {missing} 不存在或不在您的可见范围内。")
    return rows


def render(forms: list, fmt: str) -> bytes:
    if fmt == "pdf":
        from documents.rendering.form import render_pdf

        return render_pdf(forms)
    from documents.rendering.form_docx import render_docx

    return render_docx(forms)


def sheet_response(forms: list, fmt: str, filename: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(FORMAT_MESSAGE)
    response = HttpResponse(render(forms, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename=\"sheet.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return response


def back_with_error(request, error: ValidationError, fallback: str):
    """A batch form sent with nothing (or too much) chosen: back to the list, the message on top."""
    messages.error(request, "；".join(error.messages))
    target = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = fallback
    return redirect(target)


def sheet_pages(respond, fallback: str):
    """The pages of a printed form: one (`/<id>/<form>.<fmt>`) and many (`/<forms>.<fmt>?ids=`, the list's
    batch form, which goes back to `fallback` with the message when nothing or too much was chosen)."""

    def one(request, pk, fmt):
        return respond(request.user, [pk], fmt)

    def many(request, fmt):
        try:
            ids = sheet_ids(request.GET.getlist("ids"))
        except ValidationError as error:
            return back_with_error(request, error, fallback)
        return respond(request.user, ids, fmt)

    return one, many


# --- 发文稿纸 -------------------------------------------------------------------------------------


def document_sheets_response(person, ids: list[int], fmt: str) -> HttpResponse:
    from documents.rendering.draft_sheet import draft_sheet, filename
    from documents.selectors import documents_for_sheets

    if fmt not in CONTENT_TYPES:
        raise Http404(FORMAT_MESSAGE)
    documents = all_found(documents_for_sheets(person, ids), ids, "发文")
    return sheet_response([draft_sheet(d) for d in documents], fmt, filename(documents, fmt))


# GET /documents/<id>/draft-sheet.pdf|docx and /documents/draft-sheets.pdf|docx?ids=1,2,3
document_sheet, document_sheets = sheet_pages(document_sheets_response, "/documents/")
