"""The hook for checking a PDF's electronic signatures in the 四性检测's 真实性.

The seal work (issue 21's 电子印章, pyHanko) provides the verifier; this module only counts the signature
fields (pypdf) and calls whatever verifier is configured: `settings.OA_ARCHIVE_SIGNATURE_VERIFIER`, a dotted
path to a callable `(*, name: str, content: bytes) -> list[SignatureResult]`, or one passed directly. A
signed PDF with no verifier configured is reported as 提示 (present, not checked), never as passed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class SignatureResult:
    ok: bool
    signer: str
    detail: str  # Chinese: what was found


Verifier = Callable[..., list[SignatureResult]]


def signature_count(content: bytes) -> int:
    """The PDF's signature fields that carry a signature value (/FT /Sig with /V)."""
    reader = PdfReader(io.BytesIO(content), strict=False)
    fields = reader.get_fields() or {}
    return sum(1 for f in fields.values() if f.get("/FT") == "/Sig" and f.get("/V") is not None)


def configured_verifier() -> Verifier | None:
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "OA_ARCHIVE_SIGNATURE_VERIFIER", "")
    return import_string(path) if path else None
