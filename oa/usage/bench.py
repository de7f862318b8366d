"""`python manage.py bench usage` — the 统计 dashboard on the synthetic city (`bench_data --tier S`).

Inside one transaction that is rolled back (nothing is left behind): rebuild the running period's
rollup from the ledger and the documents tables (timed), then the dashboard page as the
information center (p50/p95, SQL queries), and one bulletin's PDF and DOCX rendering.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from oa.org.choices import Role


class _Rollback(Exception):
    pass


def _page(client, url: str, runs: int) -> dict:
    client.get(url)  # warm-up
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    ordered = sorted(times)
    return {"queries": queries, "p50_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 2)}


def bench_usage(runs: int = 20) -> dict:
    from django.conf import settings

    from documents.models import Delivery
    from oa.org.models import Department, Person
    from oa.org.services.roles import role_grant
    from oa.usage.models import UsageFigure
    from oa.usage.periods import Period
    from oa.usage.selectors import build_table
    from oa.usage.services import bulletin
    from oa.usage.services.rollup import rebuild

    if not Department.objects.filter(slug__startswith="bench").exists():
        raise RuntimeError("没有合成数据：请先运行 python manage.py bench_data --tier S")
    results: dict = {}
    try:
        with transaction.atomic():
            newest = Delivery.objects.order_by("-sent_at").values_list("sent_at", flat=True).first()
            period = Period.containing(newest) if newest else Period.current()
            started = time.perf_counter()
            rebuild(period, write=True, with_state=True)
            results["period"] = str(period)
            results["rebuild_ms"] = round((time.perf_counter() - started) * 1000, 1)
            results["rollup_rows"] = UsageFigure.objects.filter(period=str(period)).count()
            results["departments"] = Department.objects.filter(is_active=True).count()
            results["deliveries"] = Delivery.objects.count()
            person = Person.objects.filter(role_grants__role=Role.INFO_CENTER).first()
            if person is None:
                from django.utils import timezone as tz

                person = Person.objects.create(username="bench_usage_info", name="基准信息中心",
                                               department=Department.objects.order_by("id").first(),
                                               password_changed_at=tz.now())
                role_grant(actor=None, person=person, role=Role.INFO_CENTER, system=True)
            client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].strip("[]").lstrip(".") or "127.0.0.1")
            client.force_login(person)
            results["dashboard"] = _page(client, f"/usage/?period={period}", runs)
            table = build_table(period, live=False)
            from django.utils import timezone

            c = bulletin.content(table, None, number="基准", issued_on=timezone.localdate(), version=1)
            started = time.perf_counter()
            pdf = bulletin.render_pdf(c)
            results["pdf_ms"] = round((time.perf_counter() - started) * 1000, 1)
            started = time.perf_counter()
            bulletin.render_docx(c)
            results["docx_ms"] = round((time.perf_counter() - started) * 1000, 1)
            results["pdf_bytes"] = len(pdf)
            raise _Rollback
    except _Rollback:
        pass
    return results
