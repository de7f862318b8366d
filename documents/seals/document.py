"""A dispatched document's PDF, sealed electronically: rendered with the seals left blank, then signed by
the issuing organ and (联合行文) by every co-issuer in turn, each signature's appearance the organ's seal
drawn where it stood. Called through documents.rendering.cache, which keeps the signed bytes under the
document's content key: a dispatched document never changes, so each version (and printed copy) is signed
once. Each signed file's SHA-256 is recorded (SealedPdf) and ledgered (document.seal.sign)."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from documents.ledger_actions import DOCUMENT_SEAL_SIGN
from documents.rendering.cache import CACHED_STATES
from documents.seals.signer import SealPlace, seal_signer
from oa.audit.services import ledger_record


def signs(document) -> bool:
    """用印 was done and the document no longer changes: its PDF carries the electronic seal."""
    return bool(document.sealed) and document.state in CACHED_STATES


def document_pdf(document, copy: int | None = None) -> bytes:
    """The PDF a download serves: signed for a sealed, dispatched (or archived) document, else as drawn."""
    from documents.rendering.pdf import render_pdf, render_pdf_for_sealing

    if not signs(document):
        return render_pdf(document, copy=copy)
    pdf, places = render_pdf_for_sealing(document, copy=copy)
    if not places:  # a 纪要: no 署名, no seal
        return render_pdf(document, copy=copy)
    return sign_places(document, pdf, places, copy=copy)


def _organs(document) -> dict[str, object]:
    organs = {document.issuing_department.name: document.issuing_department}
    for row in document.co_issuers():
        organs.setdefault(row.department.name, row.department)
    return organs


def sign_places(document, pdf: bytes, places, *, copy: int | None = None) -> bytes:
    signer = seal_signer()
    organs = _organs(document)
    signed_by = []
    for name, page, box in places:
        organ = organs[name]
        pdf = signer.sign(pdf, SealPlace(slug=organ.slug, name=name, page=page, box=box))
        signed_by.append(name)
    _record(document, pdf, signed_by, copy)
    return pdf


def _record(document, pdf: bytes, signed_by: list[str], copy: int | None) -> None:
    from documents.models import SealedPdf

    report = seal_signer().verify(pdf)
    signers = [{"organ": name, "certificate_sha256": s.fingerprint, "serial": s.serial}
               for name, s in zip(signed_by, report.signatures, strict=False)]
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        _, created = SealedPdf.objects.get_or_create(
            sha256=digest, defaults={"document": document, "copy": copy, "size": len(pdf), "signers": signers,
                                     "signed_at": timezone.now()})
        if created:
            ledger_record(action=DOCUMENT_SEAL_SIGN, target=document, department=document.issuing_department,
                          data={"sha256": digest, "copy": copy, "organs": signed_by})
