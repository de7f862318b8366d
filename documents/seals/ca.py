"""The information center's internal CA (demo): a root certificate and one certificate + key per organ.

Files under OA_SEAL_DIR (documents.seals.settings.seal_dir):

    ca/root.pem, ca/root.key      the root certificate and its key (PKCS#8, encrypted with the passphrase)
    trust/*.pem                   the roots a verification trusts (the demo root is written here too)
    organs/<简拼>.p12             an organ's key, certificate and chain (PKCS#12, the same passphrase)

Production brings its own: the CA's root into trust/, each organ's PKCS#12 (from the CA the information
center runs, or a commercial one) into organs/ under the department's 简拼 — or a PKCS#11 token (keys.py).
Keys are ECDSA P-256 with SHA-256 (the closest widely verifiable relative of SM2/SM3, docs/seals.md).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from documents.seals.settings import passphrase, seal_dir

CA_NAME = "市信息中心电子印章演示根证书"
CA_YEARS = 20
ORGAN_YEARS = 5


class NoCA(Exception):
    """The demo CA has not been created (manage.py seal_ca)."""


def root_paths(base: Path | None = None) -> tuple[Path, Path]:
    base = base or seal_dir()
    return base / "ca" / "root.pem", base / "ca" / "root.key"


def organ_path(slug: str, base: Path | None = None) -> Path:
    return (base or seal_dir()) / "organs" / f"{slug}.p12"


def _write(path: Path, data: bytes) -> None:
    """Atomically, mode 600: two processes enrolling at once leave one whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _name(common: str, unit: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "市直机关")]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def create_ca(*, force: bool = False) -> tuple[x509.Certificate, bool]:
    """The demo root (created when missing, or anew with `force`); (certificate, created)."""
    cert_path, key_path = root_paths()
    if cert_path.exists() and key_path.exists() and not force:
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), False
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(CA_NAME, "市信息中心")
    now = _now()
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    _write(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.BestAvailableEncryption(passphrase())))
    _write(cert_path, pem)
    _write(seal_dir() / "trust" / "demo-root.pem", pem)
    for old in (seal_dir() / "organs").glob("*.p12") if force else ():
        old.unlink()  # issued by the root just replaced
    return cert, True


def _load_root():
    cert_path, key_path = root_paths()
    if not (cert_path.exists() and key_path.exists()):
        raise NoCA("电子印章演示根证书尚未建立（manage.py seal_ca）。")
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=passphrase())
    return cert, key


def issue_organ(*, slug: str, name: str) -> Path:
    """An organ's certificate and key from the demo root, as OA_SEAL_DIR/organs/<slug>.p12."""
    root, root_key = _load_root()
    key = ec.generate_private_key(ec.SECP256R1())
    subject = [*_name(name, "电子印章"), x509.NameAttribute(NameOID.SERIAL_NUMBER, slug)]  # the 简拼: PrintableString
    now = _now()
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name(subject)).issuer_name(root.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365 * ORGAN_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                              x509.ObjectIdentifier("1.2.840.113583.1.1.5")]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        slug.encode(), key, cert, [root], serialization.BestAvailableEncryption(passphrase()))
    path = organ_path(slug)
    _write(path, data)
    return path


def enrol_all(departments) -> int:
    """One certificate per organ that has none yet; the number issued."""
    issued = 0
    for department in departments:
        if not organ_path(department.slug).exists():
            issue_organ(slug=department.slug, name=department.name)
            issued += 1
    return issued
