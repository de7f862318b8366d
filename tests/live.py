"""A person's live WebSocket (/ws/live/), opened with the session of a real login."""

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from oa.asgi import application
from tests.factories import TEST_PASSWORD


def socket_for(person) -> WebsocketCommunicator:
    client = Client()
    client.post("/accounts/login/", {"username": person.username, "password": TEST_PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000"),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]
    return WebsocketCommunicator(application, "/ws/live/", headers=headers)
