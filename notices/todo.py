"""What waits for a person on the notices side: the 待办 providers.

- 通知待阅: published notices they have not opened (or, when a 回执 is asked for, not confirmed);
- 通知公告待办: notices waiting for their approval, and their own drafts returned to them.
"""

from __future__ import annotations

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
    return [("notice", qs) for qs in (pending_queryset(person), returned_queryset(person)) if qs is not None]


def unread_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="notices-unread", label="通知待阅", count=0)
    rows = unread_for(person, limit=max(limit, BADGE_CAP + 1))
    index = notice_index_page() if limit and rows else None  # one look-up for all the links
    items = [
        TodoItem(title=f"【{'待回执' if r.opened_at else '未读'}】{r.notice.title}", url=notice_url(r.notice_id, index),
                 kind="notice", waiting_since=r.notice.published_at)
        for r in rows[:limit]
    ]
    return TodoSource(kind="notices-unread", label="通知待阅", count=len(rows), items=items)


def work_source(person, limit: int = 20) -> TodoSource:
    from django.urls import reverse

    if not person.is_authenticated:
        return TodoSource(kind="notices", label="通知公告待办", count=0)
    cap = max(limit, BADGE_CAP + 1)
    pending = notices_pending_for(person, limit=cap)
    returned = notices_returned_to(person, limit=cap)
    items = [
        TodoItem(title=f"【待审核】{n.title}（{n.author.name}）", url=reverse("notice-detail", args=[n.pk]),
                 kind="notice-approval", waiting_since=n.submitted_at)
        for n in pending
    ] + [
        TodoItem(title=f"【已退回】{n.title}", url=reverse("notice-detail", args=[n.pk]), kind="notice-returned",
                 waiting_since=n.updated_at)
        for n in returned
    ]
    return TodoSource(kind="notices", label="通知公告待办", count=len(items), items=items[:limit])
