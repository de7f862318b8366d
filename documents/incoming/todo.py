"""What waits for a person on the receiving side (收文): the 待办 providers for deliveries and
for circulated deliveries waiting to be read (待阅)."""

from __future__ import annotations

from django.urls import reverse

from documents.incoming.models import Delivery, Reading
from documents.incoming.selectors import InboxFilter, waiting_branches, waiting_ids
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource


def deliveries_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="deliveries", label="收文待办", count=0)
    ids = waiting_ids(person, InboxFilter(), limit=BADGE_CAP + 1)
    rows = list(Delivery.objects.filter(pk__in=ids[:limit]).order_by("-id")) if limit else []
    items = [
        TodoItem(title=f"【{d.get_state_display()}】{d.title}（{d.sender_name}）", url=reverse("delivery-detail", args=[d.pk]),
                 kind="delivery", waiting_since=d.sent_at, urgency=d.urgency)
        for d in rows[:limit]
    ]
    return TodoSource(kind="deliveries", label="收文待办", count=len(ids), items=items)


def deliveries_counter(person) -> list:
    return [("delivery", branch) for branch in waiting_branches(person, InboxFilter())]


def _unread_readings(person):
    return Reading.objects.filter(reader=person, read_at__isnull=True, recalled=False)


def readings_counter(person) -> list:
    return [("reading", _unread_readings(person))]


def readings_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="readings", label="传阅待阅", count=0)
    rows = list(
        _unread_readings(person)
        .select_related("circulation__delivery").order_by("-id")[: max(limit, BADGE_CAP + 1)]
    )
    items = [
        TodoItem(title=r.circulation.delivery.title, url=reverse("delivery-detail", args=[r.circulation.delivery_id]),
                 kind="reading", waiting_since=r.circulation.created_at, urgency=r.circulation.delivery.urgency)
        for r in rows[:limit]
    ]
    return TodoSource(kind="readings", label="传阅待阅", count=len(rows), items=items)
