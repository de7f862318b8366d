"""Writing a 件's package and a batch package (the layout: oa/archives/package/__init__.py)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from oa.archives.package.metadata import ItemMetadata, metadata_xml
from oa.archives.package.parts import (
    BATCH_FORMAT,
    BATCH_MANIFEST,
    FORMAT_VERSION,
    JSON,
    MANIFEST,
    PDF,
    XML,
    ZIP,
    Part,
    Role,
    canonical,
    extension_for,
    manifest_for,
    sha256,
)

File = tuple[str, bytes, str]  # (original name, bytes, media type)


@dataclass(frozen=True)
class ItemInput:
    metadata: ItemMetadata
    document_pdf: bytes
    trail_pdf: bytes
    trail: list[dict]  # the approval trail's steps: at, actor, department, action, opinion
    ledger_segment: dict  # ledger.collect_segment()
    attachments: list[File] = field(default_factory=list)
    renditions: list[File] = field(default_factory=list)  # OFD and any other rendition of the document


@dataclass(frozen=True)
class BuiltPackage:
    filename: str
    content: bytes
    sha256: str  # of the whole ZIP
    manifest_sha256: str  # of manifest.json: what the ledger, the batch and the transfer record
    manifest: dict


def write_zip(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A ZIP of `entries` in the given order, every entry STORED with the same time: the same input
    gives the same bytes. Names are UTF-8 (zipfile sets the flag for non-ASCII names)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def _numbered(files: list[File], role: str, folder: str, stem: str) -> list[Part]:
    return [Part(f"{folder}/{stem}{n:02d}.{extension_for(media_type, name)}", role, media_type, content, name)
            for n, (name, content, media_type) in enumerate(files, start=1)]


def item_parts(item: ItemInput, packed_at: str) -> list[Part]:
    content = [Part("content/document.pdf", Role.DOCUMENT, PDF, item.document_pdf, f"{item.metadata.title}.pdf"),
               *_numbered(item.renditions, Role.RENDITION, "content", "rendition-"),
               *_numbered(item.attachments, Role.ATTACHMENT, "attachments", ""),
               Part("trail/trail.pdf", Role.TRAIL_PDF, PDF, item.trail_pdf, "处理笺.pdf"),
               Part("trail/trail.json", Role.TRAIL, JSON, canonical({"steps": item.trail}), "办理过程.json"),
               Part("ledger/segment.json", Role.LEDGER, JSON, canonical(item.ledger_segment), "审计记录片段.json")]
    xml = metadata_xml(item.metadata, files=[part.entry() for part in content], trail=item.trail, packed_at=packed_at)
    return [Part("metadata.xml", Role.METADATA, XML, xml, "元数据.xml"), *content]


def build_item_package(item: ItemInput, *, packed_at: datetime) -> BuiltPackage:
    stamp = packed_at.isoformat(timespec="seconds")
    parts = item_parts(item, stamp)
    manifest = manifest_for(parts, kind="item", identifier=item.metadata.archival_code, packed_at=stamp)
    manifest_bytes = canonical(manifest)
    content = write_zip([(MANIFEST, manifest_bytes), *((part.path, part.content) for part in parts)], packed_at)
    return BuiltPackage(f"{item.metadata.archival_code}.zip", content, sha256(content), sha256(manifest_bytes), manifest)


def build_batch_package(packages: list[BuiltPackage], *, identifier: str, packed_at: datetime,
                        reports: list[dict] | None = None) -> BuiltPackage:
    """A batch of 件 packages; `reports` (one per package, the 四性检测 of each as built) go in beside them."""
    stamp = packed_at.isoformat(timespec="seconds")
    entries, listed = [], []
    for n, package in enumerate(packages, start=1):
        path = f"items/{n:04d}.zip"
        entries.append((path, package.content))
        listed.append({"path": path, "media_type": ZIP, "size": len(package.content), "sha256": package.sha256,
                       "manifest_sha256": package.manifest_sha256, "archival_code": package.manifest["identifier"]})
    for n, report in enumerate(reports or [], start=1):
        entries.append((f"reports/{n:04d}.json", canonical(report)))
    batch = {"format": BATCH_FORMAT, "version": FORMAT_VERSION, "identifier": identifier, "packed_at": stamp,
             "algorithm": "SHA-256", "count": len(listed), "items": listed,
             "reports": [{"path": path, "media_type": JSON, "size": len(content), "sha256": sha256(content)}
                         for path, content in entries[len(listed):]]}
    batch_bytes = canonical(batch)
    content = write_zip([(BATCH_MANIFEST, batch_bytes), *entries], packed_at)
    return BuiltPackage(f"{identifier}.zip", content, sha256(content), sha256(batch_bytes), batch)
