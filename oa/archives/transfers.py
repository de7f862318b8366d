"""移交: a department's 件 handed to the 档案局 as one batch package, and the 档案局's receipt.

Sending builds (or reuses) every 件's package, refuses when any of them fails its 四性检测, packs them with
their reports into a batch package, checks the batch, and records the Transfer with the counts and every
hash — ledgered. Receiving (接收) runs the 四性检测 again on the batch as the receiving side gets it
(context "import", against the manifest hash recorded when sent); a batch that fails cannot be received,
only sent back (退回) with the reason. The receipt (移交清单 + 接收回执) is one page and one PDF.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from oa.archives.models import ArchiveItem, ArchivePackage, PackageKind, Transfer, TransferState
from oa.archives.package.build import BuiltPackage, build_batch_package
from oa.archives.package.checks import check_batch_package
from oa.archives.package.parts import MANIFEST
from oa.archives.package_actions import TRANSFER_SEND
from oa.archives.packaging import _record, latest_item_package, package_item, read_package
from oa.archives.transfer_permissions import (
    TRANSFER_FLOW,
    may_transfer_step,
    receiver_slug,
    require_sender,
    transfers_visible,
)
from oa.audit.actions import step_code
from oa.audit.keys import keyring
from oa.audit.services import ledger_record
from oa.core.steps import apply_transition, run_step
from oa.org.models import Department


def _built(row: ArchivePackage) -> BuiltPackage:
    import io
    import zipfile

    content = read_package(row)
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(content)).read(MANIFEST))
    return BuiltPackage(f"{row.identifier}.zip", content, row.sha256, row.manifest_sha256, manifest)


def _items(actor, item_ids) -> list[ArchiveItem]:
    try:
        ids = sorted({int(i) for i in item_ids})
    except (TypeError, ValueError):
        raise ValidationError({"items": ["请选择要移交的归档文件。"]}) from None
    if not ids:
        raise ValidationError({"items": ["请选择要移交的归档文件。"]})
    items = list(ArchiveItem.objects.filter(department_id=actor.department_id, pk__in=ids)
                 .select_for_update().order_by("fonds_code", "year", "retention", "org_code", "seq"))
    if len(items) != len(ids):
        raise ValidationError({"items": ["所选归档文件不存在或不属于本单位。"]})
    sent = ArchiveItem.objects.filter(pk__in=ids, transfers__state__in=(TransferState.SENT, TransferState.RECEIVED))
    if sent.exists():
        codes = "、".join(item.code for item in sent.distinct()[:5])
        raise ValidationError({"items": [f"以下归档文件已移交或正在移交：{codes}。"]})
    return items


def transfer_send(*, actor, item_ids) -> Transfer:
    """Hand the chosen 件 of the actor's department to the 档案局; ValidationError (nothing changed) when a 件
    is missing, already handed over, or its package fails the 四性检测."""
    require_sender(actor)
    receiver = Department.objects.filter(slug=receiver_slug()).first()
    if receiver is None:
        raise ValidationError("未设置接收移交的档案局（OA_ARCHIVES_RECEIVER），无法移交。")
    with transaction.atomic():
        items = _items(actor, item_ids)
        rows = []
        for item in items:
            row = latest_item_package(item)
            if row is None or not row.check_ok:
                row = package_item(actor=actor, item=item)
            rows.append(row)
        failing = [row.identifier for row in rows if not row.check_ok]
        if failing:
            transaction.set_rollback(True)
            raise ValidationError(f"以下归档文件的归档包四性检测不通过，不能移交：{'、'.join(failing[:10])}。")
        now = timezone.now()
        identifier = f"YJ-{actor.department.slug}-{now:%Y%m%d%H%M%S}"
        batch = build_batch_package([_built(row) for row in rows], identifier=identifier, packed_at=now,
                                    reports=[row.check_report for row in rows])
        report = check_batch_package(batch.content, context="build", expected_manifest_sha256=batch.manifest_sha256,
                                     keys=keyring()).to_dict()
        package = _record(package=batch, kind=PackageKind.BATCH, actor=actor, report=report, target=None)
        transfer = Transfer.objects.create(
            department_id=actor.department_id, receiver=receiver, package=package, item_count=len(items),
            page_count=sum(item.pages for item in items), sent_by=actor, sent_at=now)
        transfer.items.set(items)
        ledger_record(actor=actor, action=TRANSFER_SEND, target=transfer, data={
            "number": transfer.number, "receiver": receiver.name, "items": [[i.code, r.sha256] for i, r in zip(items, rows, strict=True)],
            "sha256": package.sha256, "manifest_sha256": package.manifest_sha256, "check_ok": package.check_ok})
    return transfer


def transfer_for(person, pk: int, *, for_update: bool = False) -> Transfer:
    rows = transfers_visible(person)
    if for_update:
        rows = rows.select_for_update()
    transfer = rows.select_related("package", "department", "receiver").filter(pk=pk).first()
    if transfer is None:
        raise Http404("没有这个移交记录。")
    return transfer


def _step(actor, transfer_id: int, action: str, note: str, *, receive: bool) -> Transfer:
    note = (note or "").strip()[:300]
    if not receive and not note:
        raise ValidationError({"note": ["退回时请写明原因。"]})

    def body(transfer):
        content = read_package(transfer.package)
        report = check_batch_package(content, context="import", keys=keyring(),
                                     expected_manifest_sha256=transfer.package.manifest_sha256)
        if receive and not report.ok:
            reasons = "；".join(f"{c.part or c.label}：{c.detail}" for c in report.failures()[:5])
            raise ValidationError(f"接收时四性检测不通过，不能接收，请退回：{reasons}")
        apply_transition(transfer, "receive" if receive else "reject", by=actor, at=timezone.now(),
                         report=report.to_dict(), note=note)
        transfer.save()
        ledger_record(actor=actor, action=step_code(TRANSFER_FLOW.name, action), target=transfer, data={
            "number": transfer.number, "check_ok": report.ok, "items": transfer.item_count, "note": note,
            "sha256": report.package_sha256, "manifest_sha256": report.manifest_sha256})

    return run_step(actor=actor, locate=lambda: transfer_for(actor, transfer_id, for_update=True),
                    allowed=lambda transfer: may_transfer_step(actor, action, transfer),
                    states=TRANSFER_FLOW.states_for(action), label=TRANSFER_FLOW.labels[action],
                    ledger_action=step_code(TRANSFER_FLOW.name, action), body=body)


def transfer_receive(*, actor, transfer_id: int, note: str = "") -> Transfer:
    return _step(actor, transfer_id, "receive", note, receive=True)


def transfer_reject(*, actor, transfer_id: int, note: str) -> Transfer:
    return _step(actor, transfer_id, "reject", note, receive=False)


def receipt(transfer: Transfer) -> dict:
    """移交清单 and 接收回执: the rows (序号, 档号, 题名, 页数, the 件 package's SHA-256), the counts and hashes,
    and, once answered, who received it when, with the receiving side's 四性检测 result."""
    batch = transfer.package.check_report
    packages = {i.get("subject"): i.get("package_sha256") for i in batch.get("items", [])}
    rows = [{"n": n, "code": item.code, "title": item.title, "doc_number": item.doc_number, "pages": item.pages,
             "date": item.date, "sha256": packages.get(item.code, "")}
            for n, item in enumerate(transfer.items.order_by("fonds_code", "year", "retention", "org_code", "seq"), 1)]
    return {"transfer": transfer, "number": transfer.number, "rows": rows, "item_count": transfer.item_count,
            "page_count": transfer.page_count, "package_count": len(rows), "size": transfer.package.size,
            "sha256": transfer.package.sha256, "manifest_sha256": transfer.package.manifest_sha256,
            "sent_check_ok": transfer.package.check_ok, "state_label": transfer.get_state_display(),
            "receipt_ok": transfer.receipt_ok, "receipt_note": transfer.receipt_note}

