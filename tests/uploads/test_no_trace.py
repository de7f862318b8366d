"""After a blocked upload, a unique canary string from the file is found nowhere: not under
MEDIA_ROOT, not in the temp directory (no temporary file is even created), not in the database
(dumpdata, and the raw SQLite file and its WAL), not in the cache, not in the logs."""

import hashlib
import io
import logging
import os
import tempfile
import time
import uuid
import zipfile

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import AsyncClient

from oa.uploads.models import UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.uploads import corpus as c

pytestmark = pytest.mark.urls("tests.uploads.urls")

FORM = {"declaration_accepted": "on", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
PADDING = 3 * 1024 * 1024  # above Django's default FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): would go to /tmp


def classified_docx(canary: str) -> bytes:
    """Stored (not deflated), so the canary is visible in the raw bytes wherever they end up."""
    content = c.docx(c.p("000001") + c.p("机密★1年") + c.p(f"正文 {canary} 正文"), compression=zipfile.ZIP_STORED,
                     extra={"word/media/image1.png": c.png() + os.urandom(PADDING)})
    return content


def classified_txt(canary: str) -> bytes:
    return ("秘密★6个月\n关于某事项的请示\n" + f"{canary}\n" + "正文内容。" * (PADDING // 15)).encode()


@pytest.fixture
def tempfile_calls(monkeypatch):
    """Record every temporary file or directory anything creates."""
    import django.core.files.temp

    calls = []

    def recording(name, original):
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            calls.append((name, getattr(result, "name", result)))
            return result
        return wrapper

    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, recording(name, getattr(tempfile, name)))
    monkeypatch.setattr(django.core.files.temp, "NamedTemporaryFile",
                        recording("django NamedTemporaryFile", django.core.files.temp.NamedTemporaryFile))
    return calls


def _files_containing(root, needle: bytes, since: float = 0.0) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(root, onerror=lambda error: None):
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path, follow_symlinks=False)
                if not os.path.isfile(path) or stat.st_mtime < since or stat.st_size > 200 * 1024 * 1024:
                    continue
                with open(path, "rb") as handle:
                    if needle in handle.read():
                        found.append(path)
            except OSError:
                continue
    return found


def _cached_values(cache):
    """Every value in the default cache: the local-memory dict, or every Redis key under the prefix."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):
        return list(store.values())
    client = store.get_client(None, write=False)  # django.core.cache.backends.redis.RedisCacheClient
    return [client.get(key) for key in client.scan_iter(match=f"{cache.key_prefix}*")]


def _assert_no_trace(canary: str, started: float, settings, caplog):
    needle = canary.encode()
    assert _files_containing(settings.MEDIA_ROOT, needle) == []
    assert _files_containing(tempfile.gettempdir(), needle, since=started) == []
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert canary not in dump.getvalue()
    if connection.vendor == "sqlite":
        connection.close()
        database = connection.settings_dict["NAME"]
        for path in (database, f"{database}-wal", f"{database}-journal"):
            if os.path.exists(path):
                with open(path, "rb") as handle:
                    assert needle not in handle.read(), path
    for value in _cached_values(caches["default"]):
        assert needle not in (value if isinstance(value, bytes) else str(value).encode())
    assert canary not in caplog.text
    for record in caplog.records:
        assert canary not in record.getMessage()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("build", [classified_docx, classified_txt], ids=["docx", "txt"])
def test_blocked_upload_leaves_no_trace_anywhere(build, personas, client, login, settings, caplog, tempfile_calls):
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY{uuid.uuid4().hex}"
    content = build(canary)
    assert canary.encode() in content and len(content) > PADDING
    started = time.time() - 1
    login(personas.staff_a)
    tempfile_calls.clear()
    response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile("请示.docx", content)})
    assert response.status_code == 400
    assert "密级标志" in "".join(response.json()["reasons"])
    assert tempfile_calls == []  # the upload never touched a temporary file
    record = UploadRecord.objects.get(pk=response.json()["record"])
    assert record.verdict == "blocked" and record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content)
    _assert_no_trace(canary, started, settings, caplog)


@pytest.mark.django_db(transaction=True)
def test_refused_active_content_leaves_no_trace_anywhere(personas, client, login, settings, caplog, tempfile_calls):
    """An HTML page named .pdf (a script in it) is refused for what it is, and is kept nowhere either."""
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY{uuid.uuid4().hex}"
    content = c.HTML_PAGE.replace(b"</body>", f"<p>{canary}</p>".encode() + b"x" * PADDING + b"</body>")
    started = time.time() - 1
    login(personas.staff_a)
    tempfile_calls.clear()
    response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile("通知.pdf", content)})
    assert response.status_code == 400 and "HTML 网页" in response.json()["reasons"][0]
    assert tempfile_calls == []
    record = UploadRecord.objects.get(pk=response.json()["record"])
    assert (record.verdict, record.detected_type, record.sha256) == ("blocked", "html", hashlib.sha256(content).hexdigest())
    _assert_no_trace(canary, started, settings, caplog)


@pytest.mark.django_db(transaction=True)
def test_blocked_upload_over_asgi_keeps_the_body_in_memory(personas, settings, caplog, tempfile_calls):
    """Daphne serves the app over ASGI, where Django first spools the whole request body into a
    SpooledTemporaryFile that rolls over to disk above FILE_UPLOAD_MAX_MEMORY_SIZE."""
    caplog.set_level(logging.DEBUG)
    canary = f"CANARY{uuid.uuid4().hex}"
    content = classified_docx(canary)
    started = time.time() - 1
    client = AsyncClient()
    async_to_sync(client.aforce_login)(personas.staff_a, backend="django.contrib.auth.backends.ModelBackend")
    tempfile_calls.clear()
    response = async_to_sync(client.post)("/test-gate/", {**FORM, "file": SimpleUploadedFile("请示.docx", content)})
    assert response.status_code == 400, response.content
    assert tempfile_calls == []
    _assert_no_trace(canary, started, settings, caplog)


@pytest.mark.django_db
def test_control_default_django_handlers_would_have_written_the_file_to_tmp(personas, client, login, settings, tempfile_calls):
    """Proves the recorder above can see it: with Django's default handlers the same upload is
    written to a named temporary file — and the gate still closes (deletes) it before answering."""
    settings.FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler",
                                     "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
    login(personas.staff_a)
    tempfile_calls.clear()
    response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile("请示.docx", classified_docx("X"))})
    assert response.status_code == 400
    assert [name for name, _path in tempfile_calls] == ["django NamedTemporaryFile"]
    assert not os.path.exists(tempfile_calls[0][1])


@pytest.mark.django_db
def test_oversized_upload_is_refused_with_its_true_size_and_only_the_cap_is_kept(personas, client, login, settings):
    settings.OA_UPLOAD_MAX_BYTES = 1024 * 1024
    login(personas.staff_a)
    response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile("大.txt", b"a" * (3 * 1024 * 1024))})
    assert response.status_code == 400 and "超过上限" in response.json()["reasons"][0]
    record = UploadRecord.objects.get()
    assert record.size == 3 * 1024 * 1024 and record.sha256 == ""


@pytest.mark.django_db
def test_accepted_upload_through_the_endpoint(personas, client, login):
    login(personas.staff_a)
    response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile("通知.docx", c.docx())})
    assert response.status_code == 200
    assert UploadRecord.objects.get(pk=response.json()["record"]).verdict == "accepted"


@pytest.mark.django_db
def test_no_request_ends_in_a_500(personas, client, login):
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    login(personas.staff_a)

    @hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=st.binary(max_size=2048), prefix=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n"]),
           name=st.text(max_size=30))
    def upload(body, prefix, name):
        # The file name as a browser may send it; Django's own file object refuses "", "." and "..".
        if os.path.basename(name) in ("", ".", ".."):
            name = f"x{name}.bin".replace("/", "_")
        response = client.post("/test-gate/", {**FORM, "file": SimpleUploadedFile(name, prefix + body)})
        assert response.status_code in (200, 400)

    upload()
