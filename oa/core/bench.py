"""What the benchmarks share: a logged-in client on the configured host, and the timing of a page
(SQL queries of the last run, p50/p95 of the whole request)."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def client_for(person) -> Client:
    """A test client on the first allowed host, logged in as `person`."""
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].strip("[]").lstrip(".") or "127.0.0.1")
    client.force_login(person)
    return client


def measure_page(client, url: str, runs: int, *, sql_checks: bool = False) -> dict:
    """GET `url` once to warm up, then `runs` times. With sql_checks, whether the last run's SQL
    contains COUNT(*) or OFFSET (a keyset list must not)."""
    client.get(url)  # warm-up
    times, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = captured.captured_queries
    result = {"queries": len(queries), "p50_ms": round(statistics.median(times) * 1000, 2),
              "p95_ms": round(percentile(times, 0.95) * 1000, 2)}
    if sql_checks:
        sql = [q["sql"].upper() for q in queries]
        result["count_star"] = any("COUNT(" in s for s in sql)
        result["offset"] = any(" OFFSET " in s for s in sql)
    return result
