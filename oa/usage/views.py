"""统计: the half-month usage dashboard, a department's score drill-down, the bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.org.models import Department
from oa.usage import permissions
from oa.usage.figures import COLUMN_BY_CODE, COLUMNS, display
from oa.usage.models import UsageReport
from oa.usage.periods import Period
from oa.usage.score import COMPONENTS
from oa.usage.selectors import department_row, score_items, table_for
from oa.usage.services.reports import usage_close, usage_correct

DASHBOARD_COLUMNS = ("active", "logins", "drafted", "sent", "received", "signed_1wd", "sign_median", "on_time_rate",
                     "yellow", "red", "circ_read_rate", "notices_read_rate", "usage_rate")


def _period(request) -> Period:
    value = request.GET.get("period") or request.POST.get("period")
    if not value:
        return Period.current()
    try:
        return Period.parse(value)
    except ValueError as exc:
        messages.error(request, str(exc))
        return Period.current()


def _cells(figures: dict) -> list[str]:
    return [display(code, figures.get(code)) for code in DASHBOARD_COLUMNS]


def dashboard(request):
    person = request.user
    if not permissions.may_view_usage(person):
        raise PermissionDenied("您没有所属单位，无法查看使用情况统计。")
    period = _period(request)
    table, report = table_for(period)
    everyone = permissions.sees_all(person)
    rows = table["rows"] if everyone else [r for r in table["rows"] if r["department_id"] == person.department_id]
    context = {
        "period": period, "table": table, "report": report, "everyone": everyone,
        "headers": [COLUMN_BY_CODE[code] for code in DASHBOARD_COLUMNS],
        "rows": [{**r, "cells": _cells(r["figures"])} for r in rows],
        "city_cells": _cells(table["city"]["figures"]),
        "previous": period.previous(), "next": period.next() if period.next().start <= Period.current().start else None,
        "may_close": permissions.may_close(person), "closable": period.is_closed_by() and report is None,
        "live": table["live"],
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
    items = score_items(period_obj, department.pk)
    parts = []
    for part in row["score"]["parts"]:
        component = next(c for c in COMPONENTS if c.key == part["key"])
        parts.append({**part, "rate_text": "—" if part["rate"] is None else f"{part['rate'] * 100:.1f}%",
                      "items_label": component.items, "list": items.get(part["key"])})
    columns = [{"label": c.label, "value": display(c.code, row["figures"].get(c.code)), "how": c.how} for c in COLUMNS]
    return render(request, "usage/department.html", {
        "period": period_obj, "department": department, "row": row, "parts": parts, "columns": columns,
        "report": report, "formula": table["formula"],
    })


def report_list(request):
    if not permissions.may_view_usage(request.user):
        raise PermissionDenied("您没有所属单位，无法查看使用情况通报。")
    reports = UsageReport.objects.defer("pdf", "docx", "data").select_related("created_by")[:200]
    return render(request, "usage/reports.html", {"reports": reports, "may_close": permissions.may_close(request.user)})


def report_download(request, pk: int, fmt: str):
    if not permissions.may_view_usage(request.user):
        raise PermissionDenied("您没有所属单位，无法下载使用情况通报。")
    if fmt not in ("pdf", "docx"):
        raise Http404("不支持的格式。")
    report = get_object_or_404(UsageReport.objects.only("pk", "number", "version", fmt), pk=pk)
    return download_response(report, fmt)


def download_response(report: UsageReport, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    content_type = "application/pdf" if fmt == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(bytes(getattr(report, fmt)), content_type=content_type)
    name = f"使用情况通报{report.number}第{report.version}版.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"usage-{report.pk}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
def close_view(request):
    period = _period(request)
    back = reverse("usage") + f"?period={period}"
    if request.POST.get("reason") is not None and request.POST.get("correct"):
        attempt(request, lambda: usage_correct(period=period, actor=request.user, reason=request.POST.get("reason", "")),
                failed="更正失败", done=lambda r: f"已生成{r.number}第{r.version}版通报。")
        return redirect(back)
    attempt(request, lambda: usage_close(period=period, actor=request.user), failed="生成失败",
            done=lambda result: f"已生成{result[0].number}通报。" if result[1] else f"{result[0].number}通报已存在。")
    return redirect(back)
