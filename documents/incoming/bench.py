"""Benchmark of the 收文 lists on a synthetic city (run `bench_data --tier …` first).

For the 待办 and 收文登记簿 pages of the busiest bench department's clerk: SQL queries per page,
p50/p95 of the whole request, page 1 against a deep page (about page 500), and whether the
captured SQL contains COUNT(*) or OFFSET (it must not).
"""

from __future__ import annotations

from functools import partial

from django.db.models import Count

from documents.models import Delivery
from oa.core.bench import client_for, measure_page
from oa.org.choices import Role
from oa.org.models import Department, Person

PAGE = 30
DEEP_PAGE = 500
_page = partial(measure_page, sql_checks=True)


def _busiest_clerk():
    department = (
        Department.objects.filter(slug__startswith="bench").annotate(n=Count("deliveries")).order_by("-n").first()
    )
    if department is None:
        raise RuntimeError("没有合成数据：请先运行 python manage.py bench_data --tier S")
    clerk = Person.objects.filter(department=department, role_grants__role=Role.CLERK).first()
    return department, clerk


def bench_inbox(runs: int = 20) -> dict:
    department, clerk = _busiest_clerk()
    client = client_for(clerk)
    available = Delivery.objects.filter(department=department).count() // PAGE  # setup only, not measured
    deep_page = max(2, min(DEEP_PAGE, available))
    ids = list(Delivery.objects.filter(department=department).order_by("-id").values_list("id", flat=True)
               [(deep_page - 1) * PAGE - 1: (deep_page - 1) * PAGE])
    deep_cursor = ids[0] if ids else None
    results = {
        "tier_rows": {"deliveries": Delivery.objects.count(), "department_deliveries": Delivery.objects.filter(department=department).count()},
        "todo_page1": _page(client, "/inbox/?tab=todo", runs),
        "register_page1": _page(client, "/inbox/?tab=register", runs),
    }
    if deep_cursor:
        results["deep_page"] = deep_page
        results["register_deep_page"] = _page(client, f"/inbox/?tab=register&before={deep_cursor}", runs)
        results["deep_vs_first_p95"] = round(results["register_deep_page"]["p95_ms"] / max(results["register_page1"]["p95_ms"], 0.01), 2)
    return results
