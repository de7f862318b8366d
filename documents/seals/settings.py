"""The seal's settings, read at call time (docs/seals.md has the table)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def seal_dir() -> Path:
    return Path(getattr(settings, "OA_SEAL_DIR", None) or Path(settings.VAR_DIR) / "seals")


def signer_kind() -> str:
    """files (PKCS#12 per organ under OA_SEAL_DIR/organs) or pkcs11 (a token)."""
    return (getattr(settings, "OA_SEAL_SIGNER", "") or "files").strip().lower()


def tsa_url() -> str:
    """An RFC 3161 time-stamping service; empty (the default): no timestamp, the signing time is the
    server's clock as a signed attribute."""
    return (getattr(settings, "OA_SEAL_TSA_URL", "") or "").strip()


def auto_enrol() -> bool:
    """Issue an organ's certificate from the demo CA the first time it seals (never in production)."""
    return bool(getattr(settings, "OA_SEAL_AUTO_ENROL", not settings.PRODUCTION))


def passphrase() -> bytes:
    """The passphrase of the CA key and the organs' PKCS#12 files: OA_SEAL_PASSPHRASE; outside production
    generated once and kept in OA_SEAL_DIR/passphrase (mode 600)."""
    value = (getattr(settings, "OA_SEAL_PASSPHRASE", "") or "").strip()
    if value:
        return value.encode()
    if settings.PRODUCTION:
        raise ImproperlyConfigured("OA_SEAL_PASSPHRASE is required when OA_ENV=production")
    path = seal_dir() / "passphrase"
    if path.exists():
        return path.read_text().strip().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    path.write_text(value)
    path.chmod(0o600)
    return value.encode()


def pkcs11() -> dict:
    """OA_SEAL_PKCS11_MODULE (the .so), _TOKEN (label), _PIN; the key and certificate label per organ is
    the department's 简拼 (slug)."""
    return {
        "module": getattr(settings, "OA_SEAL_PKCS11_MODULE", ""),
        "token": getattr(settings, "OA_SEAL_PKCS11_TOKEN", ""),
        "pin": getattr(settings, "OA_SEAL_PKCS11_PIN", ""),
    }
