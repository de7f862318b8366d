"""The parts of a package and its manifest: what each entry is, its size and its SHA-256.

SM3 (GB/T 32905) is what the archival standards name for digests; Python's hashlib has no SM3 on this
platform (OpenSSL builds rarely expose it), so every digest is SHA-256 and the manifest says so
(`"algorithm": "SHA-256"`). A future SM3 digest goes beside it under its own key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

FORMAT = "oa-archive-package"
FORMAT_VERSION = "1"
BATCH_FORMAT = "oa-archive-batch"
ALGORITHM = "SHA-256"
MANIFEST = "manifest.json"
BATCH_MANIFEST = "batch.json"


class Role:
    """What a part is for; the manifest names every part's role."""

    METADATA = "metadata"
    DOCUMENT = "document"
    RENDITION = "rendition"
    ATTACHMENT = "attachment"
    TRAIL_PDF = "trail-pdf"
    TRAIL = "trail"
    LEDGER = "ledger"

    LABELS = {METADATA: "元数据", DOCUMENT: "正文", RENDITION: "其他格式版本", ATTACHMENT: "附件",
              TRAIL_PDF: "处理笺/稿纸", TRAIL: "办理过程记录", LEDGER: "审计记录片段"}
    REQUIRED = (METADATA, DOCUMENT, TRAIL_PDF, TRAIL, LEDGER)  # exactly one of each


PDF = "application/pdf"
OFD = "application/ofd"
XML = "application/xml"
JSON = "application/json"
ZIP = "application/zip"
EXTENSIONS = {PDF: "pdf", OFD: "ofd", XML: "xml", JSON: "json", ZIP: "zip", "image/png": "png", "image/jpeg": "jpg",
              "text/plain": "txt",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx"}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def canonical(value) -> bytes:
    """The one byte form of a JSON file in a package: sorted keys, no spaces, UTF-8, a final newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


@dataclass(frozen=True)
class Part:
    path: str  # inside the package
    role: str
    media_type: str
    content: bytes
    name: str = ""  # the original file name (附件, renditions), shown to people

    def entry(self) -> dict:
        return {"path": self.path, "role": self.role, "media_type": self.media_type, "size": len(self.content),
                "sha256": sha256(self.content), "name": self.name}


def manifest_for(parts: list[Part], *, kind: str, identifier: str, packed_at: str) -> dict:
    """The manifest of a 件 package: every part, counted by role."""
    counts: dict[str, int] = {}
    for part in parts:
        counts[part.role] = counts.get(part.role, 0) + 1
    return {"format": FORMAT, "version": FORMAT_VERSION, "kind": kind, "identifier": identifier,
            "packed_at": packed_at, "algorithm": ALGORITHM, "count": len(parts), "counts": counts,
            "total_size": sum(len(part.content) for part in parts), "parts": [part.entry() for part in parts]}


def extension_for(media_type: str, name: str) -> str:
    """The extension of a stored part: from its media type, else from its original name, else "bin"."""
    if media_type in EXTENSIONS:
        return EXTENSIONS[media_type]
    tail = name.rpartition(".")[2].lower() if "." in name else ""
    return tail if tail.isascii() and tail.isalnum() and len(tail) <= 8 else "bin"
