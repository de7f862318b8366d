"""Rendered PDFs, DOCXs and OFDs of documents that no longer change, kept in storage by their content.

A dispatched (已核发) or archived (已归档) document is not edited again, so its PDF/DOCX/OFD is rendered once
and stored through Django's storage API (`default_storage`: local disk or S3, whatever the settings
choose) under `renders/documents/<id>/<key>.<pdf|docx|ofd>`; later downloads read it back. Drafts and every
state before 核发 are rendered fresh each time. A sealed document's stored PDF is the signed one
(documents/seals/document.py: the electronic seal is applied once per version, on the first render).

The key is a SHA-256 of everything the renderers read (documents.rendering.context.printed and the
templates): every column of the document, the names of the issuing department and the signer, the
主送/抄送 rows, the co-issuers, the attachments (name, size, SHA-256), the printed copy (`?copy=N`), the
licensed-font folder, the library versions, RENDERER_VERSION and a digest of the renderers' own source
and templates. Anything that changes what is printed changes the key, so a stale file is never served;
a file under an old key is simply no longer asked for. Permission checks stay in the views: this
module is reached only after `document_for` has let the person see the document.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.choices import DocumentState

logger = logging.getLogger(__name__)

RENDERER_VERSION = "2026.12.1"  # bump when the output changes for a reason the source digest cannot see
CACHED_STATES = frozenset({DocumentState.DISPATCHED, DocumentState.ARCHIVED})
PREFIX = "renders/documents"
# What the PDF and DOCX renderers are made of: a change to any of these files changes every key.
SOURCES = ("documents/rendering", "documents/body.py", "documents/docx_import.py", "oa/rendering",
           "templates/documents/render")
LIBRARIES = ("weasyprint", "pydyf", "python-docx", "pypdf", "fonttools")


@lru_cache(maxsize=1)
def renderer_digest() -> str:
    """RENDERER_VERSION, the library versions and the source of the renderers and templates (once per process)."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    base = Path(settings.BASE_DIR)
    for source in SOURCES:
        path = base / source
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".css"))
        else:
            files = [path] if path.is_file() else []
        for file in files:
            digest.update(str(file.relative_to(base)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def render_inputs(document, copy: int | None) -> dict:
    """Everything a render of `document` depends on, as plain data (no query for what `document_for`
    has already read: the recipients, the attachments, the issuer and the signer)."""
    from oa.rendering import fonts

    signer = document.signer if document.signer_id else None
    recipients = sorted((row.position, row.pk, row.department.name, row.kind)
                        for row in document.recipient_rows.all())
    co_issuers = [(row.department.name, row.signature_name, row.position,
                   row.countersigned_by.name if row.countersigned_by_id else "") for row in document.co_issuers()]
    attachments = sorted((row.pk, row.name, row.size, row.sha256) for row in document.attachments.all())
    return {
        "renderer": renderer_digest(),
        "fonts": fonts.font_dir_signature(),
        "copy": copy,
        "document": {field.attname: _value(getattr(document, field.attname)) for field in document._meta.concrete_fields},
        "issuer": document.issuing_department.name,
        "signer": [getattr(signer, "name", ""), getattr(signer, "username", "")] if signer else None,
        "recipients": recipients,
        "co_issuers": co_issuers,
        "attachments": attachments,
    }


def render_key(document, copy: int | None) -> str:
    payload = json.dumps(render_inputs(document, copy), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def storage_name(document, extension: str, copy: int | None) -> str:
    return f"{PREFIX}/{document.pk}/{render_key(document, copy)}.{extension}"


def stored(document, extension: str, copy: int | None = None):
    """The stored render of a dispatched or archived document, opened for reading (a storage File: the
    view streams it with FileResponse, nothing re-rendered and the bytes not held in memory), or None
    when there is none yet or the document may still change."""
    if document.state not in CACHED_STATES:
        return None
    try:
        return default_storage.open(storage_name(document, extension, copy), "rb")
    except FileNotFoundError:
        return None


def rendered(document, extension: str, render, copy: int | None = None) -> bytes:
    """The bytes of `render(document, copy=copy)`: from storage for a dispatched or archived document
    (rendered and stored on the first request), fresh for any other state."""
    if document.state not in CACHED_STATES:
        return render(document, copy=copy)
    name = storage_name(document, extension, copy)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        pass
    data = render(document, copy=copy)
    try:
        if not default_storage.exists(name):  # two first downloads at once: the second keeps the first's file
            default_storage.save(name, ContentFile(data))
    except OSError:  # storage full or unreachable: still serve what was rendered
        logger.warning("render of document %s could not be stored as %s", document.pk, name, exc_info=True)
    return data
