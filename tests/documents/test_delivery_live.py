"""A dispatched document reaches the receiving clerk's socket; another department's socket gets nothing."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from documents.choices import DocumentState as S
from tests.live import socket_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_dispatch_reaches_the_receiving_clerk_only(personas, draft, walk, act):
    document = walk(draft(), S.DISPATCH)
    receiving, other = socket_for(personas.clerk_b), socket_for(personas.staff_b)
    from oa.org.choices import Role
    from oa.org.services.roles import role_grant
    from tests.factories import DepartmentFactory, PersonFactory

    outsider = PersonFactory(username="c_clerk", department=DepartmentFactory(name="丙局", organ_code="韶丙", slug="deptC"))
    role_grant(actor=None, person=outsider, role=Role.CLERK, system=True)
    elsewhere = socket_for(outsider)

    async def scenario():
        for socket in (receiving, other, elsewhere):
            assert (await socket.connect())[0]
        await sync_to_async(act)(personas.clerk_a, "dispatch", document)
        message = await receiving.receive_json_from(timeout=3)
        assert message["event"] == "todo.changed" and message["payload"]["reason"] == "delivery"
        new = message["payload"]["new"]  # the pop-up's words: the delivery the clerk may see
        assert new["title"] == document.title and new["url"].startswith("/inbox/")
        assert await elsewhere.receive_nothing(timeout=0.5)
        assert await other.receive_nothing(timeout=0.2)  # same department, not a clerk: nothing waits for them
        for socket in (receiving, other, elsewhere):
            await socket.disconnect()

    async_to_sync(scenario)()
