"""`screen()`: the pure part of the gate — bytes in, verdict out. No database, no side effects.

Checks run in the order of the issue: declared level, size cap, type from content (allow-list,
legacy Office refused, active content — SVG, HTML, XML with scripts, scripts, RTF — refused
whatever the name, polyglots refused), container safety (ZIP: entry count, unpacked size,
ratio, encryption, DOCTYPE, external relationships, macros; PDF: encryption, JavaScript,
embedded files), the name's extension against the detected type (active.py), then every piece
of text (and the file name) for 密级 markings. Whatever the bytes are, `screen` returns a
Screening and never raises.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from dataclasses import dataclass, field

from oa.uploads.screening.active import active_kind, active_reason, name_reason
from oa.uploads.screening.declarations import WHERE_CLASSIFIED_GOES
from oa.uploads.screening.detect import decode_text, legacy_reason, polyglot_reason, sniff, unknown_reason
from oa.uploads.screening.extract import (
    Inspection,
    Refused,
    classify_package,
    inspect_image,
    inspect_ooxml,
    inspect_text,
)
from oa.uploads.screening.kinds import CLASSIFIED_LEVELS, IMAGE_TYPES, FileType, Verdict
from oa.uploads.screening.markings import BLOCK, DETECTOR_VERSION, find_markings, name_markings, text_segments
from oa.uploads.screening.ofd import inspect_ofd
from oa.uploads.screening.zipsafe import Limits, ZipRefused, open_zip

logger = logging.getLogger(__name__)

MAX_DEPTH = 2  # a file inside a file inside the upload; deeper nesting is refused
MAX_REASONS = 20
UNREADABLE = "文件已损坏或格式异常，无法检查内容。"


@dataclass(frozen=True)
class Screening:
    verdict: str
    reasons: list[str]
    detected_type: str
    text_found: bool
    detector_version: str = DETECTOR_VERSION
    findings: list = field(default_factory=list)
    unsupported: bool = False  # blocked only because the type is not allowed (not for its content)


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rpartition("/")[2]
    return base.rpartition(".")[0] if "." in base else base


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def screen(*, name: str, content: bytes, limits: Limits, declared_type: str = "", declared_level: str = "") -> Screening:
    """The verdict on one file, within `limits` (the gate passes oa.uploads.limits.current_limits()).
    `declared_type` (the browser's MIME type) is recorded by the caller but never trusted: the type
    is read from the bytes, and the name's extension must agree with it."""
    try:
        return _screen(name or "", content or b"", declared_level, limits, depth=0)
    except Exception as exc:  # noqa: BLE001 - hostile bytes must never turn into a 500
        # Only metadata: exception messages from parsers can quote the file's bytes.
        logger.warning("upload screening failed: %s on %d bytes, sha256 %s", type(exc).__name__, len(content or b""),
                       hashlib.sha256(content or b"").hexdigest())
        return Screening(Verdict.BLOCKED, [UNREADABLE], FileType.UNKNOWN, False)


def screen_text(fields: dict[str, str]) -> Screening:
    """Typed titles and bodies: blocked only for a marking (there are no bytes to hold for review)."""
    findings = [f for f in find_markings(text_segments(fields)) if f.severity == BLOCK]
    if not findings:
        return Screening(Verdict.ACCEPTED, [], FileType.TYPED, True)
    reasons = [f.reason + "。" for f in findings][: MAX_REASONS - 1] + [WHERE_CLASSIFIED_GOES]
    return Screening(Verdict.BLOCKED, reasons, FileType.TYPED, True, findings=findings)


def _blocked(reasons: list[str], detected: str, text_found: bool = False, *, unsupported: bool = False) -> Screening:
    return Screening(Verdict.BLOCKED, reasons[:MAX_REASONS], detected, text_found, unsupported=unsupported)


def _screen(name: str, content: bytes, declared_level: str, limits: Limits, depth: int) -> Screening:
    name_findings = name_markings(_stem(name))
    name_reasons = [f.reason + "。" for f in name_findings]
    if name_findings:
        name_reasons.append(WHERE_CLASSIFIED_GOES)

    if declared_level in CLASSIFIED_LEVELS:
        return _blocked([f"您选择的密级为“{declared_level}”。{WHERE_CLASSIFIED_GOES}"], FileType.UNKNOWN)
    if not content:
        return _blocked(["文件为空。", *name_reasons], FileType.EMPTY)
    if len(content) > limits.max_bytes:
        return _blocked([f"文件大小 {_mb(len(content))} 超过上限 {_mb(limits.max_bytes)}。", *name_reasons], sniff(content[:4096]))
    kind = sniff(content)
    if kind == FileType.LEGACY_OFFICE:
        return _blocked([legacy_reason(content), *name_reasons], kind)
    if kind in (FileType.EMPTY, FileType.UNKNOWN):
        return _blocked([unknown_reason(content), *name_reasons], kind, unsupported=not name_reasons)
    active = active_kind(decode_text(content) or "") if kind == FileType.TXT else None
    if active:
        return _blocked([active_reason(active, name), *name_reasons], active)
    polyglot = polyglot_reason(content, kind)
    if polyglot:
        return _blocked([polyglot, *name_reasons], kind)
    try:
        inspection = _inspect(kind, content, limits, depth)
    except (Refused, ZipRefused) as refused:
        unsupported = getattr(refused, "unsupported", False) and not name_reasons
        return _blocked([refused.reason, *name_reasons], getattr(refused, "detected", kind), unsupported=unsupported)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
        logger.info("unreadable %s upload: %s", kind, type(exc).__name__)
        return _blocked([UNREADABLE, *name_reasons], kind)
    mismatch = name_reason(name, inspection.detected) if depth == 0 else None
    if mismatch:
        inspection.blocks.insert(0, mismatch)
    return _verdict(inspection, name_findings)


def _inspect(kind: str, content: bytes, limits: Limits, depth: int) -> Inspection:
    def nested(inner_name: str, inner: bytes) -> Screening:
        if depth + 1 > MAX_DEPTH:
            return _blocked(["嵌套层数过多，无法检查。"], FileType.UNKNOWN, unsupported=True)
        return _screen(inner_name, inner, "", limits, depth + 1)

    if kind == FileType.OTHER_ZIP:
        archive = open_zip(content, limits)
        package, types = classify_package(archive)
        if package == FileType.OFD:
            return inspect_ofd(archive, limits, nested)
        return inspect_ooxml(archive, package, types, limits, nested)
    if kind == FileType.PDF:
        from oa.uploads.screening.pdfsafe import inspect_pdf

        try:
            return inspect_pdf(content, limits)
        except Refused:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
            raise Refused("PDF 文件已损坏或格式不正确，无法检查内容。", FileType.PDF) from exc
    if kind == FileType.TXT:
        return inspect_text(content)
    if kind in IMAGE_TYPES:
        return inspect_image(content, kind)
    raise Refused(unknown_reason(content), kind)


def _verdict(inspection: Inspection, name_findings: list) -> Screening:
    findings = [*name_findings, *find_markings(inspection.segments)]
    blocking = [f for f in findings if f.severity == BLOCK]
    reviewing = [f for f in findings if f.severity != BLOCK]
    reasons = list(inspection.blocks) + [f.reason + "。" for f in blocking]
    if blocking:
        reasons.append(WHERE_CLASSIFIED_GOES)
    if reasons:
        return Screening(Verdict.BLOCKED, reasons[:MAX_REASONS], inspection.detected, inspection.text_found, findings=findings)
    reasons = list(inspection.reviews) + [f.reason + "。" for f in reviewing]
    if reasons:
        return Screening(Verdict.REVIEW, reasons[:MAX_REASONS], inspection.detected, inspection.text_found, findings=findings)
    return Screening(Verdict.ACCEPTED, [], inspection.detected, inspection.text_found, findings=findings)
