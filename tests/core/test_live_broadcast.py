"""Group broadcast (issue 20): a hint to an audience is one send to a Channels group that exactly the
audience's open sockets have joined."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from oa.asgi import application
from oa.core import consumers, live
from oa.core.live import EVERYONE, audience_group, department_audience, notify_group_on_commit, role_audience
from oa.org.choices import Role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Test-pass-2026"


def _headers(person):
    client = Client()
    response = client.post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000"),
            (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode())]


def _connected(people):
    """Open a socket for each person; returns them in the same order."""
    async def open_all(headers):
        sockets = []
        for header in headers:
            socket = WebsocketCommunicator(application, "/ws/live/", headers=header)
            assert (await socket.connect())[0]
            sockets.append(socket)
        return sockets

    return open_all, [_headers(person) for person in people]


def _groups_of(channel_name) -> set[str]:
    layer = get_channel_layer()
    return {group for group, channels in layer.groups.items() if channel_name in channels}


@pytest.fixture
def in_memory_layer(settings):
    """The group tables are read from the in-memory layer's own dict (Redis keeps them on the server), so this
    test runs on the in-memory layer in both CI passes; the delivery tests below run on whichever is configured."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def test_the_socket_joins_its_department_its_roles_and_everyone(in_memory_layer, personas):
    clerk_b = personas.clerk_b
    headers = _headers(clerk_b)

    async def scenario():
        socket = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        assert (await socket.connect())[0]
        [channel] = get_channel_layer().groups[live.person_group(clerk_b.pk)]
        groups = _groups_of(channel)
        await socket.disconnect()
        return groups, _groups_of(channel)

    joined, after = async_to_sync(scenario)()
    dept = clerk_b.department_id
    assert {audience_group(a) for a in (EVERYONE, department_audience(dept), role_audience(Role.CLERK),
                                        role_audience(Role.CLERK, dept))} <= joined
    assert audience_group(department_audience(personas.dept_a.pk)) not in joined
    assert audience_group(role_audience(Role.LEADER)) not in joined
    assert after == set()  # left every group on disconnect


@pytest.mark.parametrize("audience_of, members", [
    (lambda p: department_audience(p.dept_b.pk), {"clerk_b", "staff_b"}),
    (lambda p: role_audience(Role.CLERK), {"clerk_a", "clerk_b"}),
    (lambda p: role_audience(Role.CLERK, p.dept_b.pk), {"clerk_b"}),
    (lambda p: EVERYONE, {"clerk_a", "clerk_b", "staff_b"}),
])
def test_an_audience_hint_reaches_every_connected_member_and_nobody_else(personas, audience_of, members):
    names = ["clerk_a", "clerk_b", "staff_b"]
    open_all, headers = _connected([getattr(personas, name) for name in names])
    audience = audience_of(personas)

    async def scenario():
        sockets = await open_all(headers)
        await database_sync_to_async(notify_group_on_commit)(audience, "notice.published", notice=7)
        reached = set()
        for name, socket in zip(names, sockets, strict=True):
            if not await socket.receive_nothing(timeout=0.3):
                message = await socket.receive_json_from(timeout=1)
                assert message == {"type": "event", "event": "notice.published", "payload": {"notice": 7}}
                reached.add(name)
            await socket.disconnect()
        return reached

    assert async_to_sync(scenario)() == members


def test_a_member_who_left_the_department_stops_receiving_its_hints(personas, monkeypatch):
    staff_b = personas.staff_b
    open_all, headers = _connected([staff_b])
    monkeypatch.setattr(consumers, "AUDIENCE_RECHECK_SECONDS", -1)  # re-read the audiences at every hint

    async def scenario():
        [socket] = await open_all(headers)
        staff_b.department = personas.dept_a
        await database_sync_to_async(staff_b.save)(update_fields=["department"])
        await database_sync_to_async(notify_group_on_commit)(department_audience(personas.dept_b.pk), "todo.changed")
        silent = await socket.receive_nothing(timeout=0.3)
        await database_sync_to_async(notify_group_on_commit)(department_audience(personas.dept_a.pk), "todo.changed")
        message = await socket.receive_json_from(timeout=1)
        await socket.disconnect()
        return silent, message

    silent, message = async_to_sync(scenario)()
    assert silent and message["event"] == "todo.changed"


def test_publishing_to_departments_is_one_send_per_department_and_names_only_the_notice(
        personas, info_leader, monkeypatch, django_capture_on_commit_callbacks):
    from notices.services.editing import notice_create
    from notices.services.flow import notice_approve, notice_submit

    sent = []
    monkeypatch.setattr(live, "_send", lambda group, message: sent.append((group, message)))
    made = notice_create(actor=personas.info_center, fields={"title": "关于培训的通知", "body": "正文",
                                                              "audience": "departments"},
                         departments=[personas.dept_a, personas.dept_b], people=None)
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    with django_capture_on_commit_callbacks(execute=True):
        notice_approve(actor=info_leader, notice_id=made.pk)
    published = [(group, m["payload"]) for group, m in sent if m["event"] == "notice.published"]
    assert sorted(published, key=str) == sorted(
        ((audience_group(department_audience(d.pk)), {"notice": made.pk}) for d in (personas.dept_a, personas.dept_b)),
        key=str)
    assert not any(group.startswith("person-") and m["event"] == "notice.published" for group, m in sent)


def test_the_broadcast_bench_delivers_to_every_socket_and_leaves_no_trace(db):
    from oa.org.bench import bench_broadcast
    from oa.org.models import Department, Person

    before = (Department.objects.count(), Person.objects.count())
    figures = bench_broadcast(runs=2, people=5)
    configured = type(get_channel_layer()).__name__  # in-memory on SQLite, Redis in CI's PostgreSQL + Redis pass
    assert figures["layer"] == configured and figures["redis"] == configured.startswith("Redis")
    assert figures["recipients"] == 5
    for way in ("group_send", "one_send_per_person"):
        assert figures[way]["deliveries"] == 10 and 0 < figures[way]["p50_ms"] <= figures[way]["p99_ms"]
    assert (Department.objects.count(), Person.objects.count()) == before
