"""What waits for a person on the feedback side (待办):

- 问题反馈待受理: for the information center, tickets nobody has accepted yet (most severe, oldest first);
- 问题反馈待确认: for a reporter (or whoever filed it for them), tickets resolved and waiting for 确认.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from oa.core.todo import BADGE_CAP, TodoItem, TodoSource
from oa.feedback.choices import TicketState
from oa.feedback.models import Ticket
from oa.feedback.permissions import TICKET_FLOW
from oa.feedback.selectors import awaiting_confirmation, untaken


def _waiting(person, state):
    return TICKET_FLOW.waiting_in(person, state) if person.is_authenticated else None


def untaken_counter(person) -> list:
    waiting = _waiting(person, TicketState.SUBMITTED)
    return [] if waiting is None else [("ticket", Ticket.objects.filter(waiting))]


def confirm_counter(person) -> list:
    waiting = _waiting(person, TicketState.RESOLVED)
    return [] if waiting is None else [("ticket", Ticket.objects.filter(waiting))]


def untaken_source(person, limit: int = 20) -> TodoSource:
    waiting = _waiting(person, TicketState.SUBMITTED)
    if waiting is None:
        return TodoSource(kind="tickets-untaken", label="问题反馈待受理", count=0)
    rows = untaken(waiting, limit=max(limit, BADGE_CAP + 1))
    return _untaken(rows[:limit], count=len(rows))


def untaken_listed(person, found: dict, limit: int) -> TodoSource:
    """untaken_source from the ids oa.core.todo found for every provider at once (the same order)."""
    ids = found.get("ticket", [])
    return _untaken(untaken(Q(pk__in=ids), limit=limit) if ids and limit else [], count=0)


def _untaken(rows, count: int) -> TodoSource:
    items = [
        TodoItem(title=f"【{t.get_severity_display()}】{t.get_category_display()} · {t.summary}（{t.department.short_name}）",
                 url=reverse("ticket-detail", args=[t.pk]), kind="ticket", waiting_since=t.created_at,
                 urgency=t.severity)
        for t in rows
    ]
    return TodoSource(kind="tickets-untaken", label="问题反馈待受理", count=count, items=items)


def confirm_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="tickets-confirm", label="问题反馈待确认", count=0)
    rows = awaiting_confirmation(person, limit=max(limit, BADGE_CAP + 1))
    return _confirm(rows[:limit], count=len(rows))


def confirm_listed(person, found: dict, limit: int) -> TodoSource:
    """confirm_source from the ids oa.core.todo found for every provider at once."""
    ids = found.get("ticket", [])[:limit]
    return _confirm(Ticket.objects.filter(pk__in=ids).order_by("-id") if ids else [], count=0)


def _confirm(rows, count: int) -> TodoSource:
    items = [
        TodoItem(title=f"【已解决，请确认】{t.summary}", url=reverse("ticket-detail", args=[t.pk]), kind="ticket-confirm",
                 waiting_since=t.resolved_at)
        for t in rows
    ]
    return TodoSource(kind="tickets-confirm", label="问题反馈待确认", count=count, items=items)
