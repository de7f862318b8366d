"""Who is told, after commit, that a document now waits for them — and, for the pop-up of new work, its title
when they may see it (read after commit, never for the person who just took the step)."""

from __future__ import annotations

from django.urls import reverse

from documents.permissions import DOCUMENT_FLOW
from oa.core.live import new_work, notify_person_on_commit
from oa.org.choices import Role
from oa.org.models import Person


def next_actor_ids(document) -> set[int]:
    return DOCUMENT_FLOW.waiting_ids(document)


def _title_for(visible_to, object_id: int, url_name: str, actor_id: int | None):
    """`after` for a hint about one object: its title and link, if the person may see it and did not just act."""
    def after(person_id: int) -> dict | None:
        person = Person.objects.filter(pk=person_id, is_active=True).first()
        if person is None or person_id == actor_id:
            return None
        title = visible_to(person).filter(pk=object_id).values_list("title", flat=True).first()
        return new_work(title, reverse(url_name, args=[object_id])) if title else None

    return after


def _document_title_for(document_id: int, actor_id: int | None):
    from documents.selectors import documents_visible_to

    return _title_for(documents_visible_to, document_id, "document-detail", actor_id)


def delivery_title_for(delivery_id: int, actor_id: int | None):
    from documents.incoming.selectors import deliveries_visible_to

    return _title_for(deliveries_visible_to, delivery_id, "delivery-detail", actor_id)


def notify_next_actors(document, *, actor=None) -> None:
    after = _document_title_for(document.pk, getattr(actor, "pk", None))
    for person_id in next_actor_ids(document):
        notify_person_on_commit(person_id, "todo.changed", after=after, document=document.pk, state=document.state)


def notify_receiving_clerks(department_ids, *, deliveries=()) -> None:
    """The receiving departments' clerks: a new delivery waits for their 签收 (its title in the pop-up)."""
    by_department = {delivery.department_id: delivery.pk for delivery in deliveries}
    for person_id, department_id in Person.objects.filter(
        department_id__in=department_ids, is_active=True, role_grants__role=Role.CLERK
    ).values_list("id", "department_id"):
        delivery_id = by_department.get(department_id)
        notify_person_on_commit(person_id, "todo.changed", reason="delivery",
                                after=delivery_title_for(delivery_id, None) if delivery_id else None)
