"""Moving a ticket through its state graph with the project's one step runner (oa.core.steps): lock
the visible row (404), check the state (409) and the person (403, ledgered), take the @transition,
save, write the thread and the ledger, and queue the live hints for after commit."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oa.audit.actions import step_code
from oa.calendar import working_days_between
from oa.core import steps
from oa.feedback.choices import EntryKind, TicketState
from oa.feedback.models import Ticket
from oa.feedback.permissions import ACTION_LABELS, HANDLER_ROLES, TICKET_FLOW, TRANSITIONS, may
from oa.feedback.selectors import ticket_for
from oa.feedback.services.common import notify, record
from oa.feedback.services.errors import Conflict
from oa.org.models import Person
from oa.uploads.gate import text_check

S = TicketState
run_step = partial(steps.run_step, conflict=Conflict)
apply_transition = partial(steps.apply_transition, conflict=Conflict)


def _run(actor, ticket_id: int, action: str, body) -> Ticket:
    return run_step(
        actor=actor, locate=lambda: ticket_for(actor, ticket_id, for_update=True),
        allowed=lambda ticket: may(actor, action, ticket), states=TICKET_FLOW.states_for(action),
        label=ACTION_LABELS[action], ledger_action=step_code("ticket", action), body=body,
    )


def _text(value: str, what: str, *, required: bool, actor) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({"text": f"请填写{what}。"})
    if len(value) > 2000:
        raise ValidationError({"text": f"{what}不能超过 2000 字。"})
    if value:
        text_check(actor=actor, purpose="问题反馈", fields={what: value})
    return value


def _handler(assignee_id) -> Person:
    person = Person.objects.filter(pk=assignee_id, is_active=True, role_grants__role__in=HANDLER_ROLES).first() \
        if assignee_id else None
    if person is None:
        raise ValidationError({"assignee": "处理人须是信息中心在职人员。"})
    return person


def _step(ticket, *, actor, action: str, text: str = "", data=None, queue_changed: bool = False, **kwargs) -> None:
    from_state = ticket.state
    now = kwargs.pop("at", None) or timezone.now()
    apply_transition(ticket, _METHOD.get(action, action), at=now, **kwargs)
    steps.save_changed(ticket)
    record(ticket, actor=actor, action=action, text=text, from_state=from_state, data=data, at=now)
    notify(ticket, everyone_handling=queue_changed)


_METHOD = {"auto_confirm": "confirm"}


# --- the steps ---------------------------------------------------------------------------------

def ticket_accept(*, actor, ticket_id: int, assignee_id: int | None = None, to_vendor: bool = False,
                  text: str = "") -> Ticket:
    """受理: the information center acknowledges and names who handles it — an operator of the
    information center, or the vendor (厂商, followed up by the named operator or the acceptor)."""
    note = _text(text, "受理意见", required=False, actor=actor)

    def body(ticket):
        assignee = _handler(assignee_id) if assignee_id else actor
        handler = "厂商" if to_vendor else assignee.name
        _step(ticket, actor=actor, action="accept", by=actor, assignee=assignee, to_vendor=bool(to_vendor),
              text=f"受理，交{handler}处理" + (f"：{note}" if note else "。"), queue_changed=True,
              data={"assignee": assignee.username, "to_vendor": bool(to_vendor)})

    return _run(actor, ticket_id, "accept", body)


def ticket_start(*, actor, ticket_id: int, text: str = "") -> Ticket:
    note = _text(text, "说明", required=False, actor=actor)
    return _run(actor, ticket_id, "start", lambda ticket: _step(ticket, actor=actor, action="start", text=note))


def ticket_resolve(*, actor, ticket_id: int, text: str) -> Ticket:
    resolution = _text(text, "处理结果", required=True, actor=actor)
    return _run(actor, ticket_id, "resolve", lambda ticket: _step(
        ticket, actor=actor, action="resolve", text=resolution, resolution=resolution))


def ticket_confirm(*, actor, ticket_id: int, text: str = "") -> Ticket:
    note = _text(text, "确认意见", required=False, actor=actor)
    return _run(actor, ticket_id, "confirm", lambda ticket: _step(ticket, actor=actor, action="confirm", text=note))


def ticket_reopen(*, actor, ticket_id: int, text: str) -> Ticket:
    """重新打开: the problem is back (or was not solved). The resolution clock starts again."""
    reason = _text(text, "重新打开的原因", required=True, actor=actor)
    return _run(actor, ticket_id, "reopen", lambda ticket: _step(ticket, actor=actor, action="reopen", text=reason))


def ticket_merge(*, actor, ticket_id: int, into_id: int | None, text: str = "") -> Ticket:
    """合并重复: this ticket duplicates `into_id`; it ends as 已合并 and its reporter follows the other."""
    note = _text(text, "说明", required=False, actor=actor)

    def body(ticket):
        if not into_id or int(into_id) == ticket.pk:
            raise ValidationError({"into": "请选择要合并到的另一条问题反馈。"})
        target = Ticket.objects.select_for_update().filter(pk=into_id).first()
        if target is None or target.state in (S.MERGED, S.CONFIRMED):
            raise ValidationError({"into": "只能合并到尚未确认、未被合并的问题反馈。"})
        _step(ticket, actor=actor, action="merge", into=target, queue_changed=True,
              text=f"与 {target.number} 重复，已合并" + (f"：{note}" if note else "。"), data={"into": target.pk})
        record(target, actor=actor, action="comment", kind=EntryKind.COMMENT,
               text=f"{ticket.number}（{ticket.reporter.name}，{ticket.department.name}）反映的问题与本条重复，已合并至此。",
               data={"merged": ticket.pk})
        notify(target, todo=False)

    return _run(actor, ticket_id, "merge", body)


def ticket_assign(*, actor, ticket_id: int, assignee_id: int | None, to_vendor: bool = False, text: str = "") -> Ticket:
    """改派: another operator, or to/from the vendor. Not a state change."""
    note = _text(text, "说明", required=False, actor=actor)

    def body(ticket):
        assignee = _handler(assignee_id) if assignee_id else actor
        previous = ticket.assignee_id
        ticket.assignee, ticket.to_vendor = assignee, bool(to_vendor)
        ticket.save(update_fields=["assignee", "to_vendor", "updated_at"])
        record(ticket, actor=actor, action="assign", from_state=ticket.state,
               text=f"改派{'厂商' if to_vendor else assignee.name}处理" + (f"：{note}" if note else "。"),
               data={"assignee": assignee.username, "to_vendor": bool(to_vendor), "previous": previous})
        notify(ticket)

    return _run(actor, ticket_id, "assign", body)


def ticket_comment(*, actor, ticket_id: int, text: str):
    body_text = _text(text, "留言", required=True, actor=actor)
    holder = {}

    def body(ticket):
        holder["entry"] = record(ticket, actor=actor, action="comment", kind=EntryKind.COMMENT, text=body_text,
                                 data={"length": len(body_text)})
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
        notify(ticket, todo=False)

    _run(actor, ticket_id, "comment", body)
    return holder["entry"]


def ticket_transition(*, actor, ticket_id: int, action: str, text: str = "", assignee_id=None, to_vendor=False,
                      into_id=None) -> Ticket:
    """One entry for the pages and the API: `action` is one of permissions.TRANSITIONS."""
    if action == "accept":
        return ticket_accept(actor=actor, ticket_id=ticket_id, assignee_id=assignee_id, to_vendor=to_vendor, text=text)
    if action == "start":
        return ticket_start(actor=actor, ticket_id=ticket_id, text=text)
    if action == "resolve":
        return ticket_resolve(actor=actor, ticket_id=ticket_id, text=text)
    if action == "confirm":
        return ticket_confirm(actor=actor, ticket_id=ticket_id, text=text)
    if action == "reopen":
        return ticket_reopen(actor=actor, ticket_id=ticket_id, text=text)
    if action == "merge":
        return ticket_merge(actor=actor, ticket_id=ticket_id, into_id=into_id, text=text)
    raise ValueError(f"unknown ticket action {action!r}; one of {TRANSITIONS}")


# --- automatic confirmation ----------------------------------------------------------------------

def tickets_auto_confirm(*, now=None) -> int:
    """已解决 tickets the reporter has not answered become 已确认 (actor: the system) once the
    OA_FEEDBACK_AUTO_CONFIRM_DAYS-th working day after the day of resolution has begun (resolved on a
    Thursday with 2 days: Friday is the first, Monday the second — it confirms on Monday).
    Each in its own transaction; returns how many moved."""
    from oa.feedback.sla import auto_confirm_days

    now = now or timezone.now()
    today, days = timezone.localdate(now), auto_confirm_days()

    def due(resolved_at) -> bool:
        return working_days_between(timezone.localdate(resolved_at), today) >= days

    candidates = Ticket.objects.filter(state=S.RESOLVED, resolved_at__lt=now).values_list("pk", "resolved_at")
    moved = 0
    for ticket_id in [pk for pk, resolved_at in candidates if due(resolved_at)]:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(pk=ticket_id, state=S.RESOLVED).first()
            if ticket is None or not due(ticket.resolved_at):
                continue  # confirmed or reopened meanwhile
            _step(ticket, actor=None, action="auto_confirm", automatic=True, at=now,
                  text=f"反映人 {days} 个工作日内未确认，系统自动确认。")
            moved += 1
    return moved
