"""`python manage.py bench usage` — the 统计 dashboard on the synthetic city (`bench_data --tier S`).

Inside one transaction that is rolled back (nothing is left behind): rebuild the running period's
rollup from the ledger and the documents tables (timed), then the dashboard page as the
information center and as a clerk who sees one department (p50/p95, SQL queries), and one bulletin's PDF
and DOCX rendering. `--baseline FILE` (this suite's JSON at tier S): the dashboards' p50 ratio to it (goal
at tier L: ≤ 1.2) beside the query counts.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from documents.models import Delivery, Document
from oa.core.bench import client_for, measure_page, percentile
from oa.org.choices import Role


class _Rollback(Exception):
    pass


def bench_usage(runs: int = 20, baseline: str | None = None) -> dict:
    from oa.org.models import Department, Person
    from oa.org.services.roles import role_grant
    from oa.usage.models import OverdueCount, UsageFigure
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
            client = client_for(person)
            results["dashboard"] = measure_page(client, f"/usage/?period={period}", runs)
            # A person who sees one department (a clerk): pays for one department (issue 20).
            clerk = Person.objects.filter(is_active=True, department__slug__startswith="bench") \
                .exclude(role_grants__role=Role.INFO_CENTER).order_by("id").first()
            results["dashboard_one_department"] = measure_page(client_for(clerk), f"/usage/?period={period}", runs)
            results["overdue_kept"] = sum(r.open_yellow + r.open_red for r in OverdueCount.objects.all())
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
    results["ratio_to_baseline"] = _page_ratios(results, baseline)
    return results


def _page_ratios(results: dict, baseline: str | None) -> dict | None:
    """`--baseline` = this suite's JSON at tier S: each dashboard's p50 here ÷ there (goal at tier L: ≤ 1.2)
    and the queries here and there (the same at every tier)."""
    if not baseline:
        return None
    import json
    from pathlib import Path

    base = json.loads(Path(baseline).read_text(encoding="utf-8"))
    out = {}
    for key in ("dashboard", "dashboard_one_department"):
        if key in base and key in results:
            ratio = round(results[key]["p50_ms"] / base[key]["p50_ms"], 2)
            out[key] = {"p50_ratio": ratio, "limit": 1.2, "pass": ratio <= 1.2,
                        "queries": results[key]["queries"], "baseline_queries": base[key]["queries"]}
    return out


# --- `python manage.py bench reports` (issue 8): the half-month reports at tier S and L ----------------

def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _stats(times: list[float], cpu: list[float] | None = None) -> dict:
    ordered = sorted(times)
    out = {"p50_ms": _ms(statistics.median(times)),
           "p95_ms": _ms(percentile(times, 0.95)),
           "max_ms": _ms(ordered[-1]), "runs": len(times)}
    if cpu:  # this process's CPU time: steadier than wall time on a shared machine (excludes the DB server)
        out["cpu_p50_ms"] = _ms(statistics.median(cpu))
    return out


class _Timed(list):
    cpu: list


def _timed(fn, runs: int, *, rollback: bool = False) -> tuple[list[float], int]:
    """Run fn `runs` times; with rollback each run is undone (a savepoint) so runs see the same data.
    Returns the wall times (with `.cpu`, the process CPU times) and the SQL queries of the last run."""
    times, queries = _Timed(), 0
    times.cpu = []
    for _ in range(runs):
        sid = transaction.savepoint() if rollback else None
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - started)
            times.cpu.append(time.process_time() - cpu)
        queries = len(captured.captured_queries)
        if sid is not None:
            transaction.savepoint_rollback(sid)
    return times, queries


def _info_center_client():
    from django.utils import timezone

    from oa.org.models import Department, Person
    from oa.org.services.roles import role_grant

    person = Person.objects.create(username="bench_reports_info", name="基准信息中心",
                                   department=Department.objects.order_by("id").first(), password_changed_at=timezone.now())
    role_grant(actor=None, person=person, role=Role.INFO_CENTER, system=True)
    return client_for(person)


def bench_reports(runs: int = 20, baseline: str | None = None) -> dict:
    """Reports of the most recent ended half month, read from the rollup that `bench_events` built.

    Everything that writes (close, rebuilds, the benchmark's own person and login) happens inside
    one transaction that is rolled back. `baseline` = the JSON printed by this suite at tier S; with
    it the L ÷ S ratio of the report data time is computed and judged (target ≤ 1.2).
    """
    import json
    from pathlib import Path

    from django.utils import timezone

    from oa.audit.models import LedgerEntry
    from oa.org.models import Department
    from oa.usage.models import Bulletin, UsageFigure
    from oa.usage.periods import Period
    from oa.usage.selectors import build_table
    from oa.usage.services import bulletin
    from oa.usage.services.reports import usage_close
    from oa.usage.services.rollup import freeze_provided, freeze_state, rebuild

    period = Period.current().previous()
    if not UsageFigure.objects.filter(period=str(period)).exists():
        raise RuntimeError(f"{period} 没有统计数据：请先运行 bench_data --tier S 与 bench_events --events 100000")
    names = set(UsageFigure.objects.values_list("period", flat=True).distinct())
    periods = sorted((Period.parse(p) for p in names), key=lambda p: p.start)
    ended = [p for p in periods if p.is_closed_by()]
    slow = max(1, min(runs, 5))  # close and rebuilds take long at tier L: fewer runs
    out: dict = {
        "tier": {"departments": Department.objects.filter(is_active=True).count(),
                 "ledger_events": LedgerEntry.objects.count(), "rollup_rows": UsageFigure.objects.count(),
                 "periods": len(periods), "documents": Document.objects.count(), "deliveries": Delivery.objects.count()},
        "period": str(period),
        "period_rollup_rows": UsageFigure.objects.filter(period=str(period)).count(),
        "period_ledger_events": LedgerEntry.objects.filter(at__gte=period.start, at__lt=period.end).count(),
    }
    try:
        with transaction.atomic():
            if Bulletin.objects.filter(period=str(period)).exists():
                raise RuntimeError(f"{period} 已有通报：请在新建的基准数据库上运行")
            build_table(period, live=False)  # warm-up
            # About a millisecond each: timed 10× as often as the pages so that the median holds still.
            times, queries = _timed(lambda: build_table(period, live=False), runs * 10)
            out["report_data_ms"] = {**_stats(times, times.cpu), "queries": queries}
            client = _info_center_client()
            out["dashboard"] = measure_page(client, f"/usage/?period={period}", runs)
            out["api_period"] = measure_page(client, f"/api/v1/usage-reports/periods/{period}/", runs)

            times, _ = _timed(lambda: usage_close(period=period), slow, rollback=True)
            out["close_ms"] = _stats(times, times.cpu)
            # Where the whole close_period's time goes: the rollup check against the ledger (its own
            # step), the freeze (= close_ms above) and the two files rendered after it.
            parts: dict = {}
            sid = transaction.savepoint()
            started = time.perf_counter()
            rebuild(period, write=False)
            parts["verify_rollup"] = _ms(time.perf_counter() - started)
            started = time.perf_counter()
            freeze_provided(period)
            parts["freeze_provided"] = _ms(time.perf_counter() - started)
            started = time.perf_counter()
            freeze_state(period)
            parts["freeze_state"] = _ms(time.perf_counter() - started)
            started = time.perf_counter()
            table = build_table(period, live=False)
            c = bulletin.content(table, None, number="基准", issued_on=timezone.localdate(), version=1)
            parts["table_and_content"] = _ms(time.perf_counter() - started)
            started = time.perf_counter()
            pdf = bulletin.render_pdf(c)
            parts["pdf"] = _ms(time.perf_counter() - started)
            started = time.perf_counter()
            bulletin.render_docx(c)
            parts["docx"] = _ms(time.perf_counter() - started)
            transaction.savepoint_rollback(sid)
            out["close_parts_ms"] = parts

            times, _ = _timed(lambda: rebuild(period, write=True, with_state=False), slow, rollback=True)
            out["rebuild_period_ms"] = _stats(times, times.cpu)
            sid = transaction.savepoint()
            started = time.perf_counter()
            for p in ended:
                rebuild(p, write=True, with_state=False)
            out["rebuild_full_s"] = round(time.perf_counter() - started, 2)
            out["rebuild_full_periods"] = len(ended)
            transaction.savepoint_rollback(sid)

            rows = len(table["rows"])
            pdf_times, _ = _timed(lambda: bulletin.render_pdf(c), slow)
            docx_times, _ = _timed(lambda: bulletin.render_docx(c), slow)
            out["bulletin"] = {"departments": rows, "pdf": _stats(pdf_times, pdf_times.cpu),
                               "docx": _stats(docx_times, docx_times.cpu),
                               "pdf_bytes": len(pdf), "pdf_first_in_process_ms": parts["pdf"]}
            out["pdf_200_ms"] = _ms(statistics.median(pdf_times)) if rows >= 200 else None
            out["docx_200_ms"] = _ms(statistics.median(docx_times)) if rows >= 200 else None
            raise _Rollback
    except _Rollback:
        pass

    ratio = per_department = None
    if baseline:
        base = json.loads(Path(baseline).read_text(encoding="utf-8"))
        ratio = round(out["report_data_ms"]["p50_ms"] / base["report_data_ms"]["p50_ms"], 2)
        # The table's work is per department (derive + explain per row); the ledger never enters.
        per_department = round(ratio * base["tier"]["departments"] / out["tier"]["departments"], 2)
    out["report_data_ratio_to_baseline"] = ratio
    out["report_data_ratio_per_department"] = per_department

    def judged(value, limit):
        return None if value is None else {"value": value, "limit": limit, "pass": value <= limit}

    out["targets"] = {
        "report_data_L_over_S": judged(ratio, 1.2),
        "close_ms": judged(out["close_ms"]["p50_ms"], 1000),
        "pdf_200_ms": judged(out["pdf_200_ms"], 3000),
        "docx_200_ms": judged(out["docx_200_ms"], 1000),
    }
    return out
