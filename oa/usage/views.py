"""统计: the half-month usage dashboard, a department's score drill-down, the bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.core.xlsx import xlsx_response
from oa.org.models import Department
from oa.usage import charts, exports, permissions, progress
from oa.usage.figures import COLUMN_BY_CODE, COLUMNS, display
from oa.usage.models import Bulletin
from oa.usage.periods import Period
from oa.usage.score import formula
from oa.usage.selectors import department_row, open_overdue_items, score_items, table_for, trend
from oa.usage.services.reports import report_file, usage_correct

DASHBOARD_COLUMNS = ("active", "logins", "drafted", "sent", "received", "signed_1wd", "sign_median", "on_time_rate",
                     "yellow", "red", "circ_read_rate", "notices_read_rate", "usage_rate")


def _period(request) -> Period:
    value = request.GET.get("period") or request.POST.get("period")
    if not value:
        return Period.current()
    try:
        period = Period.parse(value)
    except ValueError as exc:
        messages.error(request, str(exc))
        return Period.current()
    if not period.has_begun():
        messages.error(request, f"{period.label}尚未开始，没有统计数据。")
        return Period.current()
    return period


CHOICE_COUNT = 24  # a year of half-months in the period picker


def period_choices(period: Period) -> list[Period]:
    """The periods the dashboard's picker offers, newest first: the last year up to the running period,
    and the shown one if it is older."""
    choices = Period.current().recent(CHOICE_COUNT)[::-1]
    return choices if period in choices else [*choices, period]


def _cells(figures: dict) -> list[str]:
    return [display(code, figures.get(code)) for code in DASHBOARD_COLUMNS]


def _figure(chart: charts.Chart, n: int | None = None) -> dict:
    return {"caption": chart.numbered(n) if n else chart.caption, "svg": mark_safe(chart.svg)}  # drawn here, labels escaped


def visible_rows(person, table: dict) -> list[dict]:
    return permissions.visible_table(person, table)["rows"]


def frozen_charts(report: Bulletin | None) -> dict | None:
    """A closed period's chart data as its bulletin froze it, so that the page draws the very charts
    the PDF and DOCX carry (a later change to an earlier period's rollup moves neither)."""
    return (report.data.get("bulletin") or {}).get("charts") if report is not None else None


def dashboard(request):
    person = request.user
    if not permissions.may_view_usage(person):
        raise PermissionDenied("您没有所属单位，无法查看使用情况统计。")
    period = _period(request)
    everyone = permissions.sees_all(person)
    table, report = table_for(period, departments=None if everyone else [person.department_id])
    rows = visible_rows(person, table)
    spec = frozen_charts(report) or charts.spec(table, trend(period, current=table))
    if everyone:
        figures = [_figure(chart, n) for n, chart in enumerate(charts.bulletin_charts(spec), start=1)]
    else:
        figures = [_figure(charts.chart(spec, "trend", str(person.department_id), with_city=False))]
    context = {
        "period": period, "table": table, "report": report, "everyone": everyone,
        "may_download": report is not None and permissions.may_view_bulletin(person, report),
        "headers": [COLUMN_BY_CODE[code] for code in DASHBOARD_COLUMNS],
        "rows": [{**r, "cells": _cells(r["figures"])} for r in rows],
        "city_cells": _cells(table["city"]["figures"]),
        "previous": period.previous(), "next": period.next() if period.next().start <= Period.current().start else None,
        "may_close": permissions.may_close(person), "closable": period.is_closed_by() and report is None,
        "live": table["live"], "figures": figures, "job": _job_context(request),
        "choices": period_choices(period),
    }
    template = "usage/_table.html" if request.headers.get("HX-Request") else "usage/dashboard.html"
    return render(request, template, context)


def department_detail(request, period: str, department_id: int):
    try:
        period_obj = Period.parse(period)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    department = get_object_or_404(Department, pk=department_id)
    if not permissions.may_view_department(request.user, department.pk):
        raise PermissionDenied("您只能查看本单位的统计。")
    table, report = table_for(period_obj)
    row = department_row(table, department.pk)
    if row is None:
        raise Http404("该单位不在本期统计中。")
    items = score_items(period_obj, department.pk, version=row["score"]["version"])
    parts = []
    for part in row["score"]["parts"]:
        component = next(c for c in formula(row["score"]["version"]).components if c.key == part["key"])
        parts.append({**part, "rate_text": "—" if part["rate"] is None else f"{part['rate'] * 100:.1f}%",
                      "items_label": component.items, "list": items.get(part["key"])})
    columns = [{"label": c.label, "value": display(c.code, row["figures"].get(c.code)), "how": c.how} for c in COLUMNS]
    spec = frozen_charts(report) or charts.spec(table, trend(period_obj, current=table))
    return render(request, "usage/department.html", {
        "period": period_obj, "department": department, "row": row, "parts": parts, "columns": columns,
        "report": report, "formula": table["formula"], "open_overdue": open_overdue_items(period_obj, department.pk),
        "open_overdue_as_of": min(period_obj.last, timezone.localdate()), "paper_only": items.get("paper_only"),
        "figure": _figure(charts.chart(spec, "trend", str(department.pk),
                                       with_city=permissions.sees_all(request.user))),
    })


def _department_for(person, period: str, department_id: int):
    """(period, department, table, row) a person may see, or 404/403 (pages and API alike)."""
    try:
        period_obj = Period.parse(period)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise Http404("没有这个单位。")
    if not permissions.may_view_department(person, department.pk):
        raise PermissionDenied("您只能查看本单位的统计。")
    table, _ = table_for(period_obj)
    row = department_row(table, department.pk)
    if row is None:
        raise Http404("该单位不在本期统计中。")
    return period_obj, department, table, row


def trend_rows(data: dict, who: str) -> list[dict]:
    series = data["series"].get(who) or {}
    return [{"period": p["period"], "label": p["label"], "short": p["short"], "frozen": p["frozen"],
             "usage_rate": (series.get("usage_rate") or [None] * len(data["periods"]))[i],
             "on_time_rate": (series.get("on_time_rate") or [None] * len(data["periods"]))[i]}
            for i, p in enumerate(data["periods"])]


def table_xlsx(person, period: Period):
    if not permissions.may_view_usage(person):
        raise PermissionDenied("您没有所属单位，无法导出使用情况统计。")
    table, report = table_for(period)
    everyone = permissions.sees_all(person)
    name = f"使用情况统计-{period.short_label}" + (f"-{report.number}第{report.version}版" if report else "")
    return xlsx_response(name, exports.table_sheets(table, visible_rows(person, table), with_city=everyone))


def department_xlsx_response(person, period: str, department_id: int):
    period_obj, department, table, row = _department_for(person, period, department_id)
    data = trend(period_obj, current=table)
    sheets = exports.department_sheets(row, score_items(period_obj, department.pk, version=row["score"]["version"]), trend_rows(data, str(department.pk)))
    return xlsx_response(f"效能评分-{department.name}-{period_obj.short_label}", sheets)


def dashboard_xlsx(request):
    return table_xlsx(request.user, _period(request))


def department_xlsx(request, period: str, department_id: int):
    return department_xlsx_response(request.user, period, department_id)


def trend_data(person, period: Period, department_id: int | None) -> dict:
    """The trend a person may see: the city and every department, or their own department only."""
    if not permissions.may_view_usage(person):
        raise PermissionDenied("您没有所属单位，无法查看使用情况统计。")
    everyone = permissions.sees_all(person)
    if not everyone:
        if department_id is not None and department_id != person.department_id:
            raise PermissionDenied("您只能查看本单位的统计。")
        department_id = person.department_id
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        raise Http404("没有这个单位。")
    table, _ = table_for(period)
    data = trend(period, current=table)
    who = str(department_id) if department_id is not None else "city"
    units = [{"department_id": None, "name": "全市", "rows": trend_rows(data, "city")}] if everyone else []
    for key, name in data["names"].items():
        if everyone and department_id is None or key == who:
            units.append({"department_id": int(key), "name": name, "rows": trend_rows(data, key)})
    return {"period": str(period), "department_id": department_id, "everyone": everyone,
            "periods": data["periods"], "units": units, "spec": charts.spec(table, data), "who": who}


def trend_view(request):
    person = request.user
    period = _period(request)
    raw = request.GET.get("department") or ""
    try:
        department_id = int(raw) if raw else None
    except ValueError as exc:
        raise Http404("单位编号不对。") from exc
    data = trend_data(person, period, department_id)
    chart = charts.chart(data["spec"], "trend", data["who"], with_city=data["everyone"])
    departments = list(Department.objects.filter(is_active=True).order_by("sort_order", "id").values("id", "name")) \
        if data["everyone"] else []
    return render(request, "usage/trend.html", {
        "period": period, "data": data, "figure": _figure(chart), "departments": departments,
        "units": [{**u, "cells": [(display("usage_rate", r["usage_rate"]), display("on_time_rate", r["on_time_rate"]))
                                  for r in u["rows"]]} for u in data["units"]],
    })


def report_list(request):
    if not permissions.may_view_usage(request.user):
        raise PermissionDenied("您没有所属单位，无法查看使用情况通报。")
    reports = visible_bulletins(request.user).defer("data").select_related("created_by")[:200]
    return render(request, "usage/reports.html", {"reports": reports, "may_close": permissions.may_close(request.user)})


def report_download(request, pk: int, fmt: str):
    if not permissions.may_view_usage(request.user):
        raise PermissionDenied("您没有所属单位，无法下载使用情况通报。")
    if fmt not in ("pdf", "docx"):
        raise Http404("不支持的格式。")
    report = get_object_or_404(visible_bulletins(request.user), pk=pk)
    return download_response(report, fmt)


def visible_bulletins(person):
    """The frozen bulletins a person may see (permissions.may_view_bulletin: a draft 报告 only once its
    通报 is issued, for everyone but the chain's people), as one query."""
    condition = permissions.bulletin_filter(person)
    return Bulletin.objects.none() if condition is None else Bulletin.objects.filter(condition)


def download_response(report: Bulletin, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    content_type = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(report_file(report, fmt), content_type=content_type)
    name = f"使用情况通报{report.number}第{report.version}版.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"usage-{report.pk}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return response


def job_outcome(record: dict) -> str:
    if record.get("stage") == "failed":
        return f"生成失败：{record.get('error') or '请联系系统管理员查看日志。'}"
    if record.get("created"):
        return f"已生成{record['number']}通报草稿，请在“报告与通报”中审阅提交。"
    return f"{record.get('number', '')}通报已存在。"


def start_close(person, period: Period) -> dict:
    """Queue the close of a period as a background task (information center only); the progress
    record says how far it got. With the immediate task backend it has finished on return."""
    from oa.usage.tasks import usage_close_task

    if not permissions.may_close(person):
        raise PermissionDenied("只有市信息中心可以生成通报。")
    job = progress.new_job(period=str(period), actor_id=person.pk)
    usage_close_task.enqueue(str(period), person.pk, job)
    return progress.get(job) or {"job": job, "stage": "queued", "finished": False}


def job_for(person, job: str) -> dict:
    record = progress.get(job)
    if record is None or not (record.get("actor") == person.pk or permissions.may_close(person)):
        raise Http404("没有这个后台任务，或已过期。")
    return {k: v for k, v in record.items() if k != "actor"}


def _job_context(request) -> dict | None:
    job = request.GET.get("job")
    if not job:
        return None
    try:
        record = job_for(request.user, job)
    except Http404:
        return None
    return {**_job_shown(record), "outcome": job_outcome(record) if record["finished"] else ""}


def _job_shown(record: dict) -> dict:
    """A job record as a page prints it: with the period's name in words (the record keeps the code)."""
    try:
        label = Period.parse(record.get("period", "")).short_label
    except ValueError:
        label = ""
    return {**record, "period_label": label}


@require_POST
def close_view(request):
    period = _period(request)
    back = reverse("usage") + f"?period={period}"
    if request.POST.get("reason") is not None and request.POST.get("correct"):
        attempt(request, lambda: usage_correct(period=period, actor=request.user, reason=request.POST.get("reason", "")),
                failed="更正失败", done=lambda r: f"已生成{r.number}第{r.version}版通报。")
        return redirect(back)
    record = attempt(request, lambda: start_close(request.user, period), failed="生成失败")
    if record is None:
        return redirect(back)
    if not record["finished"]:
        return redirect(f"{back}&job={record['job']}")
    (messages.error if record["stage"] == "failed" else messages.success)(request, job_outcome(record))
    return redirect(back)


def job_status(request, job: str):
    """The progress of a background close: JSON, or for htmx the progress fragment (which sends
    the browser back to the dashboard when the job has finished)."""
    record = job_for(request.user, job)
    if request.headers.get("HX-Request"):
        response = render(request, "usage/_progress.html", {"job": _job_shown(record)})
        if record["finished"]:
            response["HX-Redirect"] = reverse("usage") + f"?period={record['period']}&job={job}"
        return response
    return JsonResponse(record)
