"""双轨试运行 pages: the programme, the rules, paper worklists, reconciliation, paper-only items and
the usage reports. Thin: forms validate, services act, selectors read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.core.params import whole_number
from oa.org.models import Department
from oa.trial import permissions as perms
from oa.trial.choices import Discrepancy, PaperState, ReportState, TrialSystem
from oa.trial.forms import (
    JoinForm,
    PaperConfirmForm,
    PaperOnlyForm,
    PaperSentForm,
    ParticipantForm,
    ProgrammeForm,
    ReportForm,
    ReportReturnForm,
    RuleForm,
    TargetForm,
    TrainingForm,
    UrgentChannelForm,
    WorkingGroupForm,
)
from oa.trial.models import TransmissionRule
from oa.trial.selectors import (
    current_programme,
    discrepancy_of,
    paper_for,
    paper_only_items,
    paper_worklist,
    programme_for,
    programmes,
    reconciliation,
    reconciliation_counts,
    unmatched_paper_arrivals,
)
from oa.trial.services import figures as figures_service
from oa.trial.services import reports as report_service
from oa.trial.services.paper import (
    PaperSent,
    own_step,
    paper_bulk_confirm,
    paper_chase,
    paper_confirm,
    paper_only_record,
    paper_record,
    paper_urgent_channel,
)
from oa.trial.services.programme import (
    participant_add,
    programme_create,
    programme_set_target,
    programme_transition,
    training_record,
    working_group_save,
)
from oa.trial.services.reports import (
    report_approve,
    report_archive,
    report_chase,
    report_file_name,
    report_for,
    report_return,
    report_save,
    report_submit,
)
from oa.trial.services.rule import rule_create
from oa.uploads.attachment_views import attachment_views
from oa.uploads.forms import GatedFileForm


def _form_error(request, form) -> None:
    from django.contrib import messages

    errors = [f"{form.fields[f].label if f in form.fields else ''}：{e}" if f != "__all__" else e
              for f, es in form.errors.items() for e in es]
    messages.error(request, "；".join(errors))


def trial_home(request):
    programme = current_programme()
    if programme is None:
        return redirect("trial-programmes")
    return redirect("trial-detail", programme.pk)


def programme_list(request):
    return render(request, "trial/programmes.html", {
        "programmes": programmes().rows, "may_manage": perms.may_manage(request.user)})


def programme_new(request):
    if not perms.may_manage(request.user):
        raise PermissionDenied("只有市信息中心可以设立试运行。")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = attempt(request, lambda: programme_create(
            actor=request.user, name=data["name"], start_date=data["start_date"], end_date=data["end_date"],
            paperless_target=data["paperless_target"], participants=form.participants()),
            failed="未能设立", done="试运行已设立（筹备）。")
        if programme:
            return redirect("trial-detail", programme.pk)
    return render(request, "trial/programme_form.html", {"form": form})


def programme_detail(request, pk):
    programme = programme_for(request.user, pk)
    user = request.user
    participants = list(programme.participants.select_related("department").order_by("department__sort_order", "system"))
    by_system = {value: {"label": label, "rows": [p for p in participants if p.system == value]}
                 for value, label in TrialSystem.choices}
    department_ids = sorted({p.department_id for p in participants})
    manager = perms.may_manage(user)
    shown_ids = department_ids if manager else [d for d in department_ids if d == user.department_id]
    figures = figures_service.programme_figures(programme, shown_ids) if shown_ids else {}
    departments = {d.pk: d for d in Department.objects.filter(pk__in=department_ids)}
    groups = {g.department_id: g for g in programme.working_groups.all()}
    trainings = list(programme.trainings.select_related("department").order_by("-held_on", "-id")
                     .filter(**({} if manager else {"department_id": user.department_id}))[:100])
    reports = list(programme.reports.select_related("department").order_by("department__sort_order"))
    own_department = user.department_id
    mine = own_department in department_ids
    keeper = bool(own_department) and perms.may_keep_department(user, own_department)
    empty = figures_service.department_figures_empty()
    rows = [{"department": departments[d], "figures": figures.get(d) or empty, "group": groups.get(d),
             "systems": [p.get_system_display() + ("" if p.listed else "（自行）") for p in participants if p.department_id == d]}
            for d in shown_ids]
    own_group = groups.get(own_department)
    return render(request, "trial/detail.html", {
        "programme": programme, "by_system": by_system, "rows": rows, "trainings": trainings, "reports": reports,
        "manager": manager, "keeper": keeper, "mine": mine,
        "actions": [(a, perms.PROGRAMME_ACTIONS[a]) for a in perms.programme_actions(user, programme)],
        "participant_form": ParticipantForm(), "join_form": JoinForm(),
        "group_form": WorkingGroupForm(initial={"leader_name": own_group.leader_name, "contact_name": own_group.contact_name,
                                                "phone": own_group.phone} if own_group else None),
        "training_form": TrainingForm(), "open": programme.state in ("planned", "running"),
        "reports_pending": sum(1 for r in reports if r.state in (ReportState.DRAFT, ReportState.AWAITING_LEADER)),
        "labels": figures_service.LABELS,
    })


@require_POST
def programme_act(request, pk, action):
    if action not in perms.PROGRAMME_ACTIONS:
        raise Http404
    attempt(request, lambda: programme_transition(actor=request.user, programme_id=pk, action=action),
            failed=f"未能{perms.PROGRAMME_ACTIONS[action]}", done=f"已{perms.PROGRAMME_ACTIONS[action]}。")
    return redirect("trial-detail", pk)


@require_POST
def programme_target(request, pk):
    form = TargetForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: programme_set_target(actor=request.user, programme_id=pk,
                                                      paperless_target=form.cleaned_data["paperless_target"]),
                failed="未能调整", done="无纸化目标日期已更新。")
    else:
        _form_error(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_participant(request, pk):
    form = ParticipantForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: participant_add(actor=request.user, programme_id=pk, department_id=form.cleaned_data["department"].pk,
                                                 system=form.cleaned_data["system"], listed=True),
                failed="未能列明", done="已列明试运行单位。")
    else:
        _form_error(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_join(request, pk):
    form = JoinForm(request.POST)
    if form.is_valid() and request.user.department_id:
        attempt(request, lambda: participant_add(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                                 system=form.cleaned_data["system"], listed=False),
                failed="未能加入", done="本单位已自行加入试运行。")
    else:
        _form_error(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_group(request, pk):
    form = WorkingGroupForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: working_group_save(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                                    **form.cleaned_data),
                failed="未能保存工作组", done="试运行工作组已保存。")
    else:
        _form_error(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_training(request, pk):
    form = TrainingForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: training_record(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                                 **form.cleaned_data),
                failed="未能登记培训", done="培训已登记。")
    else:
        _form_error(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_reports_chase(request, pk):
    attempt(request, lambda: report_chase(actor=request.user, programme_id=pk), failed="未能催报",
            done=lambda n: f"已向 {n} 个未报送单位催报。")
    return redirect("trial-reports" if request.POST.get("next") == "reports" else "trial-detail", pk)


def rules(request):
    manager = perms.may_manage(request.user)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("只有市信息中心可以修订传输规则。")
        if form.is_valid():
            if attempt(request, lambda: rule_create(actor=request.user, **form.cleaned_data), failed="未能发布新版本",
                       done=lambda r: f"传输规则第{r.version}版已发布。"):
                return redirect("trial-rules")
    return render(request, "trial/rules.html", {"rules": TransmissionRule.objects.all(), "form": form, "manager": manager})


def paper_list(request):
    if not perms.is_clerk(request.user):
        raise PermissionDenied("纸质同步由各单位收发员登记和确认。")
    tab = "receive" if request.GET.get("tab") == "receive" else "send"
    return render(request, "trial/paper_list.html", {
        "tab": tab, "rows": paper_worklist(request.user, tab).rows, "today": None,
    })


@require_POST
def paper_bulk(request):
    ids = [n for i in request.POST.getlist("ids") if (n := whole_number(i)) is not None]
    attempt(request, lambda: paper_bulk_confirm(actor=request.user, requirement_ids=ids), failed="未能批量确认",
            done=lambda rows: f"已确认收到 {len(rows)} 件纸质件。")
    return redirect(reverse("trial-paper-list") + "?tab=receive")


def paper_detail(request, pk):
    requirement = paper_for(request.user, pk)
    actions = perms.paper_actions(request.user, requirement)
    chase = perms.may_paper(request.user, "chase", requirement) and discrepancy_of(requirement) not in ("", Discrepancy.RECONCILED)
    return render(request, "trial/paper_detail.html", {
        "r": requirement, "actions": actions, "may_chase": chase, "kind": discrepancy_of(requirement),
        "kind_label": dict(Discrepancy.choices).get(discrepancy_of(requirement), ""),
        "sent_form": PaperSentForm(initial={"count": requirement.sent_count or requirement.delivery.copies,
                                            "method": requirement.method or "exchange"}),
        "confirm_form": PaperConfirmForm(initial={"count": requirement.sent_count}),
        "urgent_form": UrgentChannelForm(),
        "arrivals": unmatched_paper_arrivals(request.user) if "confirm" in actions else [],
    })


@require_POST
def paper_act(request, pk, action):
    if action == "record":
        form = PaperSentForm(request.POST)
        step = lambda: paper_record(actor=request.user, requirement_id=pk, sent=PaperSent(**form.cleaned_data))  # noqa: E731
    elif action == "confirm":
        form = PaperConfirmForm(request.POST)
        step = lambda: paper_confirm(actor=request.user, requirement_id=pk, count=form.cleaned_data["count"],  # noqa: E731
                                     received_on=form.cleaned_data["received_on"],
                                     paper_arrival_id=form.cleaned_data["paper_arrival"])
    elif action == "urgent":
        form = UrgentChannelForm(request.POST)
        step = lambda: paper_urgent_channel(actor=request.user, requirement_id=pk, channel=form.cleaned_data["channel"])  # noqa: E731
    elif action == "chase":
        form, step = None, lambda: paper_chase(actor=request.user, requirement_id=pk, kind=request.POST.get("kind"))
    else:
        raise Http404
    if form is not None and not form.is_valid():
        _form_error(request, form)
    else:
        attempt(request, step, failed=f"未能{perms.PAPER_LABELS[action]}", done=f"已{perms.PAPER_LABELS[action]}。")
    if action == "chase" and request.POST.get("next", "").startswith("/trial/"):
        return redirect(request.POST["next"])
    return redirect("trial-paper", pk)


def reconcile(request):
    if not perms.may_reconcile(request.user):
        raise PermissionDenied("对账由各单位收发员和市信息中心查看。")
    kind = request.GET.get("kind") if request.GET.get("kind") in Discrepancy.values else Discrepancy.PAPER_MISSING
    rows = reconciliation(request.user, kind).rows
    for row in rows:
        row.own_step = own_step(row, request.user, kind)  # the clerk's own department owes it: no 催 button
    return render(request, "trial/reconcile.html", {
        "kind": kind, "kinds": Discrepancy.choices, "counts": reconciliation_counts(request.user),
        "rows": rows, "all": perms.is_info_center(request.user),
        "chaseable": kind != Discrepancy.RECONCILED,
    })


def paper_only(request):
    if not perms.is_clerk(request.user):
        raise PermissionDenied("涉密纸质件由各单位收发员登记。")
    form = PaperOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(request, lambda: paper_only_record(actor=request.user, counterpart_id=data["counterpart"].pk,
                                                      direction=data["direction"], count=data["count"], on_date=data["on_date"]),
                   failed="未能登记", done="已登记（不含标题和内容）。"):
            return redirect("trial-paper-only")
    return render(request, "trial/paper_only.html", {"form": form, "items": paper_only_items(request.user).rows})


def report_detail(request, pk):
    """The report: the department edits its sections and submits, its leader approves or returns,
    the information center archives and downloads."""
    report = report_for(request.user, pk)
    user = request.user
    may_edit = perms.may_report(user, "edit", report)
    form = ReportForm(request.POST or None, initial={"usage": report.usage, "problems": report.problems,
                                                      "suggestions": report.suggestions})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("您无权修改这份报告。")
        if not form.is_valid():
            _form_error(request, form)
        elif request.POST.get("submit"):
            if attempt(request, lambda: report_submit(actor=user, report_id=pk, **form.cleaned_data),
                       failed="未能提交", done="用户使用报告已提交本单位领导审核。"):
                return redirect("trial-report", pk)
        elif attempt(request, lambda: report_save(actor=user, report_id=pk, **form.cleaned_data),
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
        step = lambda: report_submit(actor=user, report_id=pk)  # noqa: E731
    elif action == "approve":
        step = lambda: report_approve(actor=user, report_id=pk)  # noqa: E731
    elif action == "archive":
        step = lambda: report_archive(actor=user, report_id=pk)  # noqa: E731
    else:
        form = ReportReturnForm(request.POST)
        if not form.is_valid():
            _form_error(request, form)
            return redirect("trial-report", pk)
        step = lambda: report_return(actor=user, report_id=pk, reason=form.cleaned_data["reason"])  # noqa: E731
    attempt(request, step, failed=f"未能{perms.REPORT_ACTIONS[action]}", done=REPORT_DONE[action])
    return redirect("trial-report", pk)


def report_download(request, pk, kind):
    """The archived PDF or DOCX, for the department and the information center."""
    if kind not in ("pdf", "docx"):
        raise Http404
    report = report_for(request.user, pk)
    if report.state != ReportState.ARCHIVED:
        raise Http404("报告尚未归档。")
    name, content_type = report_file_name(report, kind)
    response = HttpResponse(bytes(getattr(report, kind)), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def programme_reports(request, pk):
    """The information center's view of the reports: who has not submitted (填写中 / 待领导审核), chase, archive."""
    programme = programme_for(request.user, pk)
    if not perms.may_manage(request.user):
        raise PermissionDenied("只有市信息中心可以查看各单位的报送情况。")
    reports = list(programme.reports.select_related("department", "filed_by").order_by("department__sort_order", "id"))
    pending = [r for r in reports if r.state in (ReportState.DRAFT, ReportState.AWAITING_LEADER)]
    return render(request, "trial/reports.html", {
        "programme": programme, "reports": reports, "pending": pending,
        "filed": [r for r in reports if r.state in (ReportState.FILED, ReportState.ARCHIVED)],
    })


attachment_download, attachment_upload, attachment_delete = attachment_views(
    owner_for=report_for, add=report_service.attachment_add, remove=report_service.attachment_remove, owner_id="report_id",
    edit_url="trial-report")
