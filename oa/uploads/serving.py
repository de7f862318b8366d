"""How a kept file goes back out: as the type the gate detected in its bytes, never as what its
name says — so a name cannot make a browser run what it serves (an SVG or an HTML page was never
kept, and a file kept before the gate refused them comes back as a download of plain bytes)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from oa.uploads.attachments import MISSING
from oa.uploads.screening.kinds import IMAGE_TYPES, FileType

MEDIA_TYPES = {
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.OFD: "application/ofd",
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.TXT: "text/plain",
}
DOWNLOAD = "application/octet-stream"


SANDBOX = "default-src 'none'; sandbox"
# A PDF opened in the browser's own viewer: browsers refuse to start their PDF viewer in a sandboxed
# document (or with object-src 'none'), so an inline PDF loads nothing but itself. The gate has refused
# every PDF with JavaScript, an embedded file or encryption (screening/pdfsafe.py).
INLINE_PDF = "default-src 'none'; object-src 'self'"


def gated_file_response(gated, *, inline_image: bool = False, inline_pdf: bool = False) -> FileResponse:
    """A GatedFile's bytes with the media type of its detected type (anything else: a download of
    application/octet-stream), never sniffed, in a sandbox that loads nothing. `inline_image`: shown
    in the page when it is a PNG or JPEG (a ticket's screenshots); `inline_pdf`: a PDF opened in the
    browser's viewer (a paper arrival's scan); otherwise always a download."""
    detected = gated.upload_record.detected_type
    pdf = inline_pdf and detected == FileType.PDF
    inline = pdf or (inline_image and detected in IMAGE_TYPES)
    try:  # streamed from the storage (the local disk or the bucket), never a redirect to a URL of it
        stream = gated.file.open("rb")
    except FileNotFoundError:  # the row outlived its bytes (a restore without media, an object removed by hand)
        raise Http404(MISSING) from None
    response = FileResponse(stream, as_attachment=not inline, filename=gated.name,
                            content_type=MEDIA_TYPES.get(detected, DOWNLOAD))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = INLINE_PDF if pdf else SANDBOX
    return response


def attachment_response(owner, attachment_id: int) -> FileResponse:
    """GET of one of `owner`'s attachments, for its page and its API address alike: `owner` was found
    for the person asking by its selector (document_for, notice_for, report_for …, which answer 404 for
    one they may not see); an id that is not among its attachments is a 404 too."""
    attachment = owner.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(MISSING)
    return gated_file_response(attachment)
