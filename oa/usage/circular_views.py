"""使用情况报告与通报: the pages of the report-then-通报 chain (list, one period's 报告/通报 with its steps and
history, the documents) and the home page's panel."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.usage import permissions
from oa.usage.choices import CircularState
from oa.usage.models import UsageCircular
from oa.usage.periods import Period
from oa.usage.services import circulars as service
from oa.usage.units import NEVER_COUNTED

CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
DONE = {
    "edit": "说明已保存。", "correct": "已按当前数据生成新版本，草稿已更新。",
    "submit": "已提交市信息中心领导审核。", "approve": "已审核，报告已报送市政府（市领导首页可见），待督办室审核通报。",
    "return": "已退回信息中心修改。", "send_back": "已退回市信息中心修改。", "issue": "已通报，各单位已收到通知。",
}
HOME_ROWS = 30  # the city leaders' home panel lists at most this many departments (the rest: 查看全部)


def visible_circulars(person):
    """The circulars a person may see (permissions.may_view_circular, as one query)."""
    condition = permissions.circular_filter(person)
    if condition is None:
        return UsageCircular.objects.none()
    return UsageCircular.objects.filter(condition)


def circular_list(request):
    if not permissions.may_view_usage(request.user):
        raise PermissionDenied("您没有所属单位，无法查看使用情况通报。")
    rows = (visible_circulars(request.user).select_related("bulletin", "issuer")
            .defer("bulletin__data", "content").order_by("-period_first")[:100])
    return render(request, "usage/circulars.html", {"circulars": rows})


def _steps(circular):
    return list(circular.steps.select_related("actor").order_by("at", "id"))


def circular_detail(request, pk: int):
    person = request.user
    circular = service.circular_for(person, pk)
    content = circular.content if circular.state == CircularState.ISSUED else service.report_content(circular)
    own = next((r for r in circular.bulletin.data["table"]["rows"] if r["department_id"] == person.department_id), None)
    if person.department is not None and person.department.kind in NEVER_COUNTED:
        own = None  # the information center and the 督办室 write and issue it; they have no row to look at
    last_return = next((s for s in reversed(_steps(circular)) if s.action in ("return", "send_back")), None)
    return render(request, "usage/circular.html", {
        "circular": circular, "period": Period.parse(circular.period), "c": content, "steps": _steps(circular),
        "actions": permissions.circular_actions(person, circular),
        "may_edit": permissions.may_circular(person, "edit", circular),
        "may_correct": permissions.may_circular(person, "correct", circular),
        "labels": permissions.CIRCULAR_FLOW.labels, "own_row": own, "last_return": last_return if circular.state == CircularState.DRAFT else None,
    })


@require_POST
def circular_act(request, pk: int, action: str):
    person = request.user
    if action not in (*permissions.CIRCULAR_ACTIONS, "edit", "correct"):
        raise Http404("没有这个操作。")
    service.circular_for(person, pk)  # 404 before anything else for a circular the person may not see
    text = request.POST.get("text", "")
    steps = {
        "edit": lambda: service.circular_edit(actor=person, circular_id=pk, remarks=text),
        "correct": lambda: service.circular_correct(actor=person, circular_id=pk, reason=text),
        "submit": lambda: service.circular_submit(actor=person, circular_id=pk,
                                                  remarks=request.POST["remarks"] if "remarks" in request.POST else None),
        "approve": lambda: service.circular_approve(actor=person, circular_id=pk),
        "return": lambda: service.circular_return(actor=person, circular_id=pk, reason=text),
        "send_back": lambda: service.circular_send_back(actor=person, circular_id=pk, reason=text),
        "issue": lambda: service.circular_issue(actor=person, circular_id=pk, comment=text),
    }
    label = permissions.CIRCULAR_FLOW.labels[action]
    attempt(request, steps[action], failed=f"未能{label}", done=DONE[action])
    return redirect("usage-circular", pk)


def _file(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename=\"usage-{fmt}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return response


def document_response(person, pk: int, which: str, fmt: str) -> HttpResponse:
    """The 报告 (report) or the issued 通报 (circular) as PDF or DOCX (pages and API alike)."""
    if fmt not in CONTENT_TYPES or which not in ("report", "circular"):
        raise Http404("不支持的格式，可用 pdf、docx。")
    circular = service.circular_for(person, pk)
    if which == "report":
        return _file(service.report_document(circular, fmt), fmt, f"市信息中心使用情况报告{circular.bulletin.number}.{fmt}")
    if circular.state != CircularState.ISSUED:
        raise Http404("尚未通报。")
    return _file(service.circular_document(circular, fmt), fmt, f"使用情况通报{circular.number}.{fmt}")


def circular_download(request, pk: int, which: str, fmt: str):
    return document_response(request.user, pk, which, fmt)


# --- the home page (oa.core.home): only there, and bounded ---------------------------------------------

def home_circulars(user) -> dict:
    """The portal home's panel. Everyone: the latest issued 通报 (one query), with a link to their own
    department's row. City leaders ("显现在市领导桌面", seed 000): the latest 报告 of the information center
    with the departments' figures (one more query, at most HOME_ROWS rows). The people of the chain: what
    waits for them (one more query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    fields = ("pk", "period", "state", "number_code", "number_year", "number_seq", "issued_at", "content__title")
    latest = (UsageCircular.objects.filter(state=CircularState.ISSUED).order_by("-period_first")
              .values(*fields).first())
    context = {"usage_circular_latest": latest and {**latest, "number": f"{latest['number_code']}〔{latest['number_year']}〕"
                                                                      f"{latest['number_seq']}号",
                                                      "title": latest["content__title"]}}
    if latest and user.department_id:
        context["usage_circular_own"] = reverse("usage-department", args=[latest["period"], user.department_id])
    if permissions.is_city_leader(user):
        reported = (UsageCircular.objects.filter(reported_at__isnull=False).select_related("bulletin")
                    .only("pk", "period", "state", "reported_at", "bulletin__data", "bulletin__number")
                    .order_by("-period_first").first())
        if reported is not None:
            rows = [r for r in reported.bulletin.data["table"]["rows"] if r.get("counted", True)]
            context["usage_city_report"] = {
                "circular": reported, "label": Period.parse(reported.period).label,
                "city": reported.bulletin.data["table"]["city"]["figures"], "count": len(rows),
                "rows": rows[:HOME_ROWS], "more": len(rows) > HOME_ROWS,
            }
    waiting = permissions.CIRCULAR_FLOW.waiting_parts(user)
    if waiting:
        from oa.core.workflow import either

        context["usage_circular_waiting"] = list(
            UsageCircular.objects.filter(either(waiting)).only("pk", "period", "state").order_by("-period_first")[:5])
    return context
