"""The classification gate: the one entry every uploaded byte and every typed title/body passes.

    screen(name=…, content=…, limits=…)  pure verdict (screening/verdict.py), no database
    upload_accept(actor=…, …)            the service: declaration, screening, record, ledger, alerts
    upload_accept_file(actor=…, upload=…) the same for a Django UploadedFile (reads and closes it)
    text_check(actor=…, fields=…)        typed text: refused the same way when it carries a marking

Transactions: the record and its ledger entry are committed in a transaction of their own
(`atomic(durable=True)`) *before* a refusal is raised, so the record survives while the caller's
work does not happen. Call the gate before — outside — your own `transaction.atomic()`; called
inside one, Django raises RuntimeError (tests' own transactions are fine).

Blocked bytes are never stored: not on disk, not in the database, not in a cache, not in a log
line. Only SHA-256 and metadata are kept. Review bytes go to held/ in the media storage until decided.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.core.request_info import current_client_ip
from oa.uploads import selectors
from oa.uploads.choices import ACCEPTED_LEVELS, CLASSIFIED_LEVELS, FileType, Source, Verdict
from oa.uploads.exceptions import UploadHeld, UploadRefused
from oa.uploads.ledger_actions import UPLOAD_ESCALATED, UPLOAD_REFUSED
from oa.uploads.limits import current_limits
from oa.uploads.models import HeldUpload, UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION, declaration_text
from oa.uploads.screening.markings import DETECTOR_VERSION
from oa.uploads.screening.verdict import Screening, screen, screen_text

__all__ = ["screen", "upload_accept", "upload_accept_file", "text_check", "Screening"]

ESCALATION_WINDOW = timedelta(days=1)
HELD_MESSAGE = "文件无法自动确认不涉密，已提交本单位保密员审核（{reasons}）。审核放行后请重新上传。"


def _clean_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rpartition("/")[2].strip()
    return "".join(ch for ch in base if ch.isprintable())[:255] or "未命名文件"


def _declared_type(name: str, declared_type: str) -> str:
    if declared_type:
        return declared_type[:100]
    return name.rpartition(".")[2].lower()[:100] if "." in name else ""


def _refuse_without_record(actor, *, reason: str, name: str, purpose: str) -> UploadRefused:
    with transaction.atomic(durable=True):
        ledger_record(actor=actor, action=UPLOAD_REFUSED, outcome=Outcome.DENIED,
                      data={"name": name, "purpose": purpose, "reason": reason})
    return UploadRefused([reason])


def upload_accept(
    *,
    actor,
    name: str,
    content: bytes,
    declared_level: str,
    declaration_accepted: bool,
    declaration_version: str,
    purpose: str,
    declared_type: str = "",
    size: int | None = None,
) -> UploadRecord:
    """Screen one uploaded file and record the verdict. Returns the record when accepted; raises
    UploadRefused (blocked) or UploadHeld (kept for the security officer) otherwise — both are
    ValidationErrors carrying Chinese reasons and the record."""
    name = _clean_name(name)
    purpose = (purpose or "")[:100]
    if not declaration_accepted:
        raise _refuse_without_record(actor, name=name, purpose=purpose,
                                     reason=f"请先阅读并勾选承诺：“{declaration_text()}”")
    if declaration_version != CURRENT_VERSION:
        raise _refuse_without_record(actor, name=name, purpose=purpose,
                                     reason=f"承诺内容已更新，请重新阅读并勾选：“{declaration_text()}”")
    if declared_level not in ACCEPTED_LEVELS and declared_level not in CLASSIFIED_LEVELS:
        raise _refuse_without_record(actor, name=name, purpose=purpose, reason="请选择文件密级（非密、内部或公开）。")

    content = content or b""
    truncated = size is not None and size > len(content)
    screening = screen(name=name, content=content, limits=current_limits(), declared_level=declared_level)
    digest = "" if truncated else hashlib.sha256(content).hexdigest()
    screening = _apply_previous_decision(actor, screening, digest)

    with transaction.atomic(durable=True):
        record = UploadRecord.objects.create(
            source=Source.FILE, person=actor, person_username=actor.username, person_name=getattr(actor, "name", ""),
            department_id=actor.department_id, ip=current_client_ip(), name=name,
            size=size if size is not None else len(content), declared_type=_declared_type(name, declared_type),
            detected_type=screening.detected_type, sha256=digest, declared_level=declared_level,
            declaration_version=declaration_version, detector_version=screening.detector_version,
            verdict=screening.verdict, reasons=screening.reasons, text_found=screening.text_found, purpose=purpose,
        )
        _ledger(actor, record)
        if screening.verdict == Verdict.REVIEW:
            HeldUpload.objects.create(record=record, file=ContentFile(content, name="held"))
            _alert_officers(record, "upload.review")
        elif screening.verdict == Verdict.BLOCKED:
            _alert_officers(record, "upload.blocked")
            _escalate_if_repeated(actor, record)

    if screening.verdict == Verdict.BLOCKED:
        raise UploadRefused(screening.reasons, record)
    if screening.verdict == Verdict.REVIEW:
        raise UploadHeld([HELD_MESSAGE.format(reasons="；".join(r.rstrip("。") for r in screening.reasons))], record)
    return record


def upload_accept_file(*, actor, upload, **kwargs) -> tuple[UploadRecord, bytes]:
    """upload_accept for a Django UploadedFile: reads it (never more than the cap + 1 byte) and
    closes it — a TemporaryUploadedFile (if some other handler made one) is deleted on close.
    Returns the record and the accepted bytes for the caller to store."""
    try:
        limit = int(settings.OA_UPLOAD_MAX_BYTES) + 1
        upload.seek(0)
        content = upload.read(limit)
        size = max(int(getattr(upload, "size", 0) or 0), len(content))
        kwargs.setdefault("declared_type", getattr(upload, "content_type", "") or "")
        record = upload_accept(actor=actor, name=upload.name, content=content, size=size, **kwargs)
        return record, content
    finally:
        upload.close()


def text_marked(fields: dict[str, str]) -> bool:
    """Whether typed text would be refused by `text_check` — pure, no query, nothing recorded: for a step
    that must screen inside its own transaction (after its permission check) and record outside it."""
    return screen_text({label: value for label, value in fields.items() if value}).verdict == Verdict.BLOCKED


def text_check(*, actor, fields: dict[str, str], purpose: str = "") -> None:
    """Refuse typed text (a title, a body …) that carries a 密级 marking. `fields` maps a Chinese
    label ("标题", "正文") to the text; the label is used in the reasons. Passing text returns None
    and leaves no trace; a refusal is recorded (hash only), ledgered, alerted and escalated."""
    screening = screen_text({label: value for label, value in fields.items() if value})
    if screening.verdict != Verdict.BLOCKED:
        return
    joined = "\n".join(f"{label}\n{value}" for label, value in fields.items() if value)
    with transaction.atomic(durable=True):
        record = UploadRecord.objects.create(
            source=Source.TYPED, person=actor, person_username=actor.username, person_name=getattr(actor, "name", ""),
            department_id=actor.department_id, ip=current_client_ip(), name="、".join(fields)[:255],
            size=len(joined), detected_type=FileType.TYPED, sha256=hashlib.sha256(joined.encode()).hexdigest(),
            detector_version=DETECTOR_VERSION, verdict=Verdict.BLOCKED, reasons=screening.reasons, text_found=True,
            purpose=(purpose or "")[:100],
        )
        _ledger(actor, record)
        _alert_officers(record, "upload.blocked")
        _escalate_if_repeated(actor, record)
    raise UploadRefused(screening.reasons, record)


# --- helpers --------------------------------------------------------------------------------------
def _apply_previous_decision(actor, screening: Screening, digest: str) -> Screening:
    """The security officer decides on exact bytes: the same file, re-uploaded in the same
    department, gets that decision instead of waiting in the queue again."""
    if screening.verdict != Verdict.REVIEW:
        return screening
    decision = selectors.previous_decision(sha256=digest, department_id=actor.department_id)
    if decision is None:
        return screening
    when = timezone.localtime(decision.reviewed_at).strftime("%Y-%m-%d %H:%M")
    if decision.released:
        return Screening(Verdict.ACCEPTED, [f"同一文件已由保密员于 {when} 审核放行。"], screening.detected_type,
                         screening.text_found)
    return Screening(Verdict.BLOCKED, [f"同一文件已被保密员于 {when} 拒绝：{decision.review_reason}"],
                     screening.detected_type, screening.text_found)


def _ledger(actor, record: UploadRecord) -> None:
    ledger_record(
        actor=actor, action=step_code("upload", record.verdict), target=record,
        outcome=Outcome.DENIED if record.verdict == Verdict.BLOCKED else Outcome.SUCCESS,
        data={"source": record.source, "name": record.name, "size": record.size, "sha256": record.sha256,
              "detected_type": record.detected_type, "declared_level": record.declared_level,
              "declaration_version": record.declaration_version, "detector_version": record.detector_version,
              "reasons": record.reasons, "purpose": record.purpose},
    )


def _payload(record: UploadRecord) -> dict:
    return {"record": record.pk, "person": record.person_name or record.person_username, "name": record.name,
            "verdict": record.verdict, "reasons": record.reasons[:5]}


def _alert_officers(record: UploadRecord, event: str) -> None:
    """Live alert to the department's security officers; with none, to the information center.
    The record is the truth (the review page lists it); the push only says "look"."""
    recipients = [pk for pk in selectors.security_officers_of(record.department_id) if pk != record.person_id]
    if not recipients:
        recipients = selectors.info_center_people()
    for person_id in recipients:
        notify_person_on_commit(person_id, event, **_payload(record))


def _escalate_if_repeated(actor, record: UploadRecord) -> None:
    threshold = int(settings.OA_UPLOAD_ESCALATE_AFTER)
    count = selectors.blocked_since(actor, timezone.now() - ESCALATION_WINDOW)
    if threshold <= 0 or count < threshold:
        return
    ledger_record(actor=None, action=UPLOAD_ESCALATED, target=record, outcome=Outcome.DENIED,
                  department=actor.department, data={"person": actor.username, "blocked_in_24h": count})
    for person_id in selectors.info_center_people():
        notify_person_on_commit(person_id, "upload.escalated", count=count, **_payload(record))
