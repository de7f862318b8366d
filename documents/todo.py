"""What waits for a person on the outgoing side (发文): the 待办 provider for documents."""

from __future__ import annotations

from django.urls import reverse

from documents.choices import DocumentState
from documents.models import Document
from documents.permissions import DOCUMENT_FLOW
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource


def waiting_parts(person) -> list:
    """One queryset per condition of DOCUMENT_FLOW that waits for the person (the list and the badge's count)."""
    return [Document.objects.filter(part) for part in DOCUMENT_FLOW.waiting_parts(person)]


def outgoing_counter(person) -> list:
    return [("document", part) for part in waiting_parts(person)]


def documents_waiting_for(person, limit: int = 20):
    """Newest first; one short query per condition, merged (an OR of them defeats the indexes)."""
    if not person.is_authenticated:
        return []
    ids: set[int] = set()
    for part in waiting_parts(person):
        ids.update(part.order_by("-id").values_list("id", flat=True)[:limit])
    ids = sorted(ids, reverse=True)[:limit]
    return list(Document.objects.filter(pk__in=ids).select_related("drafter", "drafting_department").order_by("-id"))


def outgoing_source(person, limit: int = 20) -> TodoSource:
    rows = documents_waiting_for(person, limit=max(limit, BADGE_CAP + 1))
    return _outgoing(rows[:limit], count=len(rows))


def outgoing_listed(person, found: dict, limit: int) -> TodoSource:
    """outgoing_source from the ids oa.core.todo found for every provider at once: one query for the rows."""
    ids = found.get("document", [])[:limit]
    rows = Document.objects.filter(pk__in=ids).select_related("drafter", "drafting_department").order_by("-id") if ids else []
    return _outgoing(rows, count=0)


# What an item of the list says it waits for, where the state's own name would mislead: an issued (已核发) document
# on the 待办 is there for its 档案员's 归档 (documents/permissions.py names who; oa.archives files it).
WAITS_FOR = {DocumentState.DISPATCHED: "待归档"}


def _outgoing(rows, count: int) -> TodoSource:
    items = [
        TodoItem(title=f"【{WAITS_FOR.get(d.state, d.get_state_display())}】{d.title}", url=reverse("document-detail", args=[d.pk]),
                 kind="document", waiting_since=d.updated_at, urgency=d.urgency)
        for d in rows
    ]
    return TodoSource(kind="documents", label="发文待办", count=count, items=items)
