"""What waits for a person on the receiving side (收文): the 待办 providers for deliveries and
for circulated deliveries waiting to be read (待阅)."""

from __future__ import annotations

from django.urls import reverse

from documents.incoming.models import Delivery, DeliveryState, Reading
from documents.incoming.selectors import InboxFilter, waiting_branches, waiting_ids
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource


def deliveries_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="deliveries", label="收文待办", count=0)
    ids = waiting_ids(person, InboxFilter(), limit=BADGE_CAP + 1)
    return _deliveries(ids[:limit], count=len(ids))


def deliveries_listed(person, found: dict, limit: int) -> TodoSource:
    """deliveries_source from the ids oa.core.todo found for every provider at once."""
    return _deliveries(found.get("delivery", [])[:limit], count=0)


# What an item of the list says it waits for, where the state's own name would mislead: a closed (已办结) 收文 on
# the 待办 is there for its 档案员's 归档 (documents/incoming/permissions.py names who; oa.archives files it).
WAITS_FOR = {DeliveryState.DONE: "待归档"}


def _deliveries(ids: list, count: int) -> TodoSource:
    rows = Delivery.objects.filter(pk__in=ids).order_by("-id") if ids else []
    items = [
        TodoItem(title=f"【{WAITS_FOR.get(d.state, d.get_state_display())}】{d.title}（{d.sender_name}）", url=reverse("delivery-detail", args=[d.pk]),
                 kind="delivery", waiting_since=d.sent_at, urgency=d.urgency)
        for d in rows
    ]
    return TodoSource(kind="deliveries", label="收文待办", count=count, items=items)


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
    return _readings(rows[:limit], count=len(rows))


def readings_listed(person, found: dict, limit: int) -> TodoSource:
    """readings_source from the ids oa.core.todo found for every provider at once."""
    ids = found.get("reading", [])[:limit]
    rows = Reading.objects.filter(pk__in=ids).select_related("circulation__delivery").order_by("-id") if ids else []
    return _readings(rows, count=0)


def _readings(rows, count: int) -> TodoSource:
    items = [
        TodoItem(title=r.circulation.delivery.title, url=reverse("delivery-detail", args=[r.circulation.delivery_id]),
                 kind="reading", waiting_since=r.circulation.created_at, urgency=r.circulation.delivery.urgency)
        for r in rows
    ]
    return TodoSource(kind="readings", label="传阅待阅", count=count, items=items)
