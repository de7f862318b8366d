"""系统停机 and 停机补登: the information center declares that the system was down from … to …
(ends an outage still going on, or withdraws a wrong declaration — never deletes one); afterwards a
clerk back-registers what the department sent on paper only inside the window. Whether a moment is
inside an outage is decided in one place: oa.trial.selectors.outage_covers."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.calendar import add_working_days
from oa.core.steps import apply_transition, run_step, save_changed
from oa.core.text import required_text
from oa.org.models import Department
from oa.trial.ledger_actions import TRIAL_OUTAGE_BACK_REGISTER, TRIAL_OUTAGE_DECLARE
from oa.trial.models import Outage, OutagePaperItem, OutageState
from oa.trial.permissions import OUTAGE_FLOW, OUTAGE_LABELS, is_clerk, may_outage
from oa.trial.selectors import outage_at, outage_covers, outage_for
from oa.uploads.gate import text_check

OS = OutageState
REASON_LIMIT = 500
MAX_ITEMS = 500


def backfill_working_days() -> int:
    return int(getattr(settings, "OA_TRIAL_OUTAGE_BACKFILL_WORKING_DAYS", 10))


def backfill_deadline(outage):
    """The last day a clerk may back-register for this outage (None while it is still going on)."""
    if outage.ends_at is None:
        return None
    return add_working_days(timezone.localdate(outage.ends_at), backfill_working_days())


def _fmt(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local.hour}:{local:%M}"


def _aware(moment, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise ValidationError(f"请填写{what}。")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError(f"{what}不能晚于现在。")
    return moment


def _refuse_overlap(starts_at, ends_at, *, exclude=None) -> None:
    """Two outages in force never overlap, so a moment belongs to at most one."""
    overlapping = Outage.objects.select_for_update().filter(state__in=[OS.ONGOING, OS.ENDED])
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    if ends_at is not None:
        overlapping = overlapping.filter(starts_at__lte=ends_at)
    other = overlapping.filter(outage_covers(starts_at) | Q(starts_at__gte=starts_at)).order_by("starts_at").first()
    if other is not None:
        raise ValidationError(f"与已登记的停机（{other.window_text}）时间重叠，请结束或撤销那一条后再登记。")


def outage_declare(*, actor, starts_at, reason: str, ends_at=None) -> Outage:
    """The information center declares an outage: ended (from … to …) or still going on (进行中)."""
    from oa.trial.services.programme import _require_manager

    _require_manager(actor, "登记系统停机")
    starts_at = _aware(starts_at, "停机开始时间")
    if ends_at is not None:
        ends_at = _aware(ends_at, "恢复时间")
        if ends_at <= starts_at:
            raise ValidationError("恢复时间应晚于停机开始时间。")
    reason = required_text(reason, "停机原因", REASON_LIMIT)
    text_check(actor=actor, fields={"停机原因": reason}, purpose="系统停机登记")
    with transaction.atomic():
        _refuse_overlap(starts_at, ends_at)
        outage = Outage.objects.create(starts_at=starts_at, ends_at=ends_at, reason=reason, declared_by=actor,
                                       ended_by=actor if ends_at else None, state=OS.ENDED if ends_at else OS.ONGOING)
        ledger_record(actor=actor, action=TRIAL_OUTAGE_DECLARE, target=outage,
                      data={"starts_at": starts_at, "ends_at": ends_at, "state": outage.state})
    return outage


def _run(actor, outage_id: int, action: str, body):
    return run_step(
        actor=actor, locate=lambda: outage_for(actor, outage_id, for_update=True),
        allowed=lambda outage: may_outage(actor, action, outage), states=OUTAGE_FLOW.states_for(action),
        label=OUTAGE_LABELS[action], ledger_action=step_code("trial.outage", action), body=body,
    )


def outage_end(*, actor, outage_id: int, ends_at) -> Outage:
    """An outage still going on is closed with the time the system came back."""
    ends_at = _aware(ends_at, "恢复时间")

    def body(outage):
        if ends_at <= outage.starts_at:
            raise ValidationError(f"恢复时间应晚于停机开始时间（{_fmt(outage.starts_at)}）。")
        _refuse_overlap(outage.starts_at, ends_at, exclude=outage.pk)
        apply_transition(outage, "end", by=actor, at=ends_at)
        save_changed(outage)
        ledger_record(actor=actor, action=step_code("trial.outage", "end"), target=outage, data={"ends_at": ends_at})

    return _run(actor, outage_id, "end", body)


def outage_withdraw(*, actor, outage_id: int, reason: str) -> Outage:
    """A wrong declaration is withdrawn (撤销), never deleted: it stops excusing anything and leaves the
    portal notice; what was back-registered against it then counts as paper-only sending again."""
    reason = required_text(reason, "撤销原因", 300)
    text_check(actor=actor, fields={"撤销原因": reason}, purpose="撤销系统停机")

    def body(outage):
        apply_transition(outage, "withdraw", by=actor, at=timezone.now(), reason=reason)
        save_changed(outage)
        ledger_record(actor=actor, action=step_code("trial.outage", "withdraw"), target=outage,
                      data={"reason": reason, "items": outage.paper_items.count()})

    return _run(actor, outage_id, "withdraw", body)


def outage_back_register(*, actor, sent_at, counterpart_ids, count: int, document_id: int | None = None) -> OutagePaperItem:
    """停机补登: the clerk records a document the department sent on paper only while the system was down.
    The paper time must fall inside a declared outage in force; the registration is open while the outage
    goes on and until OA_TRIAL_OUTAGE_BACKFILL_WORKING_DAYS working days after it ended."""
    if not is_clerk(actor):
        ledger_record(actor=actor, action=TRIAL_OUTAGE_BACK_REGISTER, outcome="denied")
        raise PermissionDenied("停机补登由各单位收发员登记。")
    sent_at = _aware(sent_at, "纸质送出时间")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ITEMS:
        raise ValidationError(f"件数应为 1 到 {MAX_ITEMS} 之间的整数。")
    ids = sorted({int(i) for i in counterpart_ids or []})
    if not ids:
        raise ValidationError("请选择对方单位。")
    if actor.department_id in ids:
        raise ValidationError("对方单位不能是本单位。")
    counterparts = list(Department.objects.filter(pk__in=ids, is_active=True))
    if len(counterparts) != len(ids):
        raise ValidationError("所选对方单位不存在。")
    with transaction.atomic():
        outage = outage_at(sent_at)
        if outage is not None:
            outage = Outage.objects.select_for_update().get(pk=outage.pk)
        if outage is None or outage.state == OS.WITHDRAWN:
            raise ValidationError(f"{_fmt(sent_at)} 不在任何已登记的系统停机时段内，不能停机补登；"
                                  "系统正常期间的公文应网上发送并纸质同步。")
        deadline = backfill_deadline(outage)
        if deadline is not None and timezone.localdate() > deadline:
            raise ValidationError(f"该次停机（{outage.window_text}）的补登期限为恢复后 {backfill_working_days()} 个工作日，"
                                  f"已于 {deadline.year}年{deadline.month}月{deadline.day}日 截止。")
        document = None
        if document_id:
            from documents.models import Document

            document = Document.objects.filter(pk=document_id, drafting_department_id=actor.department_id).first()
            if document is None:
                raise ValidationError("所选公文不存在，或不是本单位的发文。")
        item = OutagePaperItem.objects.create(outage=outage, department_id=actor.department_id, sent_at=sent_at,
                                              count=count, document=document, recorded_by=actor)
        item.counterparts.set(counterparts)
        ledger_record(actor=actor, action=TRIAL_OUTAGE_BACK_REGISTER, target=outage,
                      data={"item": item.pk, "sent_at": sent_at, "count": count, "counterparts": ids,
                            "document": document.pk if document else None})
    return item
