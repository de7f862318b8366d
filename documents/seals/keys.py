"""An organ's signing key and the roots a verification trusts.

OA_SEAL_SIGNER=files (default): OA_SEAL_DIR/organs/<简拼>.p12, decrypted with OA_SEAL_PASSPHRASE; outside
production an organ without one is enrolled from the demo CA on its first seal (OA_SEAL_AUTO_ENROL).
OA_SEAL_SIGNER=pkcs11: the key and certificate labelled with the department's 简拼 on the token
OA_SEAL_PKCS11_TOKEN of the module OA_SEAL_PKCS11_MODULE, PIN OA_SEAL_PKCS11_PIN (pyHanko's PKCS11Signer;
needs the python-pkcs11 package, not installed by default).
"""

from __future__ import annotations

import threading

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509

from documents.seals import ca
from documents.seals.settings import auto_enrol, passphrase, pkcs11, seal_dir, signer_kind


class NoSealKey(Exception):
    """The organ has no key to seal with; the message is for the person."""


_enrolling = threading.Lock()


def organ_signer(*, slug: str, name: str):
    """A pyHanko Signer for the organ."""
    if signer_kind() == "pkcs11":
        return _pkcs11_signer(slug)
    from pyhanko.sign.signers import SimpleSigner

    path = ca.organ_path(slug)
    if not path.exists() and auto_enrol():
        with _enrolling:
            if not path.exists():
                try:
                    ca.create_ca()
                    ca.issue_organ(slug=slug, name=name)
                except ca.NoCA as missing:
                    raise NoSealKey(str(missing)) from missing
    if not path.exists():
        raise NoSealKey(f"{name}尚无电子印章证书，请联系市信息中心签发。")
    signer = SimpleSigner.load_pkcs12(str(path), passphrase=passphrase())
    if signer is None:
        raise NoSealKey(f"{name}的电子印章证书文件无法读取（口令不符或文件损坏），请联系市信息中心。")
    if signer.signing_cert.subject.native.get("common_name") != name and auto_enrol():
        with _enrolling:  # the department was renamed: the demo CA issues a certificate in its new name
            ca.issue_organ(slug=slug, name=name)
        signer = SimpleSigner.load_pkcs12(str(path), passphrase=passphrase())
    return signer


def _pkcs11_signer(slug: str):
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    config = pkcs11()
    if not config["module"]:
        raise NoSealKey("未配置电子印章的 PKCS#11 模块（OA_SEAL_PKCS11_MODULE）。")
    session = open_pkcs11_session(config["module"], token_criteria=TokenCriteria(label=config["token"] or None),
                                  user_pin=config["pin"] or None)
    return PKCS11Signer(session, cert_label=slug, key_label=slug)


def trust_roots() -> list[asn1_x509.Certificate]:
    """Every certificate in OA_SEAL_DIR/trust/*.pem (PEM, several per file allowed)."""
    roots = []
    for path in sorted((seal_dir() / "trust").glob("*.pem")):
        for _, _, der in asn1_pem.unarmor(path.read_bytes(), multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    return roots


def ensure_demo_ca(departments) -> tuple[bool, int]:
    """For demo seeding: the root when missing, and a certificate for every organ without one."""
    if signer_kind() != "files":
        return False, 0
    passphrase()
    _, created = ca.create_ca()
    return created, ca.enrol_all(departments)
