"""`bench broadcast`: N people of one department connected to `/ws/live/` through the real ASGI app,
one hint to their department (a single group send), the delivery latency of every copy — beside the
same hint sent the old way, one send per person. On the configured channel layer (Redis when REDIS_URL
is set).

The people, their department and their sessions must be committed (the sockets read the session and
the person from other threads), so they are made at the start and deleted at the end: the bench leaves
no trace (no login, hence no ledger entry)."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from oa.core.bench import percentile
from oa.core.live import audience_group, department_audience, person_group
from oa.org.models import Department, NumberSeries, Person

DEFAULT_PEOPLE = 200


def bench_broadcast(*, runs: int, people: int = DEFAULT_PEOPLE) -> dict:
    tag = uuid.uuid4().hex[:6]
    department = Department.objects.create(name=f"广播基准测试单位{tag}", short_name="基准", organ_code=f"基准{tag}",
                                           slug=f"bench{tag}", is_active=True)
    try:
        persons = Person.objects.bulk_create(
            [Person(username=f"bench{tag}_{i}", name=f"基准{i}", department=department, password="!") for i in range(people)]
        )
        keys = [_session_for(person) for person in persons]
        group, per_person = async_to_sync(_measure)(department.pk, [p.pk for p in persons], keys, runs)
    finally:
        Session.objects.filter(session_key__in=locals().get("keys", [])).delete()
        Person.objects.filter(department=department).delete()
        NumberSeries.objects.filter(organs=department).delete()
        department.delete()
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    return {
        "layer": backend.rsplit(".", 1)[-1],
        "redis": "redis" in backend.lower(),
        "recipients": people,
        "hints": runs,
        "group_send": group,
        "one_send_per_person": per_person,
    }


def _session_for(person) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return session.session_key


async def _measure(department_id: int, person_ids: list[int], keys: list[str], runs: int):
    from oa.asgi import application

    host = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].strip("[]").lstrip(".") or "127.0.0.1"
    sockets = []
    for key in keys:
        socket = WebsocketCommunicator(application, "/ws/live/", headers=[
            (b"origin", f"http://{host}".encode()), (b"host", host.encode()),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())])
        connected, code = await socket.connect(timeout=10)
        if not connected:
            raise RuntimeError(f"WebSocket refused ({code})")
        sockets.append(socket)
    layer = get_channel_layer()
    message = {"type": "live.event", "event": "todo.changed", "payload": {"bench": True}}
    try:
        audience = department_audience(department_id)

        async def to_group():
            await layer.group_send(audience_group(audience), {**message, "audience": audience})

        async def to_each():
            for pk in person_ids:
                await layer.group_send(person_group(pk), message)

        group_ms, person_ms, group_cpu, person_cpu = [], [], [], []
        for run in range(runs + 1):  # the first of each is a warm-up
            for send, into, cpu in ((to_group, group_ms, group_cpu), (to_each, person_ms, person_cpu)):
                cpu_started = time.process_time()
                latencies = await _deliver(send, sockets)
                if run:
                    into.extend(latencies)
                    cpu.append((time.process_time() - cpu_started) * 1000)
    finally:
        for socket in sockets:
            await socket.disconnect()
    return _figures(group_ms, group_cpu), _figures(person_ms, person_cpu)


async def _deliver(send, sockets) -> list[float]:
    """Every socket waiting first, then the send: the ms from the send's start to each arrival.

    The waiter reads the frame straight off the communicator's output queue — what daphne would write to
    the browser — and checks it. `receive_json_from` would add, per frame and inside the measured time, a
    `mock.patch` and a timeout scope of the test client's own (a third of the fan-out's CPU in a profile):
    the browser's work, not the server's. One timeout covers the whole delivery instead."""
    arrived: list[float] = []

    async def arrival(socket):
        frame = await socket.output_queue.get()
        arrived.append(time.perf_counter())
        if frame.get("type") != "websocket.send" or '"event"' not in frame.get("text", ""):
            raise RuntimeError(f"unexpected frame {frame!r}")

    waiting = [asyncio.create_task(arrival(socket)) for socket in sockets]
    await asyncio.sleep(0)  # let every waiter reach its queue
    started = time.perf_counter()
    await send()
    await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
    return [(at - started) * 1000 for at in arrived]


def _figures(ms: list[float], cpu_ms: list[float]) -> dict:
    """Latency over every delivery, and the process's CPU time per hint (all its sockets; the bench's
    process holds the server side and the test client alike): the figure that a shared machine's load
    does not inflate."""
    return {"deliveries": len(ms), "p50_ms": round(statistics.median(ms), 2),
            "p95_ms": round(percentile(ms, 0.95), 2), "p99_ms": round(percentile(ms, 0.99), 2),
            "max_ms": round(max(ms), 2), "cpu_ms_per_hint_p50": round(statistics.median(cpu_ms), 2)}
