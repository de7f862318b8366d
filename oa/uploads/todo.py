"""The 待办 provider: held uploads waiting for the department's security officer."""

from __future__ import annotations

from django.urls import reverse

from oa.core.todo import BADGE_CAP, TodoItem, TodoSource
from oa.org.choices import Role


def _held(person):
    """Held uploads waiting for this security officer (None: the person is none)."""
    from oa.uploads.choices import Verdict
    from oa.uploads.models import UploadRecord

    if not person.is_authenticated or not person.has_role(Role.SECURITY_OFFICER) or not person.department_id:
        return None
    return (UploadRecord.objects.filter(department_id=person.department_id, verdict=Verdict.REVIEW, reviewed_at__isnull=True)
            .exclude(person=person))


def held_uploads_counter(person) -> list:
    held = _held(person)
    return [] if held is None else [("upload", held)]


def held_uploads_source(person, limit: int = 20) -> TodoSource:
    held = _held(person)
    if held is None:
        return TodoSource(kind="uploads", label="上传审核", count=0)
    rows = list(
        held.order_by("-id").only("id", "name", "person_name", "at")[: max(limit, BADGE_CAP + 1)]
    )
    return _held_source(rows[:limit], count=len(rows))


def held_uploads_listed(person, found: dict, limit: int) -> TodoSource:
    """held_uploads_source from the ids oa.core.todo found for every provider at once."""
    from oa.uploads.models import UploadRecord

    ids = found.get("upload", [])[:limit]
    rows = UploadRecord.objects.filter(pk__in=ids).order_by("-id").only("id", "name", "person_name", "at") if ids else []
    return _held_source(rows, count=0)


def _held_source(rows, count: int) -> TodoSource:
    url = reverse("uploads-review")
    items = [TodoItem(title=f"【待审核上传】{r.name}（{r.person_name}）", url=url, kind="upload", waiting_since=r.at)
             for r in rows]
    return TodoSource(kind="uploads", label="上传审核", count=count, items=items)
