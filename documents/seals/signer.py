"""The pluggable seal signer. A signer signs a PDF for one organ at one place on one page and verifies
every signature in a PDF; `seal_signer()` returns the configured one (OA_SEAL_BACKEND: a dotted path to a
class with this interface; default the PAdES signer below). A GB/T 38540 signer (SM2/SM3, the 电子印章
data format, a certified CSP) would implement the same two methods — docs/seals.md.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from documents.seals.verify import SignatureReport, Verification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealPlace:
    """Where an organ's seal goes: page (0-based), box (x1, y1, x2, y2) in PDF points from the bottom left."""

    slug: str
    name: str
    page: int
    box: tuple[float, float, float, float]

    @property
    def field(self) -> str:
        return f"Seal-{self.slug}"


class SealSigner(Protocol):
    def sign(self, pdf: bytes, place: SealPlace) -> bytes: ...

    def verify(self, pdf: bytes) -> Verification: ...


def off_the_loop(work):
    """pyHanko's synchronous calls run their own event loop (`asyncio.run`), which Python refuses inside a thread
    whose loop is already running (code called straight from async code, e.g. a test driving Playwright's sync
    API that seeds the demo city). There the work runs in a thread of its own; everywhere else (Django's sync
    views, commands, workers) it runs here, as before."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def seal_signer() -> SealSigner:
    path = getattr(settings, "OA_SEAL_BACKEND", "") or "documents.seals.signer.PadesSigner"
    return import_string(path)()


class PadesSigner:
    """PAdES baseline (ETSI.CAdES.detached) with pyHanko: an approval signature per organ, added as an
    incremental update, so a joint document's later organs sign after the earlier ones without breaking them."""

    def sign(self, pdf: bytes, place: SealPlace) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        from documents.seals.appearance import seal_stamp_style
        from documents.seals.keys import organ_signer
        from documents.seals.settings import tsa_url

        signer = organ_signer(slug=place.slug, name=place.name)
        meta = signers.PdfSignatureMetadata(
            field_name=place.field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            reason="用印", name=place.name, location="市直机关电子公文系统",
        )
        timestamper = None
        if tsa_url():
            from pyhanko.sign.timestamps import HTTPTimeStamper

            timestamper = HTTPTimeStamper(tsa_url())
        box = tuple(round(v) for v in place.box)
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=timestamper, stamp_style=seal_stamp_style(place.name),
            new_field_spec=fields.SigFieldSpec(place.field, on_page=place.page, box=box),
        )
        out = io.BytesIO()
        off_the_loop(lambda: pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=out))
        return out.getvalue()

    def verify(self, pdf: bytes) -> Verification:
        from pyhanko.pdf_utils.misc import PdfError
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            signatures = list(reader.embedded_signatures)
        except (PdfError, ValueError, KeyError, TypeError, OSError) as broken:
            logger.info("seal verification: unreadable PDF (%s)", broken)
            return Verification(error="无法读取该文件：不是完整的 PDF 文件，或文件已损坏。")
        if not signatures:
            return Verification()
        context = _validation_context()
        return Verification(signatures=off_the_loop(lambda: [_report(sig, context) for sig in signatures]))


def _validation_context():
    from pyhanko_certvalidator import ValidationContext

    from documents.seals.keys import trust_roots

    return ValidationContext(trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail")


def _report(sig, context) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError

    cert = sig.signer_cert
    signer = cert.subject.native.get("common_name", "") if cert else ""
    issuer = cert.issuer.native.get("common_name", "") if cert else ""
    base = {
        "field": sig.field_name, "signer": signer, "issuer": issuer,
        "serial": format(cert.serial_number, "x") if cert else "",
        "fingerprint": hashlib.sha256(cert.dump()).hexdigest() if cert else "",
    }
    try:
        status = validate_pdf_signature(sig, context)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as failed:
        logger.info("seal verification: %s", failed)
        return SignatureReport(**base, signed_at=sig.self_reported_timestamp, timestamped=False, intact=False,
                               valid=False, trusted=False, covers_whole=False, problem=str(failed)[:200])
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    timestamp = getattr(status, "timestamp_validity", None)
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    covers = status.coverage in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION) and (
        status.coverage == SignatureCoverageLevel.ENTIRE_FILE or _only_signatures_after(status))
    return SignatureReport(**base, signed_at=signed_at, timestamped=timestamp is not None, intact=status.intact,
                           valid=status.valid, trusted=status.trusted, covers_whole=covers)


def _only_signatures_after(status) -> bool:
    """A revision followed only by form filling and further signatures (a joint document's later organs)."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = getattr(status, "modification_level", None)
    return level is not None and level <= ModificationLevel.FORM_FILLING
