"""A 件's parts in storage: the body as dispatched and with the 归档章, the 处理笺/稿纸, and references to the
附件 and 扫描件 already stored (DA/T 22: the 件 is the body with its attachments and its processing sheet)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from oa.archives.choices import Component, Retention
from oa.archives.models import ArchiveItem, ArchivePart
from oa.archives.sources import StoredFile
from oa.archives.stamp import StampData, page_count, stamp_first_page

PDF = "application/pdf"


def stamp_data(item: ArchiveItem) -> StampData:
    return StampData(fonds=item.fonds_code, year=item.year, seq=item.seq, org=item.org_name,
                     retention=Retention(item.retention).label, pages=item.pages)


def _save(item: ArchiveItem, name: str, data: bytes) -> tuple[str, str]:
    digest = hashlib.sha256(data).hexdigest()
    path = default_storage.save(f"archives/{item.pk}/{name}-{digest[:16]}.pdf", ContentFile(data))
    return path, digest


def _part(item, kind, position, label, data: bytes, name: str, pages=None) -> ArchivePart:
    path, digest = _save(item, name, data)
    return ArchivePart(item=item, kind=kind, position=position, label=label, path=path, media_type=PDF,
                       size=len(data), sha256=digest, pages=pages)


def store_parts(item: ArchiveItem, *, body: bytes | None, sheet: bytes, sheet_label: str,
                files: list[StoredFile]) -> list[ArchivePart]:
    """The 件's parts; `item.pages` (the body's page count, printed in the 归档章) was set before its INSERT."""
    parts = []
    if body is not None:
        parts.append(_part(item, Component.BODY, 0, "正文（含归档章）", stamp_first_page(body, stamp_data(item)),
                           "body", item.pages))
        parts.append(_part(item, Component.ORIGINAL, 1, "正文（原件）", body, "original", item.pages))
    parts.append(_part(item, Component.SHEET, 2, sheet_label, sheet, "sheet", page_count(sheet)))
    for position, stored in enumerate(files, start=3):
        parts.append(ArchivePart(item=item, kind=stored.kind, position=position, label=stored.label[:200],
                                 path=stored.path, media_type=_media_type(stored.label), size=stored.size,
                                 sha256=stored.sha256))
    return ArchivePart.objects.bulk_create(parts)


def restamp(item: ArchiveItem) -> None:
    """The 归档章 drawn again on the body as dispatched (after the 保管期限 and 件号 changed)."""
    original = item.parts.filter(kind=Component.ORIGINAL).first()
    stamped = item.parts.filter(kind=Component.BODY).first()
    if original is None or stamped is None:
        return
    with default_storage.open(original.path, "rb") as stored:
        data = stamp_first_page(stored.read(), stamp_data(item))
    stamped.path, stamped.sha256 = _save(item, "body", data)
    stamped.size = len(data)
    stamped.save(update_fields=["path", "sha256", "size"])


def _media_type(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def read_stored(path: str) -> bytes:
    """A stored file's bytes, through the storage API (local disk or S3)."""
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def read_part(part: ArchivePart) -> bytes:
    return read_stored(part.path)
