"""What waits for a person on the outgoing side (发文): the 待办 provider for documents."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from documents.choices import DocumentState
from documents.models import Document
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource
from oa.org.choices import Role

S = DocumentState


def _waiting_parts(person) -> list[Q]:
    """Outgoing documents waiting for the person, one indexed condition each. Each department
    condition names a single state, so that the (drafting_department, state, -id) index gives the
    newest rows in order and the LIMIT stops early (an IN over states would sort them all)."""
    department = person.department_id
    parts = [Q(state=S.COUNTERSIGN, countersigns__person=person, countersigns__signed_at__isnull=True),
             Q(drafter=person, state=S.DRAFT) & ~Q(return_reason="")]
    states = []
    if person.has_role(Role.OFFICE_DIRECTOR):
        states += [S.REVIEW, S.CHECK]
    if person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD):
        states += [S.SIGNING]
    if person.has_role(Role.CLERK):
        states += [S.NUMBERING, S.SEALING, S.DISPATCH]
    return parts + [Q(drafting_department_id=department, state=state) for state in states]


def documents_waiting_for(person, limit: int = 20):
    """Newest first; one short query per condition, merged (an OR of them defeats the indexes)."""
    if not person.is_authenticated:
        return []
    ids: set[int] = set()
    for part in _waiting_parts(person):
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
