"""Who is told, after commit, that a document now waits for them."""

from __future__ import annotations

from documents.choices import DocumentState
from oa.core.live import notify_person_on_commit
from oa.org.choices import Role
from oa.org.models import Person

S = DocumentState

# Which roles in the drafting department act next, by state.
NEXT_ROLES = {
    S.REVIEW: (Role.OFFICE_DIRECTOR,),
    S.SIGNING: (Role.LEADER, Role.PRINCIPAL_HEAD),
    S.CHECK: (Role.OFFICE_DIRECTOR,),
    S.NUMBERING: (Role.CLERK,),
    S.SEALING: (Role.CLERK,),
    S.DISPATCH: (Role.CLERK,),
    S.DISPATCHED: (Role.CLERK,),
}


def next_actor_ids(document) -> set[int]:
    if document.state == S.COUNTERSIGN:
        return set(document.countersigns.filter(signed_at__isnull=True).values_list("person_id", flat=True))
    if document.state == S.DRAFT:
        return {document.drafter_id}
    roles = NEXT_ROLES.get(document.state)
    if not roles:
        return set()
    return set(
        Person.objects.filter(department_id=document.drafting_department_id, is_active=True, role_grants__role__in=roles)
        .values_list("id", flat=True)
    )


def notify_next_actors(document) -> None:
    for person_id in next_actor_ids(document):
        notify_person_on_commit(person_id, "todo.changed", document=document.pk, state=document.state)


def notify_receiving_clerks(department_ids) -> None:
    for person_id in Person.objects.filter(
        department_id__in=department_ids, is_active=True, role_grants__role=Role.CLERK
    ).values_list("id", flat=True):
        notify_person_on_commit(person_id, "todo.changed", reason="delivery")
