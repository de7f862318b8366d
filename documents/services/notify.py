"""Who is told, after commit, that a document now waits for them."""

from __future__ import annotations

from documents.permissions import DOCUMENT_FLOW
from oa.core.live import notify_person_on_commit
from oa.org.choices import Role
from oa.org.models import Person


def next_actor_ids(document) -> set[int]:
    return DOCUMENT_FLOW.waiting_ids(document)


def notify_next_actors(document) -> None:
    for person_id in next_actor_ids(document):
        notify_person_on_commit(person_id, "todo.changed", document=document.pk, state=document.state)


def notify_receiving_clerks(department_ids) -> None:
    for person_id in Person.objects.filter(
        department_id__in=department_ids, is_active=True, role_grants__role=Role.CLERK
    ).values_list("id", flat=True):
        notify_person_on_commit(person_id, "todo.changed", reason="delivery")
