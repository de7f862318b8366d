"""The security officer's decision on a held upload: release or refuse, with a reason.

Refused → the held bytes are deleted (after commit). Released → if the upload's purpose has a
release handler (registered by the app that asked for the upload, e.g. documents registers
"document.attachment"), the handler gets the bytes inside the same transaction and stores them
where they belong; the held copy is deleted after commit either way. A re-upload of exactly the
same bytes in the department then passes the gate directly (gate._apply_previous_decision).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from oa.audit.services import ledger_record
from oa.core.exceptions import Conflict
from oa.core.live import notify_person_on_commit
from oa.uploads.ledger_actions import UPLOAD_REVIEW_OPENED, UPLOAD_REVIEW_REFUSED, UPLOAD_REVIEW_RELEASED
from oa.uploads.models import HeldUpload, UploadRecord
from oa.uploads.permissions import can_review
from oa.uploads.selectors import record_for

_release_handlers: dict[str, Callable] = {}


def register_release_handler(kind: str, handler: Callable) -> None:
    """`handler(*, record, content: bytes, reviewer)` is called when a held upload whose purpose is
    "<kind>" or "<kind>:<reference>" is released."""
    _release_handlers[kind] = handler


def _decide(*, actor, record_id: int, reason: str, release: bool) -> UploadRecord:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写审核意见（放行或拒绝的理由）。")
    with transaction.atomic():
        record = record_for(actor, record_id, for_update=True)
        if not can_review(actor, record):
            raise PermissionDenied("只有上传人所在单位的保密员可以审核该文件。")
        if not record.pending_review:
            raise Conflict("该文件已审核或无需审核，请刷新后查看。")
        held = HeldUpload.objects.filter(record=record).first()
        record.reviewed_by = actor
        record.reviewed_at = timezone.now()
        record.review_reason = reason[:500]
        record.released = release
        record.save(update_fields=["reviewed_by", "reviewed_at", "review_reason", "released"])
        handled = False
        if release and held is not None:
            handler = _release_handlers.get(record.purpose.partition(":")[0])
            if handler is not None:
                with held.file.open("rb") as stream:
                    handler(record=record, content=stream.read(), reviewer=actor)
                handled = True
        ledger_record(actor=actor, action=UPLOAD_REVIEW_RELEASED if release else UPLOAD_REVIEW_REFUSED, target=record,
                      department=record.department,
                      data={"reason": record.review_reason, "sha256": record.sha256, "name": record.name,
                            "uploader": record.person_username, "delivered": handled})
        if held is not None:
            storage, path = held.file.storage, held.file.name
            held.delete()
            transaction.on_commit(lambda: storage.delete(path))
        notify_person_on_commit(record.person_id, "upload.reviewed", record=record.pk, released=release, name=record.name)
    return record


def held_release(*, actor, record_id: int, reason: str) -> UploadRecord:
    return _decide(actor=actor, record_id=record_id, reason=reason, release=True)


def held_refuse(*, actor, record_id: int, reason: str) -> UploadRecord:
    return _decide(actor=actor, record_id=record_id, reason=reason, release=False)


def held_content(*, actor, record_id: int) -> tuple[UploadRecord, bytes]:
    """The held bytes, for the reviewing security officer to open (ledgered)."""
    record = record_for(actor, record_id)
    if not can_review(actor, record) or not record.pending_review:
        raise PermissionDenied("只有上传人所在单位的保密员可以查看待审核文件。")
    held = HeldUpload.objects.filter(record=record).first()
    if held is None:
        raise Conflict("待审核文件已不存在。")
    with held.file.open("rb") as stream:
        content = stream.read()
    ledger_record(actor=actor, action=UPLOAD_REVIEW_OPENED, target=record, department=record.department,
                  data={"sha256": record.sha256})
    return record, content
