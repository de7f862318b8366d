"""`bench http` (docs/benchmarks.md): the app served as production serves it — one daphne process on a
free loopback port, against the configured database — and C concurrent clients that log in as a clerk
and GET each main page N times over keep-alive connections. For every page: requests/s, p50/p95 of the
whole request, and the ratio of its time to /bench/bare/, a view that returns "ok" through the same
stack (every middleware, the session, the login). The bare view exists only in the bench's server
process (oa/bench_urls.py). Figures are never asserted: they depend on the machine and its load."""

from __future__ import annotations

import http.client
import os
import re
import statistics
import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections

from oa.bench_urls import BARE_URL
from oa.core.bench import percentile

DEFAULT_USER = "jmj_clerk"
DEFAULT_PASSWORD = "Demo-2026oa"
PAGES = ("/todo/", "/inbox/", "/documents/", "document", "/")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _application():
    """Runs in the forked server process: the production ASGI application, with /bench/bare/ mounted."""
    settings.ROOT_URLCONF = "oa.bench_urls"
    from oa.asgi import application

    return application


def _serve():
    from daphne.testing import DaphneProcess

    connections.close_all()  # the forked server must not share this process's database connections
    process = DaphneProcess("127.0.0.1", _application)
    process.daemon = True
    process.start()
    if not process.ready.wait(timeout=60):
        process.terminate()
        raise RuntimeError("daphne 未能启动")
    return process, process.port.value


class _Session:
    """One keep-alive connection carrying the login's cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, dict(response.headers)


def _login(port: int, username: str, password: str) -> dict[str, str]:
    session = _Session(port)
    status, form, _ = session.request("GET", "/accounts/login/")
    token = _CSRF.search(form)
    if status != 200 or not token:
        raise RuntimeError(f"登录页打不开（HTTP {status}）")
    status, _, headers = session.request("POST", "/accounts/login/", {
        "csrfmiddlewaretoken": token[1], "username": username, "password": password})
    if status != 302 or settings.SESSION_COOKIE_NAME not in session.cookies:
        raise RuntimeError(f"登录失败：{username}（HTTP {status}）；演示密码取 --password 或环境变量 OA_DEMO_PASSWORD")
    return session.cookies


def _measure(port: int, cookies: dict, path: str, runs: int, clients: int) -> dict:
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    shares = [runs // clients + (1 if i < runs % clients else 0) for i in range(clients)]
    sessions = [_Session(port, cookies) for _ in range(clients)]
    for session in sessions:  # warm-up: one request per connection, not counted
        session.request("GET", path)

    def work(session: _Session, count: int):
        mine, bad = [], []
        for _ in range(count):
            started = time.perf_counter()
            status, _, _ = session.request("GET", path)
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(status)
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=work, args=(s, n)) for s, n in zip(sessions, shares, strict=True) if n]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for session in sessions:
        session.connection.close()
    if failures:
        raise RuntimeError(f"{path} 返回了非 200：{sorted(set(failures))}")
    return {"requests": len(latencies), "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1)}


def _a_document(username: str) -> str | None:
    """The newest document the user may open (setup only, in this process, not measured)."""
    from django.urls import reverse

    from documents.selectors import documents_visible_to
    from oa.org.models import Person

    person = Person.objects.filter(username=username).first()
    document = documents_visible_to(person).order_by("-pk").first() if person else None
    connections.close_all()
    return reverse("document-detail", args=[document.pk]) if document else None


def bench_http(*, runs: int, clients: int = 4, user: str | None = None, password: str | None = None) -> dict:
    """The `bench http` suite (oa/core/management/commands/bench.py): `runs` requests per page."""
    if clients < 1:
        raise ValueError("--clients 至少为 1")
    username = user or DEFAULT_USER
    password = password or os.environ.get("OA_DEMO_PASSWORD") or DEFAULT_PASSWORD
    load_before = os.getloadavg()
    process, port = _serve()
    try:
        cookies = _login(port, username, password)
        paths = {"bare": BARE_URL}
        for page in PAGES:
            if page == "document":
                document = _a_document(username)
                if document:
                    paths["document"] = document
            else:
                paths[page] = page
        pages = {name: {"path": path, **_measure(port, cookies, path, runs, clients)} for name, path in paths.items()}
    finally:
        process.terminate()
        process.join(timeout=10)
    bare = pages["bare"]
    for name, figures in pages.items():
        if name != "bare":
            figures["ratio_p50"] = round(figures["p50_ms"] / max(bare["p50_ms"], 0.01), 2)
            figures["ratio_per_second"] = round(bare["per_second"] / max(figures["per_second"], 0.01), 2)
    return {"user": username, "clients": clients, "requests_per_page": runs, "server": "daphne, 1 process",
            "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
            "pages": pages}
