"""`bench soak` (docs/security.md): N simulated people log in to a running local server as demo accounts
and walk its pages for a bounded time; the answer counts requests and errors, gives p50/p95 latency and,
given the server's pid, how much its memory grew. Only a loopback address is accepted: a soak is a drill
on one's own machine, never load sent to someone else's server."""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEMO_ACCOUNTS = ("jmj_clerk", "jmj_staff", "jmj_leader", "xxzx_info")
PAGES = ("/", "/todo/", "/documents/", "/inbox/", "/notices/", "/feedback/", "/usage/", "/api/v1/me/",
         "/api/v1/documents/", "/api/v1/notices/")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def loopback_url(url: str | None) -> str:
    """The base URL without a trailing slash; anything but http(s) on a loopback host is refused."""
    if not url:
        raise ValueError("请用 --url 指定本机服务地址，如 http://127.0.0.1:8000")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise ValueError(f"只允许对本机（{'、'.join(sorted(LOOPBACK))}）做压测：{url}")
    return f"{parts.scheme}://{parts.netloc}"


def rss_kib(pid: int | None) -> int | None:
    """Resident memory of `pid` in KiB (Linux /proc), or None."""
    if not pid:
        return None
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
    return int(found[1]) if found else None


class _Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()

    def add(self, status, seconds: float | None = None, error: str | None = None):
        with self.lock:
            self.statuses[status] += 1
            if seconds is not None:
                self.latencies.append(seconds)
            if error:
                self.errors[error] += 1


def _get(opener, url, tally: _Tally, data: dict | None = None) -> str:
    started = time.perf_counter()
    try:
        with opener.open(url, data=urlencode(data).encode() if data else None, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            status = response.status
    except HTTPError as exc:
        status, body = exc.code, ""
    except (URLError, OSError) as exc:
        tally.add("failed", error=type(exc).__name__)
        return ""
    tally.add(status, time.perf_counter() - started, f"HTTP {status}" if status >= 500 else None)
    return body


def _person(base: str, username: str, password: str, deadline: float, tally: _Tally) -> None:
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    form = _get(opener, f"{base}/accounts/login/", tally)
    token = _CSRF.search(form)
    after = _get(opener, f"{base}/accounts/login/", tally,
                 {"csrfmiddlewaretoken": token[1] if token else "", "username": username, "password": password})
    if 'name="password"' in after:  # still the login form: refused
        tally.add("login_refused", error=f"login refused: {username}")
        return
    step = 0
    while time.monotonic() < deadline:
        _get(opener, base + PAGES[step % len(PAGES)], tally)
        step += 1


def soak(*, url: str | None, users: int, seconds: float, password: str, accounts=DEMO_ACCOUNTS,
         pid: int | None = None) -> dict:
    base = loopback_url(url)
    if users < 1 or seconds <= 0:
        raise ValueError("--users 至少为 1，--seconds 须大于 0")
    tally = _Tally()
    rss_before, peak = rss_kib(pid), [rss_kib(pid) or 0]
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_person, args=(base, accounts[i % len(accounts)], password, deadline, tally),
                                daemon=True) for i in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak[0] = max(peak[0], rss_kib(pid) or 0)
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    rss_after = rss_kib(pid)
    return {
        "url": base, "users": users, "seconds_asked": seconds, "seconds_taken": round(elapsed, 2),
        "requests": len(latencies), "per_second": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items(), key=str)},
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1) if latencies else None,
        "server_memory": None if rss_before is None else {
            "pid": pid, "rss_before_mib": round(rss_before / 1024, 1), "rss_after_mib": round((rss_after or 0) / 1024, 1),
            "rss_peak_mib": round(peak[0] / 1024, 1), "growth_mib": round(((rss_after or 0) - rss_before) / 1024, 1)},
    }


def bench_soak(*, runs: int, url=None, users=50, seconds=60.0, pid=None, accounts=None, password=None) -> dict:
    """The `bench soak` suite (oa/core/management/commands/bench.py); `runs` does not apply."""
    import os

    names = tuple(a for a in (accounts or "").split(",") if a) or DEMO_ACCOUNTS
    return soak(url=url, users=users, seconds=seconds, pid=pid, accounts=names,
                password=password or os.environ.get("OA_DEMO_PASSWORD", ""))
