"""What a 件 is made from: a dispatched 发文 or a closed 收文, read as the 归档文件目录's columns and its parts.

The body is the document's dispatched PDF through the very function its download uses
(documents.rendering.cache.rendered with documents.seals.document_pdf: the signed file, stored once); the 处理笺/稿纸 is rendered by the documents app's own
sheet builders; 附件 and 扫描件 are the files already stored (referenced by their storage name, not copied).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from oa.archives.choices import Component


@dataclass(frozen=True)
class StoredFile:
    kind: str
    label: str
    path: str
    size: int
    sha256: str


@dataclass
class Source:
    department: object
    title: str
    doc_number: str
    responsible: str
    date: datetime.date
    doc_type: str | None
    received: bool
    remark: str
    body: Callable[[], bytes | None]
    sheet: Callable[[], bytes]
    sheet_label: str
    files: list[StoredFile] = field(default_factory=list)


def _stored(kind: str, rows) -> list[StoredFile]:
    return [StoredFile(kind=kind, label=row.name, path=row.file.name, size=row.size, sha256=row.sha256) for row in rows]


def _document_pdf(document) -> bytes:
    """The dispatched PDF of a document already read with what the render needs (its body, issuer, signer,
    recipients and attachments), as its download serves it: no second read of the document."""
    from documents.rendering.cache import rendered
    from documents.seals.document import document_pdf

    return rendered(document, "pdf", document_pdf)


def _day(moment) -> datetime.date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def document_source(actor, document) -> Source:
    from documents.rendering.draft_sheet import draft_sheet
    from documents.rendering.form import render_pdf
    from documents.selectors import documents_for_sheets

    loaded = documents_for_sheets(actor, [document.pk], for_render=True)[0]  # one read for the 稿纸 and the PDF
    organs = [loaded.issuing_department.name, *(row.department.name for row in loaded.co_issuers())]
    return Source(
        department=loaded.drafting_department, title=loaded.title, doc_number=loaded.doc_number,
        responsible="、".join(organs), date=loaded.written_date or _day(loaded.signed_at), doc_type=loaded.doc_type,
        received=False, remark="联合行文" if loaded.joint else "",
        body=lambda: _document_pdf(loaded), sheet=lambda: render_pdf([draft_sheet(loaded)]),
        sheet_label="发文稿纸", files=_stored(Component.ATTACHMENT, loaded.attachments.all()),
    )


def delivery_source(actor, delivery) -> Source:
    from documents.incoming.selectors import deliveries_for_sheets
    from documents.incoming.sheet import processing_sheet
    from documents.rendering.form import render_pdf

    loaded = deliveries_for_sheets(actor, [delivery.pk], for_render=True)[0]  # one read for the 处理笺 and the PDF
    document = loaded.document if loaded.document_id else None
    scans = list(loaded.scans.all())
    files = _stored(Component.ATTACHMENT, document.attachments.all()) if document else []
    files += _stored(Component.SCAN, scans)

    def body() -> bytes | None:
        if document is not None:
            return _document_pdf(document)
        for scan in scans:  # a paper arrival: its first PDF scan is the archived copy
            if scan.name.lower().endswith(".pdf"):
                with scan.file.open("rb") as stored:
                    return stored.read()
        return None

    return Source(
        department=loaded.department, title=loaded.title, doc_number=loaded.sender_number,
        responsible=loaded.sender_name,
        date=(document.written_date if document and document.written_date else _day(loaded.signed_at or loaded.sent_at)),
        doc_type=document.doc_type if document else None, received=True,
        remark=" ".join(filter(None, ("收文", loaded.register_number, "纸质来文" if loaded.on_paper else ""))),
        body=body, sheet=lambda: render_pdf([processing_sheet(loaded)]), sheet_label="收文处理笺", files=files,
    )
