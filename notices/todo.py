"""What waits for a person on the notices side: the 待办 providers.

- 通知待阅: published notices they have not opened (or, when a 回执 is asked for, not confirmed);
- 通知公告待办: notices waiting for their approval, and their own drafts returned to them.
"""

from __future__ import annotations

from notices.models import Notice, NoticeRead
from notices.selectors import (
    notice_index_page,
    notice_url,
    notices_pending_for,
    notices_returned_to,
    pending_queryset,
    returned_queryset,
    unread_for,
    unread_queryset,
)
from oa.core.todo import BADGE_CAP, TodoItem, TodoSource


def unread_counter(person) -> list:
    return [("notice-read", unread_queryset(person))]


def work_counter(person) -> list:
    # Pending and returned notices are in different states, so the two never share a row.
    return [(namespace, qs) for namespace, qs in (("notice-pending", pending_queryset(person)),
                                                  ("notice-returned", returned_queryset(person))) if qs is not None]


def unread_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="notices-unread", label="通知待阅", count=0)
    rows = unread_for(person, limit=max(limit, BADGE_CAP + 1))
    return _unread(rows[:limit], count=len(rows))


def unread_listed(person, found: dict, limit: int) -> TodoSource:
    """unread_source from the ids oa.core.todo found for every provider at once."""
    ids = found.get("notice-read", [])[:limit]
    return _unread(list(NoticeRead.objects.filter(pk__in=ids).select_related("notice").order_by("-id")) if ids else [], count=0)


def _unread(rows, count: int) -> TodoSource:
    index = notice_index_page() if rows else None  # one look-up for all the links
    items = [
        TodoItem(title=f"【{'待回执' if r.opened_at else '未读'}】{r.notice.title}", url=notice_url(r.notice_id, index),
                 kind="notice", waiting_since=r.notice.published_at)
        for r in rows
    ]
    return TodoSource(kind="notices-unread", label="通知待阅", count=count, items=items)


def work_source(person, limit: int = 20) -> TodoSource:

    if not person.is_authenticated:
        return TodoSource(kind="notices", label="通知公告待办", count=0)
    cap = max(limit, BADGE_CAP + 1)
    pending = notices_pending_for(person, limit=cap)
    returned = notices_returned_to(person, limit=cap)
    items = _work_items(pending, returned)
    return TodoSource(kind="notices", label="通知公告待办", count=len(items), items=items[:limit])


def work_listed(person, found: dict, limit: int) -> TodoSource:
    """work_source from the ids oa.core.todo found for every provider at once: one query for both lists."""
    pending_ids, returned_ids = found.get("notice-pending", []), found.get("notice-returned", [])
    rows = {n.pk: n for n in Notice.objects.filter(pk__in=pending_ids + returned_ids).select_related("author")} if found else {}
    pending = sorted((rows[pk] for pk in pending_ids if pk in rows), key=lambda n: (n.submitted_at is not None, n.submitted_at or 0, n.pk), reverse=True)
    items = _work_items(pending, [rows[pk] for pk in returned_ids if pk in rows])
    return TodoSource(kind="notices", label="通知公告待办", count=0, items=items[:limit])


def _work_items(pending, returned) -> list[TodoItem]:
    from django.urls import reverse

    return [
        TodoItem(title=f"【待审核】{n.title}（{n.author.name}）", url=reverse("notice-detail", args=[n.pk]),
                 kind="notice-approval", waiting_since=n.submitted_at)
        for n in pending
    ] + [
        TodoItem(title=f"【已退回】{n.title}", url=reverse("notice-detail", args=[n.pk]), kind="notice-returned",
                 waiting_since=n.updated_at)
        for n in returned
    ]
