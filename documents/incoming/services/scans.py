"""The scans of a paper arrival (纸质来文): PDF or images, through the classification gate like every
upload (oa.uploads.attachments), so that leaders read the arrival online instead of going back to the paper.

    scans_screen(actor=…, uploads=…, gate=…)   every file of a registration through the gate, before its transaction
    scans_keep(delivery, actor=…, accepted=…)  the accepted ones kept on the new delivery, inside it
    delivery_scan_add(actor=…, delivery_id=…, upload=…, gate=…)   one more scan later (the table's attach_scan)

A scan the gate holds for the department's 保密员 (a picture has no text layer to read) is not kept; as for
every attachment, the same bytes pass once the 保密员 has released them, and the clerk adds them then.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.incoming.permissions import ACTION_LABELS, may_deliver
from documents.incoming.selectors import delivery_for
from documents.ledger_actions import DELIVERY_ATTACH_SCAN
from documents.models import Delivery, DeliveryScan, DeliveryStep
from oa.uploads.attachments import attachment_keep, through_the_gate, under_lock
from oa.uploads.exceptions import UploadHeld, UploadRefused
from oa.uploads.gate import upload_accept_file
from oa.uploads.models import UploadRecord

PURPOSE = "纸质来文扫描件"
NOT_DECLARED = {"declaration_accepted": False, "declaration_version": "", "declared_level": ""}
MAX_SCANS = 20
SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
NOT_A_SCAN = "“{name}”不是扫描件：请上传 PDF 或 JPG、PNG 图片（TIFF 请先转为 PDF）。"
TOO_MANY = f"一次最多上传 {MAX_SCANS} 个扫描件。"
NOT_YOURS = "只有本单位收发员可以在归档前为纸质来文添加扫描件。"
HELD = "扫描件{names}无法自动确认不涉密，已提交本单位保密员审核；审核放行后请在来文页面的“扫描件”处重新上传。"


@dataclass(frozen=True)
class Screened:
    """A registration's scans after the gate: the accepted (record, bytes) pairs and the held records."""

    accepted: list[tuple[UploadRecord, bytes]]
    held: list[UploadRecord]


def scans_check(uploads) -> None:
    """What can be said of the files before the gate reads them: how many, and that each is named as a
    PDF or a picture (the gate then refuses bytes that are not what their name says)."""
    if len(uploads) > MAX_SCANS:
        raise ValidationError(TOO_MANY)
    for upload in uploads:
        if (upload.name or "").rpartition(".")[2].lower() not in SCAN_EXTENSIONS:
            raise ValidationError(NOT_A_SCAN.format(name=upload.name))


def scans_screen(*, actor, uploads, gate: dict) -> Screened:
    """Each scan through the gate — outside any transaction, so that its record of a refusal survives.
    A refused file stops the registration (UploadRefused naming the file; the files after it are not
    read); a held one does not (the arrival is registered without it)."""
    scans_check(uploads)
    gate = {**NOT_DECLARED, **gate}  # none given: the gate refuses (and records) the missing declaration
    accepted, held = [], []
    for upload in uploads:
        name = upload.name
        try:
            accepted.append(upload_accept_file(actor=actor, upload=upload, purpose=PURPOSE, **gate))
        except UploadHeld as exc:
            held.append(exc.record)
        except UploadRefused as exc:
            raise UploadRefused([f"扫描件“{name}”未通过密级检查，纸质来文未登记。", *exc.messages], exc.record) from None
    return Screened(accepted=accepted, held=held)


def held_scans_message(held) -> str:
    """What the clerk is told of the scans a registration could not keep yet."""
    return HELD.format(names="、".join(f"“{record.name}”" for record in held))


def scans_keep(delivery: Delivery, *, actor, accepted) -> list[DeliveryScan]:
    """The accepted scans of a registration as rows and files of the delivery (inside its transaction)."""
    return [attachment_keep(into=delivery.scans, record=record, content=content, actor=actor, action=DELIVERY_ATTACH_SCAN)
            for record, content in accepted]


def _addable(actor, delivery_id: int, *, for_update: bool = False) -> Delivery:
    delivery = delivery_for(actor, delivery_id, for_update=for_update)
    if not may_deliver(actor, "attach_scan", delivery):
        raise PermissionDenied(NOT_YOURS)
    return delivery


def delivery_scan_add(*, actor, delivery_id: int, upload, gate: dict) -> DeliveryScan:
    """One more scan on a paper arrival (the clerk, until it is archived: DELIVERY_FLOW's attach_scan).
    The look first (404, 403), then the name, then the gate, then the scan kept under the row lock."""

    def check():
        _addable(actor, delivery_id)
        scans_check([upload])

    def keep(delivery, record, content):
        scan = attachment_keep(into=delivery.scans, record=record, content=content, actor=actor,
                               action=DELIVERY_ATTACH_SCAN)
        DeliveryStep.objects.create(delivery=delivery, action=ACTION_LABELS["attach_scan"], actor=actor,
                                    actor_name=actor.name, text=scan.name, at=timezone.now())
        return scan

    return through_the_gate(actor=actor, upload=upload, gate=gate, purpose=PURPOSE, check=check, keep=keep,
                            locked=under_lock(lambda: _addable(actor, delivery_id, for_update=True)))
