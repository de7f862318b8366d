"""Pushing hints to open browsers. The database is the truth; a push only says "look again".

Groups: `person-<id>` (every socket of a person) and `session-<hash>` (the sockets of one login
session, closed at logout). Sends happen after commit so a page never fetches state that
then rolls back.
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


def new_work(title: str, url: str) -> dict:
    """The payload part that makes the recipient's page show "您有新的待办：<title>"."""
    return {"new": {"title": title[:120], "url": url}}


def close_session_sockets(session_key: str) -> None:
    _send(session_group(session_key), {"type": "live.close"})
