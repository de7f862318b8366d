"""What every ticket step shares: the thread entry, the ledger entry and the live hints."""

from __future__ import annotations

from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.feedback.choices import EntryKind
from oa.feedback.models import TicketEntry
from oa.feedback.permissions import ACTION_LABELS, HANDLER


def handler_ids() -> set[int]:
    """Everyone in the information center: they all watch the queue."""
    return HANDLER.person_ids(None)


def reporter_side_ids(ticket) -> set[int]:
    return {pk for pk in (ticket.reporter_id, ticket.reported_by_id) if pk}


def notify(ticket, *, everyone_handling: bool = False, todo: bool = True) -> None:
    """Live hints after commit: the reporter's side always; the assignee; the whole information center
    when the queue changed (a new ticket, or one leaving 已提交)."""
    people = reporter_side_ids(ticket)
    if ticket.assignee_id:
        people.add(ticket.assignee_id)
    if everyone_handling:
        people |= handler_ids()
    for person_id in people:
        notify_person_on_commit(person_id, "ticket.changed", ticket=ticket.pk, state=ticket.state)
        if todo:
            notify_person_on_commit(person_id, "todo.changed", ticket=ticket.pk, state=ticket.state)


def record(ticket, *, actor, action: str, text: str = "", from_state: str = "", data=None, kind=EntryKind.STEP,
           at=None) -> TicketEntry:
    """The thread entry and the ledger entry of one step (inside the step's transaction)."""
    entry = TicketEntry.objects.create(
        ticket=ticket, kind=kind, action=ACTION_LABELS.get(action, action) if kind == EntryKind.STEP else "",
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_name=getattr(actor, "name", "") or ("系统" if actor is None else ""), text=text[:2000],
        at=at or timezone.now(),
    )
    payload = {"from": from_state, "to": ticket.state, **(data or {})} if kind == EntryKind.STEP else (data or {})
    ledger_record(actor=actor, action=step_code("ticket", action), target=ticket, department=ticket.department_id, data=payload)
    return entry
