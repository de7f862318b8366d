"""The receiving side's steps (收文) and the one path they share (`_run`, `_finish`): sign for, return,
resend, register, hand back, 协办, ask for and grant an extension, finish, archive. 初审 and 转办 are in
sorting.py, 拟办 and the leaders' 批示 in leaders.py, 传阅 and 催办 in circulation.py."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.incoming.deadlines import MAX_EXTENSION_DAYS, due_date
from documents.incoming.permissions import ACTION_LABELS, DELIVERY_FLOW, LEADER, SENDING_CLERK, may_deliver
from documents.incoming.selectors import delivery_for
from documents.models import Delivery, DeliveryStep
from documents.services.notify import delivery_title_for
from documents.services.numbering import number_next
from documents.services.steps import apply_transition, run_step, save_changed
from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.calendar import working_days_between
from oa.core.live import notify_person_on_commit
from oa.core.text import refuse_control_characters, required_text
from oa.uploads.gate import text_check, text_marked


def initial_due_date(*, sent_at, urgency: str, instructed_due: date | None = None, paused_days: int = 0,
                     extension_days: int = 0) -> date:
    return due_date(sent_at=sent_at, urgency=urgency, instructed_due=instructed_due,
                    paused_working_days=paused_days, extension_days=extension_days)


def recompute_due(delivery: Delivery) -> None:
    # A leader's date is chosen after any return happened, so returned days do not push it back.
    delivery.due_date = initial_due_date(
        sent_at=delivery.sent_at, urgency=delivery.urgency, instructed_due=delivery.instructed_due,
        paused_days=0 if delivery.instructed_due else delivery.paused_days, extension_days=delivery.extension_days,
    )


def _finish(delivery: Delivery, *, actor, action: str, text: str = "", data=None) -> None:
    save_changed(delivery)
    DeliveryStep.objects.create(delivery=delivery, action=ACTION_LABELS[action], actor=actor, actor_name=actor.name,
                                text=text[:500], at=timezone.now())
    ledger_record(actor=actor, action=step_code("delivery", action), target=delivery,
                  data={"state": delivery.state, "text": text, **(data or {})})
    after = delivery_title_for(delivery.pk, actor.pk)  # the pop-up's words, for those who may see it
    for person_id in DELIVERY_FLOW.waiting_ids(delivery):
        notify_person_on_commit(person_id, "todo.changed", after=after, delivery=delivery.pk, state=delivery.state)


class _MarkedText(Exception):
    """What the person typed carries a 密级 marking: raised inside the step, after its permission check, so
    that the step's transaction rolls back; the gate then records the refusal in a transaction of its own."""


def _run(actor, delivery_id: int, action: str, body, *, typed: dict[str, str] | None = None):
    """The step through oa.core.steps. `typed` ({"批示": text, …}) is what the person wrote: once the step is
    theirs to take (404/409/403 first, as for uploads), it passes the classification gate like every title
    and body — a marked 批示 is refused, recorded and ledgered, and nothing moves."""
    fields = {label: value for label, value in (typed or {}).items() if value}
    refuse_control_characters({"text": " ".join(fields.values())}, {"text": "、".join(fields) or "所填内容"})

    def screened(delivery):
        if fields and text_marked(fields):
            raise _MarkedText
        body(delivery)

    try:
        return run_step(
            actor=actor, locate=lambda: delivery_for(actor, delivery_id, for_update=True),
            allowed=lambda delivery: may_deliver(actor, action, delivery), states=DELIVERY_FLOW.states_for(action),
            label=ACTION_LABELS[action], ledger_action=step_code("delivery", action), body=screened,
        )
    except _MarkedText:
        text_check(actor=actor, fields=fields, purpose=f"收文{ACTION_LABELS[action]}")  # records and refuses
        raise ValidationError("所填内容未通过密级检查。") from None


def _text(value: str, what: str) -> str:
    return required_text(value, what, 500, field="text", cut=True)


# --- the steps ---------------------------------------------------------------------------------

def delivery_sign_for(*, actor, delivery_id: int, text: str = "") -> Delivery:
    def body(delivery):
        apply_transition(delivery, "sign_for", by=actor, at=timezone.now())
        _finish(delivery, actor=actor, action="sign_for", text=text)

    return _run(actor, delivery_id, "sign_for", body, typed={"签收说明": text})


def delivery_return(*, actor, delivery_id: int, text: str) -> Delivery:
    """Incomplete or non-conforming: back to the sender with the reason, which the sender sees."""
    reason = _text(text, "退回原因")

    def body(delivery):
        apply_transition(delivery, "return_to_sender", reason=reason, at=timezone.now())
        _finish(delivery, actor=actor, action="return", text=reason)

    return _run(actor, delivery_id, "return", body, typed={"退回原因": reason})


def delivery_resend(*, actor, delivery_id: int, text: str = "") -> Delivery:
    """The sender corrected it; the receiving clock resumes (returned working days do not count)."""
    def body(delivery):
        paused = max(0, working_days_between(timezone.localdate(delivery.returned_at), timezone.localdate()))
        apply_transition(delivery, "resend", paused_days=paused)
        recompute_due(delivery)
        _finish(delivery, actor=actor, action="resend", text=text, data={"paused_days": paused})

    return _run(actor, delivery_id, "resend", body, typed={"重新发送说明": text})


def delivery_register(*, actor, delivery_id: int, text: str = "") -> Delivery:
    def body(delivery):
        year = timezone.localdate().year
        seq = number_next(code=f"收文:{delivery.department_id}", year=year)
        apply_transition(delivery, "register", year=year, seq=seq)
        _finish(delivery, actor=actor, action="register", text=text, data={"number": f"{year}-{seq}"})

    return _run(actor, delivery_id, "register", body, typed={"登记说明": text})


def delivery_hand_back(*, actor, delivery_id: int, text: str) -> Delivery:
    """The 主办 finds it is not theirs (or not this way): back to the office for a new 拟办; the 协办 who
    have not given theirs are released."""
    reason = _text(text, "退回原因")

    def body(delivery):
        delivery.assists.filter(done_at__isnull=True).delete()
        apply_transition(delivery, "hand_back")
        _finish(delivery, actor=actor, action="hand_back", text=reason)

    return _run(actor, delivery_id, "hand_back", body, typed={"退回原因": reason})


def delivery_request_extension(*, actor, delivery_id: int, text: str, days: int) -> Delivery:
    reason = _text(text, "延期理由")

    def body(delivery):
        if not 1 <= days <= MAX_EXTENSION_DAYS - delivery.extension_days:
            raise ValidationError({"days": f"延期须为 1 至 {MAX_EXTENSION_DAYS - delivery.extension_days} 个工作日（累计不超过 {MAX_EXTENSION_DAYS} 个）。"})
        _finish(delivery, actor=actor, action="request_extension", text=f"{reason}（申请延期 {days} 个工作日）",
                data={"days": days})
        for person_id in LEADER.person_ids(delivery):  # who may grant it
            notify_person_on_commit(person_id, "todo.changed", delivery=delivery.pk, reason="extension")

    return _run(actor, delivery_id, "request_extension", body, typed={"延期理由": reason})


def delivery_extend(*, actor, delivery_id: int, days: int, text: str = "") -> Delivery:
    def body(delivery):
        if not 1 <= days <= MAX_EXTENSION_DAYS - delivery.extension_days:
            raise ValidationError({"days": f"累计延期不能超过 {MAX_EXTENSION_DAYS} 个工作日。"})
        delivery.extension_days += days
        recompute_due(delivery)
        _finish(delivery, actor=actor, action="extend", text=text or f"同意延期 {days} 个工作日", data={"days": days})

    return _run(actor, delivery_id, "extend", body, typed={"延期说明": text})


def delivery_assist(*, actor, delivery_id: int, text: str) -> Delivery:
    """协办: the 协办人 gives their part; the 主办 closes the delivery once all have."""
    result = _text(text, "协办意见")

    def body(delivery):
        assist = delivery.assists.select_for_update().get(person=actor, lead=False, done_at__isnull=True)
        assist.result, assist.done_at = result, timezone.now()
        assist.save(update_fields=["result", "done_at"])
        _finish(delivery, actor=actor, action="assist", text=result)
        if delivery.assignee_id:
            notify_person_on_commit(delivery.assignee_id, "todo.changed", delivery=delivery.pk, reason="assist")

    return _run(actor, delivery_id, "assist", body, typed={"协办意见": result})


def delivery_complete(*, actor, delivery_id: int, text: str, reply: str = "") -> Delivery:
    """办结 by the 主办, with the 办理结果 — once every 协办人 has given theirs."""
    result = _text(text, "办理结果")

    def body(delivery):
        waiting = [a.person.name for a in delivery.assists.filter(lead=False, done_at__isnull=True).select_related("person")]
        if waiting:
            raise ValidationError({"text": f"协办人尚未反馈：{'、'.join(waiting)}。请待协办意见齐全后再办结。"})
        if delivery.reply_requested and not reply.strip():
            raise ValidationError({"reply": "来文要求答复，请填写答复内容。"})
        apply_transition(delivery, "complete", result=result, reply=reply.strip(), at=timezone.now())
        delivery.assists.filter(lead=True, done_at__isnull=True).update(result=result[:500], done_at=delivery.done_at)
        _finish(delivery, actor=actor, action="complete", text=result, data={"replied": bool(reply.strip())})
        if reply.strip() and delivery.document_id:
            for person_id in SENDING_CLERK.person_ids(delivery):
                notify_person_on_commit(person_id, "todo.changed", delivery=delivery.pk, reason="reply")

    return _run(actor, delivery_id, "complete", body, typed={"办理结果": result, "答复": reply})


def delivery_archive(*, actor, delivery_id: int, text: str = "", filing: dict | None = None) -> Delivery:
    """归档: the transition, then the apps that file the 件 (documents.hooks), in the same transaction."""
    from documents import hooks

    def body(delivery):
        apply_transition(delivery, "archive")
        _finish(delivery, actor=actor, action="archive", text=text)
        hooks.archived(actor=actor, delivery=delivery, filing=filing)

    return _run(actor, delivery_id, "archive", body, typed={"归档说明": text})
