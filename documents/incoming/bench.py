"""Benchmark of the 收文 lists on a synthetic city (run `bench_data --tier …` first).

For the 待办 and 收文登记簿 pages of the busiest bench department's clerk: SQL queries per page,
p50/p95 of the whole request, page 1 against a deep page (about page 500), and whether the
captured SQL contains COUNT(*) or OFFSET (it must not).
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.models import Delivery
from oa.org.choices import Role
from oa.org.models import Department, Person

PAGE = 30
DEEP_PAGE = 500


def _busiest_clerk():
    department = (
        Department.objects.filter(slug__startswith="bench").annotate(n=Count("deliveries")).order_by("-n").first()
    )
    if department is None:
        raise RuntimeError("没有合成数据：请先运行 python manage.py bench_data --tier S")
    clerk = Person.objects.filter(department=department, role_grants__role=Role.CLERK).first()
    return department, clerk


def _measure(client, url: str, runs: int) -> dict:
    times, queries, sql = [], 0, []
    client.get(url)  # warm-up
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        sql = [q["sql"] for q in captured.captured_queries]
    ordered = sorted(times)
    return {
        "queries": queries,
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 2),
        "count_star": any("COUNT(" in s.upper() for s in sql),
        "offset": any(" OFFSET " in s.upper() for s in sql),
    }


def bench_inbox(runs: int = 20) -> dict:
    department, clerk = _busiest_clerk()
    from django.conf import settings

    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].strip("[]").lstrip(".") or "127.0.0.1")
    client.force_login(clerk)
    available = Delivery.objects.filter(department=department).count() // PAGE  # setup only, not measured
    deep_page = max(2, min(DEEP_PAGE, available))
    ids = list(Delivery.objects.filter(department=department).order_by("-id").values_list("id", flat=True)
               [(deep_page - 1) * PAGE - 1: (deep_page - 1) * PAGE])
    deep_cursor = ids[0] if ids else None
    results = {
        "tier_rows": {"deliveries": Delivery.objects.count(), "department_deliveries": Delivery.objects.filter(department=department).count()},
        "todo_page1": _measure(client, "/inbox/?tab=todo", runs),
        "register_page1": _measure(client, "/inbox/?tab=register", runs),
    }
    if deep_cursor:
        results["deep_page"] = deep_page
        results["register_deep_page"] = _measure(client, f"/inbox/?tab=register&before={deep_cursor}", runs)
        results["deep_vs_first_p95"] = round(results["register_deep_page"]["p95_ms"] / max(results["register_page1"]["p95_ms"], 0.01), 2)
    return results
