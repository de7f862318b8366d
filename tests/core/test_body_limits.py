"""Issue 15, findings 5 and 6: request bodies over their limits are a 413 in Chinese, refused before
they are read (Content-Length up front; counted as they stream for a body without one); JSON nested
too deep is a 400 in Chinese. Never a 500."""

import io

import pytest
from asgiref.sync import async_to_sync
from django.core.files.uploadedfile import SimpleUploadedFile

from oa.uploads.screening.declarations import CURRENT_VERSION

pytestmark = pytest.mark.django_db

JSON_PATH = "/api/v1/trials/paper/confirm/"
UPLOAD_FORM = {"declaration_accepted": "on", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
CHUNK = 64 * 1024


def _without_body_limit_middleware(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "oa.core.middleware.BodyLimitMiddleware"]


@pytest.mark.parametrize("middleware", [True, False], ids=["content-length", "django-RequestDataTooBig"])
def test_a_json_body_over_the_limit_is_a_413_in_chinese(personas, login, settings, middleware):
    if not middleware:  # the API's error handler answers Django's own RequestDataTooBig the same way
        _without_body_limit_middleware(settings)
    client = login(personas.info_center)
    client.raise_request_exception = False
    body = '{"ids": "' + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = client.post(JSON_PATH, body, content_type="application/json")
    assert response.status_code == 413 and "请求内容过大" in response.json()["detail"]


def test_json_nested_fifty_thousand_deep_is_a_400_in_chinese(personas, login):
    client = login(personas.info_center)
    client.raise_request_exception = False
    for body in ("[" * 50_000 + "]" * 50_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        response = client.post(JSON_PATH, body, content_type="application/json")
        assert response.status_code == 400 and "嵌套" in response.json()["detail"]


@pytest.mark.parametrize("middleware", [True, False], ids=["content-length", "django-RequestDataTooBig"])
def test_a_page_form_over_the_limit_is_a_413_page_in_chinese(personas, login, settings, middleware):
    if not middleware:  # the 400 handler turns RequestDataTooBig into the 413 page
        _without_body_limit_middleware(settings)
    client = login(personas.staff_a)
    client.raise_request_exception = False
    response = client.post("/feedback/new/", {"description": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413 and "请求内容过大" in response.content.decode()


@pytest.mark.parametrize("path", ["/documents/1/attachments/", "/api/v1/documents/1/attachments/"])
def test_a_declared_200_mb_upload_is_refused_before_it_is_read(personas, login, path):
    """The test client sends a small body but declares 200 MB; nothing reads it (else the parser would
    fail on a short body, not answer 413)."""
    client = login(personas.staff_a)
    client.raise_request_exception = False
    response = client.post(path, {**UPLOAD_FORM, "file": SimpleUploadedFile("a.txt", b"a")},
                           CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    text = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert "请求内容过大" in text and "12.0 MB" in text


class CountingBody(io.RawIOBase):
    """A multipart body of `size` bytes made up as it is read, counting what was read."""

    def __init__(self, size: int, boundary: str = "BOUNDARY"):
        self.head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                     "Content-Type: text/plain\r\n\r\n").encode()
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        start, self.read_bytes = self.read_bytes, self.read_bytes + n
        return (self.head + b"a" * n)[start:start + n] if start < len(self.head) else b"a" * n


def test_the_upload_handler_stops_reading_a_streamed_body_past_the_cap(settings, rf):
    """A body that runs on past its declared length (or has none): the parser is stopped once the
    handler has seen the cap, after at most the cap plus a chunk or two — 200 MB are never read."""
    from django.http.multipartparser import MultiPartParser

    from oa.core.bodylimit import BodyTooLarge
    from oa.uploads.handlers import GatedMemoryUploadHandler

    settings.OA_REQUEST_MAX_BYTES = 1024 * 1024
    body = CountingBody(200 * 1024 * 1024)
    meta = {"CONTENT_TYPE": "multipart/form-data; boundary=BOUNDARY", "CONTENT_LENGTH": "1000"}
    with pytest.raises(BodyTooLarge) as refused:
        MultiPartParser(meta, body, [GatedMemoryUploadHandler()], "utf-8").parse()
    assert "请求内容过大" in str(refused.value)
    assert settings.OA_REQUEST_MAX_BYTES < body.read_bytes <= settings.OA_REQUEST_MAX_BYTES + 2 * CHUNK


def _asgi(headers, chunks, path="/api/v1/documents/1/attachments/"):
    """Run oa.asgi.application on a POST; returns (status, body, bytes the application received)."""
    from oa.asgi import application

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    received, sent = [0], []

    async def receive():
        if received[0] >= len(chunks) * CHUNK:
            return {"type": "http.disconnect"}
        received[0] += CHUNK
        return {"type": "http.request", "body": chunks[0], "more_body": received[0] < len(chunks) * CHUNK}

    async def send(message):
        sent.append(message)

    async_to_sync(application)(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), received[0]


def test_under_asgi_a_declared_length_over_the_cap_is_refused_before_any_body_is_received(settings):
    status, body, received = _asgi([(b"content-type", b"multipart/form-data; boundary=x"),
                                    (b"content-length", str(200 * 1024 * 1024).encode())], [b"a" * CHUNK] * 3200)
    assert status == 413 and received == 0 and "请求内容过大" in body.decode()


def test_under_asgi_a_streamed_body_is_cut_off_past_the_cap(settings):
    """No Content-Length (chunked): Django's ASGI handler would read all 200 MB before any code of ours;
    the wrapper stops at the cap plus one chunk and answers 413."""
    settings.OA_REQUEST_MAX_BYTES = 1024 * 1024
    status, body, received = _asgi([(b"content-type", b"multipart/form-data; boundary=x")], [b"a" * CHUNK] * 3200,
                                   path="/documents/1/attachments/")
    assert status == 413 and "请求内容过大" in body.decode()
    assert received <= settings.OA_REQUEST_MAX_BYTES + CHUNK
