"""Pushing hints to open browsers. The database is the truth; a push only says "look again".

Groups: `person-<id>` (every socket of a person) and `session-<hash>` (the sockets of one login
session, closed at logout), and the audiences a person belongs to (`notify_group_on_commit`): their
department, each of their roles, their department's holders of a role, and everyone. Sends happen
after commit so a page never fetches state that then rolls back.

A hint to an audience is one send whatever its size (issue 20: 200 recipients were 200 sends). It says
only that something changed — never a title or a personal word — because every member receives the same
message; the page re-fetches through its permission-checked view. Hints with personal words (the pop-up
title of new work) stay per person.
"""

import asyncio
import hashlib
import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def person_group(person_id: int) -> str:
    return f"person-{person_id}"


def session_group(session_key: str) -> str:
    return "session-" + hashlib.sha256(session_key.encode()).hexdigest()[:32]


EVERYONE = "everyone"


def department_audience(department_id: int) -> str:
    return f"department:{department_id}"


def role_audience(role: str, department_id: int | None = None) -> str:
    """`role:<code>` (every holder of the role), or `department:<id>:role:<code>` (those of one department)."""
    return f"role:{role}" if department_id is None else f"department:{department_id}:role:{role}"


def audience_group(audience: str) -> str:
    """The Channels group of a named audience (group names allow only letters, digits, - _ .)."""
    return "audience-" + audience.replace(":", "-")


def audiences_of(department_id: int | None, roles) -> set[str]:
    """The named audiences a person with this department and these roles belongs to."""
    audiences = {EVERYONE, *(role_audience(role) for role in roles)}
    if department_id is not None:
        audiences.add(department_audience(department_id))
        audiences.update(role_audience(role, department_id) for role in roles)
    return audiences


def person_audiences(person_id: int) -> set[str]:
    """What `audiences_of` says for this person now (empty when they are gone or inactive): one query."""
    from django.contrib.auth import get_user_model

    rows = list(get_user_model().objects.filter(pk=person_id, is_active=True).values_list("department_id", "role_grants__role"))
    if not rows:
        return set()
    return audiences_of(rows[0][0], [role for _, role in rows if role])


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # the usual case: a sync view or command, no loop in this thread
        async_to_sync(layer.group_send)(group, message)
    else:  # called from code running inside an event loop: schedule it there
        loop.create_task(layer.group_send(group, message))


def notify_person_on_commit(person_id: int, event: str, *, after: Callable[[int], dict | None] | None = None,
                            **payload) -> None:
    """Tell a person's open pages that `event` happened (e.g. "todo.changed").

    `after(person_id)`: called after commit, what it returns joins the payload — the title of new work for
    the pop-up (static/js/todo_toast.js), read then and only when the person may see it. A failure there
    costs only the extra words: the hint still goes out."""

    def send():
        extra = None
        if after is not None:
            try:
                extra = after(person_id)
            except Exception:  # noqa: BLE001 — the hint matters more than the words
                logger.exception("could not describe new work for person %s", person_id)
        _send(person_group(person_id), {"type": "live.event", "event": event, "payload": {**payload, **(extra or {})}})

    transaction.on_commit(send)


def notify_group_on_commit(audience: str, event: str, **payload) -> None:
    """Tell every open page of an audience (`everyone`, `department:<id>`, `role:<code>`,
    `department:<id>:role:<code>`) that `event` happened: one send after commit. `payload` goes to every
    member alike, so it must name only what changed (ids, states), nothing a member may not see."""
    message = {"type": "live.event", "event": event, "payload": payload, "audience": audience}
    transaction.on_commit(lambda: _send(audience_group(audience), message))


def new_work(title: str, url: str) -> dict:
    """The payload part that makes the recipient's page show "您有新的待办：<title>"."""
    return {"new": {"title": title[:120], "url": url}}


def close_session_sockets(session_key: str) -> None:
    _send(session_group(session_key), {"type": "live.close"})
