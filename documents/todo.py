"""What waits for a person on the documents side: the 待办 providers for outgoing documents
and for deliveries waiting to be signed for."""

from __future__ import annotations

from django.urls import reverse

from documents.models import Delivery, Document, Reading
from documents.permissions import DOCUMENT_FLOW
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource


def documents_waiting_for(person, limit: int = 20):
    """Newest first; one short query per condition, merged (an OR of them defeats the indexes)."""
    if not person.is_authenticated:
        return []
    ids: set[int] = set()
    for part in DOCUMENT_FLOW.waiting_parts(person):
        ids.update(Document.objects.filter(part).order_by("-id").values_list("id", flat=True)[:limit])
    ids = sorted(ids, reverse=True)[:limit]
    return list(Document.objects.filter(pk__in=ids).select_related("drafter", "drafting_department").order_by("-id"))


def outgoing_source(person, limit: int = 20) -> TodoSource:
    rows = documents_waiting_for(person, limit=max(limit, BADGE_CAP + 1))
    items = [
        TodoItem(title=f"【{d.get_state_display()}】{d.title}", url=reverse("document-detail", args=[d.pk]),
                 kind="document", waiting_since=d.updated_at, urgency=d.urgency)
        for d in rows[:limit]
    ]
    return TodoSource(kind="documents", label="发文待办", count=len(rows), items=items)


def deliveries_source(person, limit: int = 20) -> TodoSource:
    from documents.delivery_selectors import InboxFilter, waiting_ids

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


def readings_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="readings", label="待阅", count=0)
    rows = list(
        Reading.objects.filter(reader=person, read_at__isnull=True, recalled=False)
        .select_related("circulation__delivery").order_by("-id")[: max(limit, BADGE_CAP + 1)]
    )
    items = [
        TodoItem(title=r.circulation.delivery.title, url=reverse("delivery-detail", args=[r.circulation.delivery_id]),
                 kind="reading", waiting_since=r.circulation.created_at)
        for r in rows[:limit]
    ]
    return TodoSource(kind="readings", label="待阅", count=len(rows), items=items)
