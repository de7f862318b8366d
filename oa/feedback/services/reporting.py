"""Filing a ticket from any page, and adding screenshots: typed text and every file go through the
classification gate first (outside any transaction, so that the gate's record of a refusal stays)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from oa.core.text import text_error
from oa.feedback.choices import Category, EntryKind, Severity
from oa.feedback.models import Ticket, TicketScreenshot
from oa.feedback.permissions import may, may_report_for
from oa.feedback.selectors import page_context, ticket_for
from oa.feedback.services.common import notify, record
from oa.feedback.services.common import record as record_step
from oa.feedback.services.errors import Conflict
from oa.uploads.attachments import attachment_keep
from oa.uploads.exceptions import UploadHeld
from oa.uploads.gate import text_check, upload_accept_file

RELEASE_PURPOSE = "feedback.screenshot"

MAX_SCREENSHOTS = 5
SCREENSHOT_TYPES = ("png", "jpg", "jpeg", "gif", "bmp", "webp")
NOT_FOR_OTHERS = "只能为本人反馈问题；单位报障联系人（本单位文书）可以代本单位同事反馈。"


def _clean(fields: dict) -> dict:
    category = fields.get("category") or ""
    severity = fields.get("severity") or Severity.NORMAL
    description = (fields.get("description") or "").strip()
    errors = {}
    if category not in Category.values:
        errors["category"] = "请选择问题类别。"
    if severity not in Severity.values:
        errors["severity"] = "请选择紧急程度。"
    if problem := text_error(description, 4000, missing="请描述遇到的问题。", too_long="问题描述不能超过 4000 字。"):
        errors["description"] = problem
    if errors:
        raise ValidationError(errors)
    return {"category": category, "severity": severity, "description": description,
            "contact_phone": (fields.get("contact_phone") or "").strip()[:30]}


def _check_screenshots(screenshots) -> None:
    if len(screenshots) > MAX_SCREENSHOTS:
        raise ValidationError({"screenshots": f"截图最多 {MAX_SCREENSHOTS} 张。"})
    for upload, _gate in screenshots:
        if upload.name.rpartition(".")[2].lower() not in SCREENSHOT_TYPES:
            raise ValidationError({"screenshots": f"“{upload.name}”不是图片：截图请用 PNG、JPG、GIF、BMP 或 WEBP 格式。"})


def _gate_screenshots(actor, screenshots) -> list:
    """Each file through the gate. A refused file (a 密级 marking, a forged picture …) stops the whole
    report: nothing is filed. A held file (pictures have no text layer, so the gate usually asks the
    department's security officer) does not: the ticket is filed and the screenshot arrives on the
    ticket when the officer releases it. Returns (record, bytes or None when held) pairs."""
    results = []
    for upload, gate in screenshots:
        try:
            results.append(upload_accept_file(actor=actor, upload=upload, purpose=RELEASE_PURPOSE, **gate))
        except UploadHeld as held:
            results.append((held.record, None))
    return results


def _keep(ticket, *, actor, accepted) -> list[TicketScreenshot]:
    kept = []
    for gate_record, content in accepted:
        if content is not None and not content:
            raise ValidationError({"screenshots": f"“{gate_record.name}”是空文件。"})
        kept.append(attachment_keep(into=ticket.screenshots, record=gate_record, content=content, actor=actor,
                                    pending_review=content is None))
    return kept


def held_screenshot_released(*, record, content: bytes, reviewer) -> None:
    """The security officer released a held screenshot: store it on its ticket (inside the review's
    transaction), note it in the thread, tell the ticket's people."""
    shot = TicketScreenshot.objects.select_related("ticket").filter(upload_record=record, pending_review=True).first()
    if shot is None:
        return
    shot.store(content)
    shot.pending_review = False
    shot.size = len(content)
    shot.save()
    record_step(shot.ticket, actor=reviewer, action="screenshot", kind=EntryKind.COMMENT,
                text=f"截图“{shot.name}”经保密员审核放行。", data={"name": shot.name, "upload": record.pk})
    notify(shot.ticket, todo=False)


def ticket_report(*, actor, fields: dict, page_url: str = "", user_agent: str = "", reporter=None,
                  screenshots=(), now=None) -> Ticket:
    """File a ticket. `fields`: category, severity, description, contact_phone. `reporter`: the person
    who has the problem (default: the actor; a department contact may name a colleague). `page_url`:
    the page the form was opened from — the document and its state are looked up from it, not taken
    from the browser. `screenshots`: (UploadedFile, gate arguments) pairs."""
    reporter = reporter or actor
    if not may_report_for(actor, reporter):
        raise PermissionDenied(NOT_FOR_OTHERS)
    values = _clean(fields)
    screenshots = list(screenshots)
    _check_screenshots(screenshots)
    text_check(actor=actor, purpose="问题反馈", fields={"问题描述": values["description"]})
    accepted = _gate_screenshots(actor, screenshots)
    context = page_context(actor, page_url)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket(
            reporter=reporter, reported_by=actor, department_id=reporter.department_id, **values,
            page_url=context.url, page_label=context.label, document=context.document, delivery=context.delivery,
            object_title=context.title[:200], object_state=context.state[:30], user_agent=(user_agent or "")[:400],
            created_at=now,
        )
        if not ticket.department_id:
            raise ValidationError("反映人不属于任何单位，无法提交。")
        ticket.start_clocks(now)
        ticket.save()
        shots = _keep(ticket, actor=actor, accepted=accepted)
        data = {"category": ticket.category, "severity": ticket.severity, "page": ticket.page_url,
                "document": ticket.document_id, "delivery": ticket.delivery_id, "screenshots": len(shots),
                "upload_records": [s.upload_record_id for s in shots]}
        if reporter.pk != actor.pk:
            data["reporter"] = reporter.username
        record(ticket, actor=actor, action="report", text=ticket.summary, data=data, at=now)
        for shot in shots:
            if shot.pending_review:
                record(ticket, actor=actor, action="screenshot", kind=EntryKind.COMMENT, at=now,
                       text=f"截图“{shot.name}”需本单位保密员审核（图片无法按文字检查密级），放行后自动附在本反馈上。",
                       data={"name": shot.name, "upload": shot.upload_record_id, "held": True})
        notify(ticket, everyone_handling=True)
        return ticket


def ticket_screenshot_add(*, actor, ticket_id: int, upload, gate: dict) -> TicketScreenshot:
    """A screenshot added later (the reporter's side or a handler), through the gate."""
    ticket = ticket_for(actor, ticket_id)
    if not may(actor, "screenshot", ticket):
        raise Conflict("该问题反馈已关闭，不能再补充截图。")
    _check_screenshots([(upload, gate)])
    accepted = _gate_screenshots(actor, [(upload, gate)])
    with transaction.atomic():
        ticket = ticket_for(actor, ticket_id, for_update=True)
        if not may(actor, "screenshot", ticket):
            raise Conflict("该问题反馈已关闭，不能再补充截图。")
        if ticket.screenshots.count() >= MAX_SCREENSHOTS * 2:
            raise ValidationError({"screenshots": f"每条反馈最多 {MAX_SCREENSHOTS * 2} 张截图。"})
        (shot,) = _keep(ticket, actor=actor, accepted=accepted)
        note = "（待保密员审核，放行后显示）" if shot.pending_review else ""
        record(ticket, actor=actor, action="screenshot", kind=EntryKind.COMMENT, text=f"补充截图：{shot.name}{note}",
               data={"name": shot.name, "sha256": shot.sha256, "upload": shot.upload_record_id})
        notify(ticket, todo=False)
        return shot
