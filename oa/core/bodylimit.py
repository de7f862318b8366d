"""Request bodies over their limits are refused before they are read: HTTP 413, in Chinese.

Each check sits as early as its server allows:
- `asgi_body_limit` wraps the ASGI application (oa/asgi.py, daphne). Django's ASGI handler reads a
  body whole before any middleware runs, so a Content-Length over the limit is answered before any
  body is received, and a body without one (chunked) is counted as it arrives and refused once past
  the limit: at most the limit plus one chunk is ever held.
- `oa.core.middleware.BodyLimitMiddleware`, first in MIDDLEWARE, checks Content-Length for WSGI
  servers and the test client, where the body is read lazily.
- the upload handler (oa.uploads.handlers) stops reading a multipart body past the limit.
- a JSON or form body over DATA_UPLOAD_MAX_MEMORY_SIZE that gets this far is Django's
  RequestDataTooBig, which the API's error handler and the 400 page answer with the same 413.

The limits: a multipart body (an upload) `OA_REQUEST_MAX_BYTES` (the upload cap plus the envelope);
any other body DATA_UPLOAD_MAX_MEMORY_SIZE, whichever is smaller. nginx's client_max_body_size
should match OA_REQUEST_MAX_BYTES (deploy/nginx/oa.conf).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig

STATUS = 413


class BodyTooLarge(RequestDataTooBig):
    """A request body over its limit (a SuspiciousOperation, so Django answers it through handler400,
    which turns every RequestDataTooBig into the 413)."""

    def __init__(self, limit: int | None = None):
        super().__init__(too_large_message(limit))


def body_limit(content_type: str | None) -> int:
    cap = int(settings.OA_REQUEST_MAX_BYTES)
    if (content_type or "").lower().startswith("multipart/"):
        return cap
    data = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return cap if data is None else min(cap, int(data))


def too_large_message(limit: int | None = None) -> str:
    if limit is None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or settings.OA_REQUEST_MAX_BYTES
    upload = int(settings.OA_UPLOAD_MAX_BYTES)
    return (f"请求内容过大（超过 {_mb(limit)} 的上限），未予处理。"
            f"上传的文件不能超过 {_mb(upload)}，填写的内容请分次提交。")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def declared_length(value) -> int | None:
    """Content-Length as a number; None when absent or not a number."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 30 else None


def _page(path: str, message: str) -> tuple[bytes, bytes]:
    """The 413 without a Django request: JSON for the API, the error page for the rest."""
    if path.startswith("/api/"):
        return json.dumps({"detail": message}, ensure_ascii=False).encode(), b"application/json"
    from django.template.loader import render_to_string

    html = render_to_string("error.html", {"title": "内容过大", "message": message, "status": STATUS})
    return html.encode(), b"text/html; charset=utf-8"


def asgi_body_limit(app):
    """Wrap an ASGI application: HTTP bodies over their limit never reach it (see the module's text)."""

    async def limited(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        limit = body_limit(headers.get(b"content-type", b"").decode("latin-1"))
        length = declared_length(headers.get(b"content-length"))
        if length is not None and length > limit:
            return await _refuse(scope, send, limit)
        state = {"received": 0, "over": False, "started": False}

        async def counted_receive():
            if state["over"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:  # Django's handler stops at a disconnect
                    state["over"] = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message):
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await app(scope, counted_receive, watched_send)
        if state["over"] and not state["started"]:
            await _refuse(scope, send, limit)

    return limited


async def _refuse(scope, send, limit: int) -> None:
    body, content_type = _page(scope.get("path", ""), too_large_message(limit))
    await send({"type": "http.response.start", "status": STATUS,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
