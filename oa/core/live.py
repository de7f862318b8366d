"""Pushing hints to open browsers. The database is the truth; a push only says "look again".

Groups: `person-<id>` (every socket of a person) and `session-<hash>` (the sockets of one login
session, closed at logout). Sends happen after commit so a page never fetches state that
then rolls back.
"""

import asyncio
import hashlib

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


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


def notify_person_on_commit(person_id: int, event: str, **payload) -> None:
    """Tell a person's open pages that `event` happened (e.g. "todo.changed")."""
    message = {"type": "live.event", "event": event, "payload": payload}
    transaction.on_commit(lambda: _send(person_group(person_id), message))


def close_session_sockets(session_key: str) -> None:
    _send(session_group(session_key), {"type": "live.close"})
