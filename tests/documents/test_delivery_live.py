"""A dispatched document reaches the receiving clerk's socket; another department's socket gets nothing."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from documents.choices import DocumentState as S
from oa.asgi import application
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _socket_for(person):
    client = Client()
    client.post("/accounts/login/", {"username": person.username, "password": TEST_PASSWORD})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000"),
               (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode())]
    return WebsocketCommunicator(application, "/ws/live/", headers=headers)


def test_dispatch_reaches_the_receiving_clerk_only(personas, draft, walk, act):
    document = walk(draft(), S.DISPATCH)
    receiving, other = _socket_for(personas.clerk_b), _socket_for(personas.staff_b)
    from oa.org.choices import Role
    from oa.org.services.roles import role_grant
    from tests.factories import DepartmentFactory, PersonFactory

    outsider = PersonFactory(username="c_clerk", department=DepartmentFactory(name="丙局", organ_code="韶丙", slug="deptC"))
    role_grant(actor=None, person=outsider, role=Role.CLERK, system=True)
    elsewhere = _socket_for(outsider)

    async def scenario():
        for socket in (receiving, other, elsewhere):
            assert (await socket.connect())[0]
        await sync_to_async(act)(personas.clerk_a, "dispatch", document)
        message = await receiving.receive_json_from(timeout=3)
        assert message["event"] == "todo.changed" and message["payload"]["reason"] == "delivery"
        assert await elsewhere.receive_nothing(timeout=0.5)
        assert await other.receive_nothing(timeout=0.2)  # same department, not a clerk: nothing waits for them
        for socket in (receiving, other, elsewhere):
            await socket.disconnect()

    async_to_sync(scenario)()
