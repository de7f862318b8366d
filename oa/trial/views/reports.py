"""双轨试运行 pages of the departments' usage reports: edit, steps, downloads, attachments, the information center's overview."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.trial import permissions as perms
from oa.trial.choices import PaperState, ReportState
from oa.trial.downloads import report_file_response
from oa.trial.forms import ReportForm, ReportReturnForm
from oa.trial.selectors import pending_reports, programme_for
from oa.trial.services import figures as figures_service
from oa.trial.services import reports as report_service
from oa.trial.views.forms import show_form_errors
from oa.uploads.attachment_views import attachment_views
from oa.uploads.forms import GatedFileForm


def report_detail(request, pk):
    """The report: the department edits its sections and submits, its leader approves or returns,
    the information center archives and downloads."""
    report = report_service.report_for(request.user, pk)
    user = request.user
    may_edit = perms.may_report(user, "edit", report)
    form = ReportForm(request.POST or None, initial={"usage": report.usage, "problems": report.problems,
                                                      "suggestions": report.suggestions})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("您无权修改这份报告。")
        if not form.is_valid():
            show_form_errors(request, form)
        elif request.POST.get("submit"):
            if attempt(request, lambda: report_service.report_submit(actor=user, report_id=pk, **form.cleaned_data),
                       failed="未能提交", done="用户使用报告已提交本单位领导审核。"):
                return redirect("trial-report", pk)
        elif attempt(request, lambda: report_service.report_save(actor=user, report_id=pk, **form.cleaned_data),
                     failed="未能保存", done="已保存。"):
            return redirect("trial-report", pk)
    live = report.state == ReportState.DRAFT
    figures = figures_service.department_figures(report.programme, report.department_id) if live else report.figures
    return render(request, "trial/report.html", {
        "report": report, "form": form, "may_edit": may_edit, "actions": perms.report_actions(user, report),
        "figures": figures, "labels": figures_service.LABELS, "paper_states": PaperState, "live": live,
        "attachments": list(report.attachments.all()), "upload_form": GatedFileForm(), "return_form": ReportReturnForm(),
        "archived": report.state == ReportState.ARCHIVED,
    })


REPORT_DONE = {"submit": "用户使用报告已提交本单位领导审核。", "approve": "已审核，用户使用报告已报送市信息中心。",
               "return": "已退回填写人。", "archive": "已归档（PDF 与 DOCX）。"}


@require_POST
def report_act(request, pk, action):
    if action not in perms.REPORT_ACTIONS:
        raise Http404
    user = request.user
    if action == "submit":
        step = lambda: report_service.report_submit(actor=user, report_id=pk)  # noqa: E731
    elif action == "approve":
        step = lambda: report_service.report_approve(actor=user, report_id=pk)  # noqa: E731
    elif action == "archive":
        step = lambda: report_service.report_archive(actor=user, report_id=pk)  # noqa: E731
    else:
        form = ReportReturnForm(request.POST)
        if not form.is_valid():
            show_form_errors(request, form)
            return redirect("trial-report", pk)
        step = lambda: report_service.report_return(actor=user, report_id=pk, reason=form.cleaned_data["reason"])  # noqa: E731
    attempt(request, step, failed=f"未能{perms.REPORT_ACTIONS[action]}", done=REPORT_DONE[action])
    return redirect("trial-report", pk)


def report_download(request, pk, kind):
    """The archived PDF or DOCX, for the department and the information center."""
    if kind not in ("pdf", "docx"):
        raise Http404
    report = report_service.report_for(request.user, pk)
    if report.state != ReportState.ARCHIVED:
        raise Http404("报告尚未归档。")
    return report_file_response(report, kind)


def programme_reports(request, pk):
    """The information center's view of the reports: who has not submitted (填写中 / 待领导审核), chase, archive."""
    programme = programme_for(request.user, pk)
    if not perms.may_manage(request.user):
        raise PermissionDenied("只有市信息中心可以查看各单位的报送情况。")
    reports = list(programme.reports.select_related("department", "filed_by").order_by("department__sort_order", "id"))
    pending = pending_reports(reports)
    return render(request, "trial/reports.html", {
        "programme": programme, "reports": reports, "pending": pending,
        "filed": [r for r in reports if r.state in (ReportState.FILED, ReportState.ARCHIVED)],
    })


attachment_download, attachment_upload, attachment_delete = attachment_views(
    owner_for=report_service.report_for, add=report_service.attachment_add, remove=report_service.attachment_remove, owner_id="report_id",
    edit_url="trial-report")
