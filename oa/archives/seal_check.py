"""The 四性检测's signature check (真实性), given the electronic seal's own verifier (documents.seals: pyHanko
against the internal CA). The default of `OA_ARCHIVE_SIGNATURE_VERIFIER`."""

from __future__ import annotations

from oa.archives.package.signatures import SignatureResult


def verify_seals(*, name: str, content: bytes) -> list[SignatureResult]:
    from documents.seals.signer import seal_signer

    verification = seal_signer().verify(content)
    if verification.error:
        return [SignatureResult(ok=False, signer="", detail=f"{name}：{verification.error}")]
    return [SignatureResult(ok=report.ok, signer=report.signer, detail=f"{name}：{report.verdict}")
            for report in verification.signatures]
