"""Building, keeping and checking the packages of 件 and of 用户使用报告 (the library: oa/archives/package/).

Every package built is checked at once (四性检测, context "build", with the ledger's keys) and kept with its
report; the building is ledgered with the package's and the manifest's SHA-256, so that anyone holding the
package later can compare its manifest with the ledger's record. A 件's package is built when it is filed
(a ledger listener on archives.file, after the filing commits) and again on demand.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from oa.archives.choices import Component, Retention
from oa.archives.models import ArchiveItem, ArchivePackage, Fonds, PackageKind
from oa.archives.package.build import BuiltPackage, ItemInput, build_item_package
from oa.archives.package.checks import check_item_package
from oa.archives.package.ledger import collect_segment
from oa.archives.package.metadata import ItemMetadata
from oa.archives.package_actions import PACKAGE_BUILT
from oa.archives.services.parts import read_stored
from oa.audit.actions import label as action_label
from oa.audit.keys import keyring
from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_record

logger = logging.getLogger(__name__)
REPORT_RETENTION = Retention.LONG  # 用户使用报告: 定期30年 (a unit's work report on a system's trial)


def _read(path: str) -> bytes:
    return read_stored(path)


def _trail(targets: list[tuple[str, str]]) -> list[dict]:
    """The approval trail, machine-readable, from the ledger's entries about the document (who, when, what,
    and the opinion where the step wrote one)."""
    from django.db.models import Q

    where = Q()
    for target_type, target_id in targets:
        where |= Q(target_type=target_type, target_id=str(target_id))
    steps = []
    for entry in LedgerEntry.objects.filter(where).select_related("department").order_by("id"):
        data = entry.data if isinstance(entry.data, dict) else {}
        opinion = next((str(data[k]) for k in ("opinion", "text", "reason", "instruction") if data.get(k)), "")
        steps.append({"at": entry.at.isoformat(timespec="seconds"), "actor": entry.actor_name or entry.actor_username,
                      "department": entry.department.name if entry.department_id else "",
                      "action": action_label(entry.action) or entry.action, "code": entry.action,
                      "outcome": entry.outcome, "opinion": opinion[:2000]})
    return steps


def _store(package: BuiltPackage, folder: str) -> str:
    return default_storage.save(f"archives/packages/{folder}/{package.sha256[:16]}.zip", ContentFile(package.content))


def _keep(*, package: BuiltPackage, kind: str, actor, item=None, usage_report=None, target) -> ArchivePackage:
    report = check_item_package(package.content, context="build", expected_manifest_sha256=package.manifest_sha256,
                                keys=keyring()) if kind != PackageKind.BATCH else None
    return _record(package=package, kind=kind, actor=actor, item=item, usage_report=usage_report, target=target,
                   report=report.to_dict() if report else {})


def _record(*, package: BuiltPackage, kind: str, actor, report: dict, target, item=None, usage_report=None):
    now = timezone.now()
    row = ArchivePackage.objects.create(
        kind=kind, item=item, usage_report=usage_report, identifier=package.manifest["identifier"][:80],
        path=_store(package, now.strftime("%Y/%m")), size=len(package.content), sha256=package.sha256,
        manifest_sha256=package.manifest_sha256, check_ok=bool(report.get("ok")), check_report=report,
        built_by=actor if getattr(actor, "is_authenticated", False) else None, built_at=now)
    ledger_record(actor=actor, action=PACKAGE_BUILT, target=target, data={
        "package": row.pk, "kind": kind, "identifier": row.identifier, "sha256": row.sha256,
        "manifest_sha256": row.manifest_sha256, "size": row.size, "check_ok": row.check_ok,
        "failures": [c["label"] for c in report.get("checks", []) if c["status"] == "fail"][:20]})
    return row


def item_targets(item: ArchiveItem) -> list[tuple[str, str]]:
    source = ("documents.document", str(item.document_id)) if item.document_id else (
        "documents.delivery", str(item.delivery_id))
    return [source, ("archives.archiveitem", str(item.pk))]


def item_metadata(item: ArchiveItem, *, signatures=()) -> ItemMetadata:
    source = item.document if item.document_id else item.delivery.document
    return ItemMetadata(
        fonds=item.fonds_code, fonds_name=item.department.name, year=item.year,
        retention=item.get_retention_display(), organisation=item.org_name, item_number=item.seq,
        archival_code=item.code, record_id=":".join(item_targets(item)[0]), title=item.title,
        responsible=item.responsible, date=item.date.strftime("%Y%m%d"), kind=source.get_doc_type_display(),
        pages=item.pages, doc_number=item.doc_number, category=item.category, classification=item.secrecy,
        note=item.remark, signatures=tuple(signatures))


def _renditions(item: ArchiveItem, parts) -> list[tuple[str, bytes, str]]:
    """Beside the stamped copy: the signed original as the organs sealed it (its signatures are what the
    四性检测 verifies) and, for a 发文, the OFD (GB/T 33190) of the same layout."""
    out = [("正文（签章原件）.pdf", _read(p.path), p.media_type) for p in parts if p.kind == Component.ORIGINAL]
    if item.document_id:
        from documents.rendering.cache import rendered
        from documents.rendering.ofd import render_ofd

        out.append(("正文.ofd", rendered(item.document, "ofd", render_ofd), "application/ofd"))
    return out


def item_input(item: ArchiveItem, *, renditions=()) -> ItemInput:
    parts = list(item.parts.all())
    renditions = [*_renditions(item, parts), *renditions]
    body = next(p for p in parts if p.kind == Component.BODY)
    sheet = next(p for p in parts if p.kind == Component.SHEET)
    files = [(p.label, _read(p.path), p.media_type) for p in parts if p.kind in (Component.ATTACHMENT, Component.SCAN)]
    return ItemInput(metadata=item_metadata(item), document_pdf=_read(body.path), trail_pdf=_read(sheet.path),
                     trail=_trail(item_targets(item)), ledger_segment=collect_segment(targets=item_targets(item)),
                     attachments=files, renditions=list(renditions))


def package_item(*, actor, item: ArchiveItem, renditions=()) -> ArchivePackage:
    """Build, check and keep the 件's package; the building is ledgered. `renditions`: (name, bytes, media
    type) of further renditions (the OFD)."""
    built = build_item_package(item_input(item, renditions=renditions), packed_at=timezone.now())
    with transaction.atomic():
        return _keep(package=built, kind=PackageKind.ITEM, actor=actor, item=item, target=item)


def latest_item_package(item: ArchiveItem) -> ArchivePackage | None:
    return item.packages.order_by("-built_at", "-id").first()


def report_metadata(report) -> ItemMetadata:
    """A 用户使用报告 archived by the information center: filed under the center's 全宗 (its Fonds, or XXZX
    until one is set), 定期30年, 件号 = R + the report's number (outside the 发文/收文 件号 sequences)."""
    center = report.archived_by.department if report.archived_by_id else None
    fonds = Fonds.objects.filter(department=center).first() if center else None
    fonds_code, org_code = (fonds.code, fonds.org_code) if fonds else ("XXZX", "XXZX")
    year = report.archived_at.year
    code = f"{fonds_code}-WS·{year}-{REPORT_RETENTION.value}-{org_code}-R{report.pk:04d}"
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    return ItemMetadata(
        fonds=fonds_code, fonds_name=center.name if center else "市信息中心", year=year,
        retention=REPORT_RETENTION.label, organisation=fonds.org_name if fonds else "市信息中心", item_number=report.pk,
        archival_code=code, record_id=f"trial.usagereport:{report.pk}", title=f"{report.department.name}用户使用报告",
        responsible=report.department.name, date=(report.filed_at or report.archived_at).strftime("%Y%m%d"),
        kind="报告", pages=pages)


def package_usage_report(*, actor, report) -> ArchivePackage:
    """The information center's archived 用户使用报告 as a package: the PDF, the DOCX as a rendition, its
    附件, the trail and ledger segment of the report — the same format and checks as a 件."""
    from oa.trial.models import UsageReportAttachment

    targets = [("trial.usagereport", str(report.pk))]
    attachments = []
    for attachment in UsageReportAttachment.objects.filter(report=report).order_by("id"):
        with attachment.file.open("rb") as stored:
            attachments.append((attachment.name, stored.read(), _media_type(attachment.name)))
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    item = ItemInput(metadata=report_metadata(report), document_pdf=bytes(report.pdf),
                     trail_pdf=trail_pdf(f"{report.department.name}用户使用报告 办理记录", _trail(targets)),
                     trail=_trail(targets), ledger_segment=collect_segment(targets=targets),
                     attachments=attachments, renditions=[(f"{report.department.name}用户使用报告.docx", bytes(report.docx), docx)])
    built = build_item_package(item, packed_at=timezone.now())
    with transaction.atomic():
        return _keep(package=built, kind=PackageKind.REPORT, actor=actor, usage_report=report, target=report)


def trail_pdf(title: str, steps: list[dict]) -> bytes:
    """A printed trail for what has no 处理笺 of its own (a 用户使用报告): its steps from the ledger."""
    from django.template.loader import render_to_string

    from oa.archives.package.report import REPORT_CSS
    from oa.rendering.pdf import html_to_pdf

    return html_to_pdf(render_to_string("archives/trail_sheet.html", {"title": title, "steps": steps}), REPORT_CSS)


def _media_type(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def read_package(row: ArchivePackage) -> bytes:
    return _read(row.path)


def package_recheck(*, actor, package: ArchivePackage):
    """The 四性检测 run again on a kept package (context "check"), against the manifest hash recorded when it
    was built; the result is ledgered, the package's kept report is not replaced."""
    from oa.archives.package.checks import check_batch_package
    from oa.archives.package_actions import PACKAGE_CHECKED

    check = check_batch_package if package.kind == PackageKind.BATCH else check_item_package
    report = check(read_package(package), context="check", expected_manifest_sha256=package.manifest_sha256,
                   keys=keyring())
    ledger_record(actor=actor, action=PACKAGE_CHECKED, target=package, data={
        "identifier": package.identifier, "ok": report.ok, "sha256": report.package_sha256,
        "failures": [c.label for c in report.failures()][:20]})
    return report


def package_import_check(*, actor, content: bytes, name: str = ""):
    """The 四性检测 of a package brought in from outside (an upload): a batch when it holds batch.json, a 件
    otherwise; context "import"; ledgered with its hash (the bytes are not kept)."""
    import io
    import zipfile

    from oa.archives.package.checks import check_batch_package
    from oa.archives.package.parts import BATCH_MANIFEST, sha256
    from oa.archives.package_actions import PACKAGE_CHECKED

    try:
        is_batch = BATCH_MANIFEST in zipfile.ZipFile(io.BytesIO(content)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        is_batch = False
    check = check_batch_package if is_batch else check_item_package
    report = check(content, context="import", keys=keyring())
    ledger_record(actor=actor, action=PACKAGE_CHECKED, data={
        "name": name[:200], "sha256": sha256(content), "size": len(content), "ok": report.ok, "imported": True,
        "identifier": report.subject, "failures": [c.label for c in report.failures()][:20]})
    return report
