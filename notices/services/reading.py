"""已阅, 回执 and reminders."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notices.choices import NoticeState
from notices.ledger_actions import NOTICE_READ, NOTICE_RECEIPT, NOTICE_REMIND
from notices.models import Notice, NoticeRead
from notices.permissions import may_remind
from notices.selectors import in_audience, notice_for
from notices.services.errors import Conflict
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.uploads.gate import text_check

S = NoticeState
MAX_REPLY = 200


def _row_for(actor, notice: Notice) -> NoticeRead | None:
    """The person's receipt row, made on first opening for someone in the audience who joined after
    publication; None for people outside the audience (the publishing side reading its own notice)."""
    row = NoticeRead.objects.select_for_update().filter(notice=notice, person=actor).first()
    if row is not None or notice.state != S.PUBLISHED or actor.pk == notice.author_id or not in_audience(actor, notice):
        return row
    try:
        with transaction.atomic():
            row = NoticeRead.objects.create(notice=notice, person=actor, department_id=actor.department_id)
    except IntegrityError:  # made by a second tab a moment ago
        return NoticeRead.objects.select_for_update().get(notice=notice, person=actor)
    Notice.objects.filter(pk=notice.pk).update(recipient_count=F("recipient_count") + 1)
    return row


def _mark_opened(row: NoticeRead, notice: Notice, actor, now) -> None:
    row.opened_at = now
    Notice.objects.filter(pk=notice.pk).update(read_count=F("read_count") + 1)
    ledger_record(actor=actor, action=NOTICE_READ, target=notice, data={"at": now.isoformat()})
    notify_person_on_commit(actor.pk, "todo.changed", notice=notice.pk)
    notify_person_on_commit(notice.author_id, "notice.read", notice=notice.pk, person=actor.pk)


@transaction.atomic
def notice_open(*, actor, notice_id: int, shown=None) -> NoticeRead | None:
    """Opening a visible notice records 已阅 (the first time) for a member of its audience.
    Returns the person's receipt row, or None when they are not in the audience. `shown`: the notice the
    caller already read through notice_for(actor, notice_id) for its page (not read again)."""
    notice = shown if shown is not None and shown.pk == notice_id else notice_for(actor, notice_id)
    if notice.state not in (S.PUBLISHED, S.EXPIRED):
        return None
    row = _row_for(actor, notice)
    if row is None or row.opened_at is not None:
        return row
    now = timezone.now()
    _mark_opened(row, notice, actor, now)
    row.save(update_fields=["opened_at"])
    return row


def notice_confirm(*, actor, notice_id: int, reply: str = "") -> NoticeRead:
    """回执: the reader confirms (optionally with a short reply). Only while the notice is out."""
    reply = (reply or "").strip()
    if len(reply) > MAX_REPLY:
        raise ValidationError({"reply": f"回复不能超过 {MAX_REPLY} 字。"})
    notice = notice_for(actor, notice_id)
    if not notice.requires_receipt:
        raise ValidationError("该通知不需要回执。")
    if reply:
        text_check(actor=actor, fields={"回执回复": reply}, purpose="通知回执")
    return _confirm(actor=actor, notice_id=notice_id, reply=reply)


@transaction.atomic
def _confirm(*, actor, notice_id: int, reply: str) -> NoticeRead:
    notice = notice_for(actor, notice_id, for_update=True)
    if notice.current_state != S.PUBLISHED:
        raise Conflict("该通知已撤回或已过期，不能再回执。")
    row = _row_for(actor, notice)
    if row is None:
        raise PermissionDenied("您不在该通知的发布范围内，无需回执。")
    if row.confirmed_at is not None:
        raise Conflict("您已确认过回执。")
    now = timezone.now()
    if row.opened_at is None:
        _mark_opened(row, notice, actor, now)
    row.confirmed_at, row.reply = now, reply
    row.save(update_fields=["opened_at", "confirmed_at", "reply"])
    ledger_record(actor=actor, action=NOTICE_RECEIPT, target=notice, data={"reply": reply})
    notify_person_on_commit(notice.author_id, "notice.read", notice=notice.pk, person=actor.pk)
    return row


@transaction.atomic
def notice_remind_unread(*, actor, notice_id: int) -> int:
    """提醒未读: one live hint to each person who has not opened the notice yet — and nobody else."""
    notice = notice_for(actor, notice_id, for_update=True)
    if not may_remind(actor, notice):
        if notice.current_state != S.PUBLISHED:
            raise Conflict("该通知已撤回或已过期，不能再提醒。")
        raise PermissionDenied("只有发布方可以提醒未读人员。")
    unread = NoticeRead.objects.filter(notice=notice, opened_at__isnull=True)
    person_ids = list(unread.values_list("person_id", flat=True))
    if not person_ids:
        return 0
    unread.update(reminded_at=timezone.now(), reminder_count=F("reminder_count") + 1)
    ledger_record(actor=actor, action=NOTICE_REMIND, target=notice,
                  data={"count": len(person_ids), "people": person_ids})
    for person_id in person_ids:
        notify_person_on_commit(person_id, "notice.reminder", notice=notice.pk, title=notice.title)
        notify_person_on_commit(person_id, "todo.changed", notice=notice.pk)
    return len(person_ids)
