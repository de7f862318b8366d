"""The verification anyone logged in may run: a PDF (uploaded) or its SHA-256 (pasted).

A verification reads; it stores nothing. The uploaded bytes stay in memory (oa.uploads.handlers keeps
every upload in memory, capped at OA_UPLOAD_MAX_BYTES) and are dropped when the answer is made: no gated
upload record, no file, no ledger entry — the file is the person's own copy of a document, not an upload
into the system, and a classified file that someone checks leaves nothing behind. The answer names the
document only when the system sealed exactly these bytes (its SHA-256 is in SealedPdf): whoever holds the
file, or its hash, already has it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings

from documents.seals.signer import seal_signer
from documents.seals.verify import Verification

SHA256 = re.compile(r"^[0-9a-f]{64}$")


class CheckRefused(Exception):
    """Bad input: the message says why, in Chinese."""


@dataclass
class SealCheck:
    sha256: str
    record: object | None  # documents.models.SealedPdf: the system sealed exactly these bytes
    verification: Verification | None  # None when only a hash was given

    @property
    def ok(self) -> bool:
        if self.verification is None:
            return self.record is not None
        return self.verification.ok

    @property
    def headline(self) -> str:
        if self.verification is None:
            return ("这是本系统加盖电子印章的文件（SHA-256 与用印记录一致）。" if self.record
                    else "本系统没有该 SHA-256 的用印记录：不是本系统用印的文件，或文件已被改动。")
        if self.record and self.verification.ok:
            return "验证通过：这是本系统加盖电子印章的文件，自用印后一个字节也没有改动。"
        if self.verification.ok:
            return "电子印章有效，证书由本系统信任的根证书签发，但本系统没有该文件的用印记录。"
        return self.verification.summary

    def as_dict(self) -> dict:
        document = self.record.document if self.record else None
        return {
            "sha256": self.sha256,
            "ok": self.ok,
            "headline": self.headline,
            "sealed_here": self.record is not None,
            "document": {"id": document.pk, "doc_number": document.doc_number, "title": document.title,
                         "issuer": document.issuing_department.name, "copy": self.record.copy,
                         "sealed_at": self.record.signed_at.isoformat(), "organs": self.record.signers}
            if document else None,
            "verification": self.verification.as_dict() if self.verification else None,
        }


def _record(sha256: str):
    from documents.models import SealedPdf

    return (SealedPdf.objects.select_related("document__issuing_department").filter(sha256=sha256).first())


def check_hash(raw: str) -> SealCheck:
    value = (raw or "").strip().lower()
    if not SHA256.match(value):
        raise CheckRefused("SHA-256 应为 64 位十六进制数字（0–9、a–f），请检查后重新粘贴。")
    return SealCheck(sha256=value, record=_record(value), verification=None)


def check_pdf(upload) -> SealCheck:
    """`upload`: an UploadedFile (in memory, oa.uploads.handlers) or bytes."""
    limit = int(settings.OA_UPLOAD_MAX_BYTES)
    if isinstance(upload, bytes | bytearray):
        content = bytes(upload)
    else:
        if getattr(upload, "oa_truncated", False) or (upload.size or 0) > limit:
            raise CheckRefused(f"文件超过上限 {limit // (1024 * 1024)} MB，无法验证。")
        content = upload.read(limit + 1)
    if len(content) > limit:
        raise CheckRefused(f"文件超过上限 {limit // (1024 * 1024)} MB，无法验证。")
    if not content.lstrip()[:5] == b"%PDF-":
        raise CheckRefused("只能验证 PDF 文件：所选文件不是 PDF。")
    sha256 = hashlib.sha256(content).hexdigest()
    return SealCheck(sha256=sha256, record=_record(sha256), verification=seal_signer().verify(content))
