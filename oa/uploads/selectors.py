"""Every read of upload records, scoped to the person asking."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from oa.core.pagination import Page, keyset
from oa.org.choices import Role
from oa.org.models import Person
from oa.uploads.choices import Verdict
from oa.uploads.models import UploadRecord
from oa.uploads.permissions import can_see_record, can_see_review_queue


def records_visible_to(person) -> QuerySet[UploadRecord]:
    records = UploadRecord.objects.select_related("person", "department", "reviewed_by")
    if not person.is_authenticated:
        return records.none()
    if person.has_role(Role.INFO_CENTER):
        return records
    scope = Q(person=person)
    if person.has_role(Role.SECURITY_OFFICER) and person.department_id:
        scope |= Q(department_id=person.department_id)
    return records.filter(scope)


def record_for(person, record_id: int, *, for_update: bool = False) -> UploadRecord:
    """The record, or 404 — "can't see it" and "doesn't exist" look the same."""
    records = UploadRecord.objects.select_for_update() if for_update else UploadRecord.objects.all()
    record = records.filter(pk=record_id).first()
    if record is None or not can_see_record(person, record):
        raise Http404
    return record


def held_records(person) -> QuerySet[UploadRecord]:
    """Held uploads waiting for a decision: the department's for its security officer, every one for
    the information center, none for anyone else."""
    if not can_see_review_queue(person):
        return UploadRecord.objects.none()
    records = records_visible_to(person).filter(verdict=Verdict.REVIEW, reviewed_at__isnull=True)
    if not person.has_role(Role.INFO_CENTER):
        records = records.filter(department_id=person.department_id)
    return records


def review_queue(person, *, before=None, size: int = 50) -> Page:
    """The held uploads, newest first (keyset by id)."""
    return keyset(held_records(person), before=before, size=size)


def recent_decisions(person, *, days: int = 30, limit: int = 50) -> list[UploadRecord]:
    """Refused attempts and reviewed uploads of the last `days` days (the alert history)."""
    if not person.is_authenticated or not person.has_role(Role.SECURITY_OFFICER, Role.INFO_CENTER):
        return []
    since = timezone.now() - timedelta(days=days)
    records = records_visible_to(person).filter(at__gte=since).filter(
        Q(verdict=Verdict.BLOCKED) | Q(verdict=Verdict.REVIEW, reviewed_at__isnull=False)
    )
    if not person.has_role(Role.INFO_CENTER):
        records = records.filter(department_id=person.department_id)
    return list(records.order_by("-id")[:limit])


def pending_count(person, cap: int = 100) -> int:
    if not person.is_authenticated or not person.has_role(Role.SECURITY_OFFICER) or not person.department_id:
        return 0
    return len(UploadRecord.objects.filter(
        department_id=person.department_id, verdict=Verdict.REVIEW, reviewed_at__isnull=True
    ).exclude(person=person).values_list("id", flat=True)[:cap])


def blocked_since(person, since) -> int:
    return UploadRecord.objects.filter(person=person, verdict=Verdict.BLOCKED, at__gte=since).count()


def previous_decision(*, sha256: str, department_id: int | None) -> UploadRecord | None:
    """The latest review decision on exactly these bytes in this department, if any."""
    if not sha256:
        return None
    return (
        UploadRecord.objects.filter(sha256=sha256, department_id=department_id, verdict=Verdict.REVIEW,
                                    reviewed_at__isnull=False)
        .order_by("-reviewed_at").first()
    )


def security_officers_of(department_id: int | None) -> list[int]:
    if department_id is None:
        return []
    return list(Person.objects.filter(department_id=department_id, is_active=True,
                                      role_grants__role=Role.SECURITY_OFFICER).values_list("id", flat=True).distinct())


def info_center_people() -> list[int]:
    return list(Person.objects.filter(is_active=True, role_grants__role=Role.INFO_CENTER).values_list("id", flat=True).distinct())
