"""The one WebSocket per logged-in browser: authenticated, origin-checked, per person, closed on logout."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from oa.asgi import application
from oa.core.live import notify_person_on_commit

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def _cookie_headers(client):
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [ORIGIN, (b"host", b"127.0.0.1:8000"), (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode())]


def _open(headers):
    return WebsocketCommunicator(application, "/ws/live/", headers=headers)


def test_a_hint_reaches_the_person_and_nobody_else(personas, client, login):
    login(personas.clerk_b)
    clerk_b_headers = _cookie_headers(client)
    from django.test import Client

    other = Client()
    other.post("/accounts/login/", {"username": personas.clerk_a.username, "password": "Test-pass-2026"})
    clerk_a_headers = _cookie_headers(other)

    async def scenario():
        mine, theirs = _open(clerk_b_headers), _open(clerk_a_headers)
        assert (await mine.connect())[0] and (await theirs.connect())[0]
        from channels.db import database_sync_to_async

        await database_sync_to_async(notify_person_on_commit)(personas.clerk_b.pk, "todo.changed", reason="dispatch")
        message = await mine.receive_json_from(timeout=3)
        assert message == {"type": "event", "event": "todo.changed", "payload": {"reason": "dispatch"}}
        assert await theirs.receive_nothing(timeout=0.5)
        await mine.disconnect()
        await theirs.disconnect()

    async_to_sync(scenario)()


def test_anonymous_socket_is_refused(db):
    async def scenario():
        socket = _open([ORIGIN, (b"host", b"127.0.0.1:8000")])
        connected, code = await socket.connect()
        assert not connected and code == 4401

    async_to_sync(scenario)()


def test_foreign_origin_is_refused(personas, client, login):
    login(personas.clerk_a)
    headers = [(b"origin", b"http://evil.example.com"), *_cookie_headers(client)[1:]]

    async def scenario():
        connected, _ = await _open(headers).connect()
        assert not connected

    async_to_sync(scenario)()


def test_logout_closes_the_sessions_sockets(personas, client, login):
    login(personas.clerk_a)
    headers = _cookie_headers(client)

    async def scenario():
        from asgiref.sync import sync_to_async

        socket = _open(headers)
        assert (await socket.connect())[0]
        await sync_to_async(client.post)("/accounts/logout/")
        output = await socket.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": 4000}

    async_to_sync(scenario)()
