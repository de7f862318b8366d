"""Every read of notices, scoped to the person asking. Not visible = does not exist (404)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from notices.choices import Audience, NoticeState
from notices.models import Notice, NoticeIndexPage, NoticeRead
from notices.permissions import APPROVING_ROLES, NOTICE_FLOW
from oa.core.pagination import OLDEST_FIRST, Page, keyset
from oa.org.choices import Role

S = NoticeState
OUT = (S.PUBLISHED, S.EXPIRED)  # the states in which the audience sees a notice


def _not_expired(now=None) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())


def audience_q(person) -> Q:
    """The notices whose audience includes `person` (whatever their state)."""
    in_departments = Notice.audience_departments.through.objects.filter(
        notice_id=OuterRef("pk"), department_id=person.department_id
    )
    named = Notice.audience_people.through.objects.filter(notice_id=OuterRef("pk"), person_id=person.pk)
    has_row = NoticeRead.objects.filter(notice_id=OuterRef("pk"), person_id=person.pk)
    return (
        Q(audience=Audience.EVERYONE)
        | (Q(audience=Audience.DEPARTMENTS) & Exists(in_departments))
        | (Q(audience=Audience.PEOPLE) & Exists(named))
        | Exists(has_row)
    )


def publisher_q(person) -> Q:
    """The notices `person` sees from the publishing side, in every state."""
    condition = Q(author_id=person.pk)
    if person.department_id and person.has_role(*APPROVING_ROLES, Role.OFFICE_DIRECTOR):
        condition |= Q(publisher_department_id=person.department_id)
    return condition


def notices_visible_to(person):
    if not person.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(publisher_q(person) | (Q(state__in=OUT) & audience_q(person)))


def in_audience(person, notice) -> bool:
    return Notice.objects.filter(pk=notice.pk).filter(audience_q(person)).exists()


def notice_for(person, notice_id, *, for_update: bool = False) -> Notice:
    notices = notices_visible_to(person)
    if for_update:
        return get_object_or_404(notices.select_for_update(of=("self",)), pk=notice_id)
    shown = notices.select_related("author", "approver", "publisher_department").prefetch_related(
        "attachments", "audience_departments", Prefetch("audience_people", queryset=_people_with_department()),
    )
    return get_object_or_404(shown, pk=notice_id)


def _people_with_department():
    from oa.org.models import Person

    return Person.objects.select_related("department")


def my_read(person, notice) -> NoticeRead | None:
    if not person.is_authenticated:
        return None
    return NoticeRead.objects.filter(notice=notice, person=person).first()


# --- lists ------------------------------------------------------------------------------------

BOARD_ORDER = ("-pinned", "-published_at", "-id")


def _board(person, now=None):
    read = NoticeRead.objects.filter(notice_id=OuterRef("pk"), person_id=person.pk, opened_at__isnull=False)
    return (
        notices_visible_to(person).filter(state=S.PUBLISHED).filter(_not_expired(now))
        .select_related("publisher_department").annotate(is_read=Exists(read))
    )


def notice_board(person, *, before=None, size: int = 30) -> Page:
    """Published notices for `person`, pinned first, newest first, each with `is_read`.
    A fixed number of queries whatever the data (one)."""
    if not person.is_authenticated:
        return Page([])
    return keyset(_board(person), before=before, size=size, order=BOARD_ORDER)


def notices_published_by(person, *, state: str = "", before=None, size: int = 30) -> Page:
    """The publishing side's notices, every state, newest first (keyset on id)."""
    if not person.is_authenticated:
        return Page([])
    rows = Notice.objects.filter(publisher_q(person)).select_related("author", "publisher_department")
    if state in S.values:
        rows = rows.filter(state=state)
    return keyset(rows, before=before, size=size)


def pending_queryset(person):
    """Notices waiting for this person's approval (None: none can): the list and the badge's count."""
    waiting = NOTICE_FLOW.waiting_in(person, S.PENDING) if person.is_authenticated else None
    return None if waiting is None else Notice.objects.filter(waiting)


def returned_queryset(person):
    """Their own drafts, returned to them (None: none can be)."""
    waiting = NOTICE_FLOW.waiting_in(person, S.DRAFT) if person.is_authenticated else None
    return None if waiting is None else Notice.objects.filter(waiting)


def notices_pending_for(person, *, limit: int = 100) -> list[Notice]:
    """Waiting for this person's approval: pending in their department, not drafted by them."""
    pending = pending_queryset(person)
    if pending is None:
        return []
    return list(
        pending
        .select_related("author", "publisher_department").order_by("-submitted_at", "-id")[:limit]
    )


def notices_returned_to(person, *, limit: int = 100) -> list[Notice]:
    """Their own drafts, returned to them."""
    returned = returned_queryset(person)
    if returned is None:
        return []
    return list(returned
                .select_related("publisher_department").order_by("-id")[:limit])


def unread_for(person, *, limit: int = 100) -> list[NoticeRead]:
    """Notices waiting for this person: not yet opened, or (when asked for) not yet confirmed."""
    if not person.is_authenticated:
        return []
    return list(unread_queryset(person).select_related("notice").order_by("-id")[:limit])


def unread_queryset(person):
    """The NoticeRead rows of notices waiting for this person (the list and the badge's count)."""
    return (
        NoticeRead.objects.filter(person=person, notice__state=S.PUBLISHED)
        .filter(Q(opened_at__isnull=True) | Q(notice__requires_receipt=True, confirmed_at__isnull=True))
        .filter(Q(notice__expires_at__isnull=True) | Q(notice__expires_at__gt=timezone.now()))
    )


# --- read status for the publisher ---------------------------------------------------------------

READ_FILTERS = {"": "全部", "unread": "未阅", "read": "已阅", "unconfirmed": "未回执"}


def read_summary(notice) -> list[dict]:
    """Per department: how many should read, have read, have confirmed (bounded by the audience)."""
    rows = list(
        NoticeRead.objects.filter(notice=notice)
        .values("department_id", "department__name", "department__sort_order")
        .annotate(total=Count("id"), read=Count("opened_at"), confirmed=Count("confirmed_at"))
        .order_by("department__sort_order", "department_id")
    )
    for row in rows:
        row["unread"] = row["total"] - row["read"]
    return rows


def read_rows(notice, *, department_id: int | None = None, which: str = "", before=None, size: int | None = 200):
    """Per person, in department order (rows are made in that order at publication): keyset on id,
    oldest first — so here the cursor `before` is the last id shown, and the next page the ids above it."""
    rows = NoticeRead.objects.filter(notice=notice).select_related("person", "department")
    if department_id:
        rows = rows.filter(department_id=department_id)
    if which == "unread":
        rows = rows.filter(opened_at__isnull=True)
    elif which == "read":
        rows = rows.filter(opened_at__isnull=False)
    elif which == "unconfirmed":
        rows = rows.filter(confirmed_at__isnull=True)
    if size is None:
        return rows.order_by("id").iterator(chunk_size=1000)
    return keyset(rows, before=before, size=size, order=OLDEST_FIRST)


# --- the portal --------------------------------------------------------------------------------

def notice_index_page() -> NoticeIndexPage | None:
    return NoticeIndexPage.objects.live().first()


_LOOK_UP = object()


def notice_url(notice_id: int, index=_LOOK_UP) -> str:
    """The notice's own page on the portal, or the plain page when the portal has no notice column.
    Pass the index page (or None for "there is none") when building many links."""
    from django.urls import reverse

    if index is _LOOK_UP:
        index = notice_index_page()
    if index is not None and index.url:
        return index.notice_url(notice_id)
    return reverse("notice-detail", args=[notice_id])
