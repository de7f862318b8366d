"""What a verification found, in words a clerk reads (Chinese)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str  # the certificate's CN: the organ
    issuer: str  # the CA
    serial: str  # hex
    fingerprint: str  # SHA-256 of the certificate, hex
    signed_at: datetime.datetime | None
    timestamped: bool
    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # the signature over that hash checks with the certificate's key
    trusted: bool  # the certificate chains to a root in OA_SEAL_DIR/trust
    covers_whole: bool  # nothing was added after this signature but further signatures
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_whole

    @property
    def signed_at_text(self) -> str:
        if self.signed_at is None:
            return "（未注明）"
        at = timezone.localtime(self.signed_at)
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M:%S}"

    @property
    def verdict(self) -> str:
        if not self.intact:
            return "签名后内容已被改动"
        if not self.valid:
            return "签名值无效"
        if not self.trusted:
            return "证书不是本系统信任的电子印章证书"
        if not self.covers_whole:
            return "签名有效，但签名后文件又被追加了其他内容"
        return "有效"


@dataclass
class Verification:
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def summary(self) -> str:
        if self.error:
            return self.error
        if not self.signatures:
            return "文件中没有电子印章（数字签名）。"
        if self.ok:
            return f"文件中的 {len(self.signatures)} 个电子印章全部有效，文件自用印后未被改动。"
        return "验证未通过：" + "；".join(f"{s.signer or s.field}：{s.verdict}" for s in self.signatures if not s.ok) + "。"

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "summary": self.summary,
            "signatures": [
                {"field": s.field, "signer": s.signer, "issuer": s.issuer, "serial": s.serial,
                 "certificate_sha256": s.fingerprint, "signed_at": s.signed_at.isoformat() if s.signed_at else None,
                 "timestamped": s.timestamped, "intact": s.intact, "valid": s.valid, "trusted": s.trusted,
                 "covers_whole": s.covers_whole, "ok": s.ok, "verdict": s.verdict}
                for s in self.signatures
            ],
        }
