"""Two app hosts (issue 20, docs/production.md "Several hosts"): two daphne processes on two ports that share
nothing but PostgreSQL (or the test's database), Redis and the S3 bucket — each with a local MEDIA_ROOT of its
own that must stay empty. A file uploaded on one downloads from the other; a step taken on one reaches a person
whose WebSocket is connected to the other, live, through the Redis channel layer."""

import base64
import json
import os
import socket
import struct
from functools import partial
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.db import connections

from documents.choices import DocumentState as S
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.factories import TEST_PASSWORD

SHARED_LAYER = settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")
AGENDA = "一、开幕\n二、讲话\n三、部署下一阶段工作".encode()

pytestmark = [
    pytest.mark.s3,
    pytest.mark.django_db(transaction=True),
    # The SQLite pass keeps the in-memory channel layer, which cannot cross processes; the PostgreSQL + Redis
    # pass of .ci/run runs these.
    pytest.mark.skipif(not SHARED_LAYER, reason="two hosts share a Redis channel layer: set REDIS_URL"),
]


def _host(media_root: str):
    """Runs in the host's own process (forked): its own MEDIA_ROOT, so a file kept on the local disk of one
    host could not be found by the other."""
    from django.test.utils import override_settings

    from oa.asgi import application

    override_settings(MEDIA_ROOT=media_root).enable()
    return application


@pytest.fixture
def two_hosts(s3_media, tmp_path):
    from daphne.testing import DaphneProcess

    connections.close_all()  # no database connection is handed to the forked hosts
    processes, hosts = [], []
    try:
        for name in ("a", "b"):
            media = tmp_path / f"host-{name}" / "media"
            process = DaphneProcess("127.0.0.1", partial(_host, str(media)))
            process.start()
            processes.append(process)
            if not process.ready.wait(timeout=30):
                raise RuntimeError(f"host {name} did not start")
            hosts.append((f"http://127.0.0.1:{process.port.value}", media))
        yield hosts
    finally:
        for process in processes:
            process.terminate()
            process.join(timeout=10)


def _logged_in(base: str, person) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(f"{base}/accounts/login/", timeout=10, allow_redirects=False,
                            data={"username": person.username, "password": TEST_PASSWORD,
                                  "csrfmiddlewaretoken": session.cookies[settings.CSRF_COOKIE_NAME]})
    assert response.status_code == 302, response.text[:300]
    return session


def _post(session: requests.Session, url: str, data=None, files=None) -> requests.Response:
    data = {**(data or {}), "csrfmiddlewaretoken": session.cookies[settings.CSRF_COOKIE_NAME]}
    return session.post(url, data=data, files=files, timeout=20, allow_redirects=False)


def _files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_file_uploaded_on_one_host_downloads_from_the_other(two_hosts, s3_media, personas, draft):
    (a, media_a), (b, media_b) = two_hosts
    document = draft()
    on_a = _logged_in(a, personas.staff_a)

    uploaded = _post(on_a, f"{a}/documents/{document.pk}/attachments/",
                     {"declaration_accepted": "on", "declaration_version": CURRENT_VERSION, "declared_level": "非密"},
                     files={"file": ("会议议程.txt", AGENDA, "text/plain")})
    assert uploaded.status_code == 302, uploaded.text[:300]
    attachment = document.attachments.get()

    on_b = _logged_in(b, personas.staff_a)  # the person's next request lands on the other host
    downloaded = on_b.get(f"{b}/documents/{document.pk}/attachments/{attachment.pk}/", timeout=20)
    assert downloaded.status_code == 200 and downloaded.content == AGENDA
    assert downloaded.headers["X-Content-Type-Options"] == "nosniff"
    assert s3_media.keys() == [attachment.file.name]  # in the bucket …
    assert _files_under(media_a) == [] and _files_under(media_b) == []  # … on neither host's disk
    assert requests.get(f"{b}/documents/{document.pk}/attachments/{attachment.pk}/", timeout=10,
                        allow_redirects=False).status_code == 302  # no session, no file


class WebSocket:
    """The least of RFC 6455 a test needs: the handshake, then text frames from the server (unmasked)."""

    def __init__(self, base: str, path: str, cookies: dict):
        parts = urlsplit(base)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Origin: {base}\r\nCookie: {cookie}\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            assert chunk, f"closed during the handshake: {head!r}"
            head += chunk
        assert head.startswith(b"HTTP/1.1 101"), head

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            assert chunk, "the server closed the socket"
            data += chunk
        return data

    def receive_json(self, timeout: float) -> dict:
        self.sock.settimeout(timeout)
        first, second = self._exactly(2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._exactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._exactly(8))[0]
        payload = self._exactly(length)
        assert opcode == 0x1, f"not a text frame: opcode {opcode}, {payload!r}"
        return json.loads(payload)

    def close(self):
        self.sock.close()


def test_a_step_taken_on_one_host_reaches_a_person_connected_to_the_other(two_hosts, personas, draft, walk):
    (a, _), (b, _) = two_hosts
    document = walk(draft(), S.DISPATCH)
    clerk_b = _logged_in(b, personas.clerk_b)
    socket_b = WebSocket(b, "/ws/live/", clerk_b.cookies.get_dict())
    try:
        clerk_a = _logged_in(a, personas.clerk_a)
        dispatched = _post(clerk_a, f"{a}/documents/{document.pk}/act/dispatch/")
        assert dispatched.status_code == 302, dispatched.text[:300]
        document.refresh_from_db()
        assert document.state == S.DISPATCHED

        message = socket_b.receive_json(timeout=10)
        assert message["event"] == "todo.changed" and message["payload"]["reason"] == "delivery"
    finally:
        socket_b.close()
