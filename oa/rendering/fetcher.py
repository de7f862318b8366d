"""The only way WeasyPrint may read anything while rendering (a document, a bulletin, a report).

Allowed:
  * data: URLs (the seal, inline images);
  * the project's own static files: file:///static/<path> (what `{% static %}` gives against the
    render base URL file:///), resolved through the staticfiles finders, or the staticfiles
    storage for hashed names after collectstatic — never by opening the URL's path directly;
  * font files inside OA_FONT_DIR, by their file:// URL.
Everything else raises ValueError: http, https, ftp, file:// anywhere else, unknown schemes.
No redirects can happen, because nothing that could redirect is ever opened.

WeasyPrint 70 takes a URLFetcher instance (a urllib OpenerDirector subclass) and calls its
`fetch(url, headers=None)`, expecting a URLFetcherResponse back.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from weasyprint.urls import URLFetcher, URLFetcherResponse

from oa.rendering.fonts import FONT_EXTENSIONS, font_dir

BASE_URL = "file:///"
MAX_BYTES = 40 * 1024 * 1024  # a licensed CJK font can be 20 MB; nothing legitimate is larger


class RefusedURL(ValueError):
    pass


def static_prefix() -> str:
    from django.conf import settings

    prefix = urlsplit(settings.STATIC_URL or "/static/").path or "/static/"
    return prefix if prefix.endswith("/") else prefix + "/"


def static_url(name: str) -> str:
    """The URL the fetcher accepts for a static file, e.g. file:///static/documents/gbt9704.css."""
    return "file://" + static_prefix() + name.lstrip("/")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def resolve_static(name: str) -> Path | None:
    """A static file's local path, found the way Django serves it; None if it is not one."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = posixpath.normpath(unquote(name)).lstrip("/")
    if not name or name.startswith("..") or "\x00" in name:
        return None
    found = finders.find(name)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    root = getattr(settings, "STATIC_ROOT", None)
    if root:  # a hashed name written by collectstatic
        try:
            candidate = Path(staticfiles_storage.path(name))
        except Exception:  # storages without local paths, SuspiciousFileOperation
            return None
        if candidate.is_file() and _inside(candidate, Path(root)):
            return candidate
    return None


class SafeURLFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=False, timeout=5)
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        if scheme == "data":
            response = DataHandler().data_open(Request(url))
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise RefusedURL("data: URL too large")
            self.fetched.append("data:")
            return URLFetcherResponse(url, body, {"Content-Type": response.headers.get("Content-Type", "text/plain")})
        if scheme != "file":
            raise RefusedURL(f"URL not allowed while rendering: {url[:200]}")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"URL not allowed while rendering: {url[:200]}")
        path = unquote(parts.path)
        local = self._local_file(path)
        if local is None:
            raise RefusedURL(f"URL not allowed while rendering: {url[:200]}")
        if local.stat().st_size > MAX_BYTES:
            raise RefusedURL(f"file too large: {url[:200]}")
        content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        self.fetched.append(url)
        return URLFetcherResponse(url, local.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def _local_file(path: str) -> Path | None:
        prefix = static_prefix()
        if path.startswith(prefix):
            found = resolve_static(path[len(prefix):])
            if found is not None and found.is_file():
                return found
            return None
        folder = font_dir()
        if folder is not None:
            candidate = Path(path)
            if (
                candidate.is_absolute()
                and candidate.suffix.lower() in FONT_EXTENSIONS
                and _inside(candidate, folder)
                and candidate.resolve().is_file()
            ):
                return candidate.resolve()
        return None
