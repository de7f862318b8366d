"""双轨试运行 pages of the programme: the list, setting one up, its detail page and steps, the transmission rules."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.org.models import Department
from oa.trial import forms
from oa.trial import permissions as perms
from oa.trial.choices import TrialSystem
from oa.trial.models import TransmissionRule
from oa.trial.selectors import (
    current_programme,
    department_scope,
    pending_reports,
    programme_for,
    programmes,
    shown_departments,
)
from oa.trial.services import figures as figures_service
from oa.trial.services import programme as programme_service
from oa.trial.services.reports import report_chase
from oa.trial.services.rule import rule_create
from oa.trial.views.forms import show_form_errors, submit_form


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
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = attempt(request, lambda: programme_service.programme_create(
            actor=request.user, name=data["name"], start_date=data["start_date"], end_date=data["end_date"],
            paperless_target=data["paperless_target"], participants=form.participants(), groups_due=data["groups_due"]),
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
    shown_ids = shown_departments(user, department_ids)
    figures = figures_service.programme_figures(programme, shown_ids) if shown_ids else {}
    departments = {d.pk: d for d in Department.objects.filter(pk__in=department_ids)}
    groups = {g.department_id: g for g in programme.working_groups.select_related("leader", "contact")}
    trainings = list(programme.trainings.select_related("department").order_by("-held_on", "-id")
                     .filter(**department_scope(user))[:100])
    reports = list(programme.reports.select_related("department").order_by("department__sort_order"))
    own_department = user.department_id
    mine = own_department in department_ids
    keeper = bool(own_department) and perms.may_keep_department(user, own_department)
    empty = figures_service.department_figures_empty()
    rows = [{"department": departments[d], "figures": figures.get(d) or empty, "group": groups.get(d),
             "systems": [p.get_system_display() + ("" if p.listed else "（自行）") for p in participants if p.department_id == d]}
            for d in shown_ids]
    return render(request, "trial/detail.html", {
        "programme": programme, "by_system": by_system, "rows": rows, "trainings": trainings, "reports": reports,
        "manager": manager, "keeper": keeper, "mine": mine,
        "own_systems": [p.system for p in participants if p.department_id == own_department],
        "actions": [(a, perms.PROGRAMME_ACTIONS[a]) for a in perms.programme_actions(request.user, programme)],
        "participant_form": forms.ParticipantForm(), "join_form": forms.JoinForm(),
        "training_form": forms.TrainingForm(), "open": programme.state in ("planned", "running"),
        "reports_pending": len(pending_reports(reports)),
        "labels": figures_service.LABELS,
    })


@require_POST
def programme_act(request, pk, action):
    if action not in perms.PROGRAMME_ACTIONS:
        raise Http404
    attempt(request, lambda: programme_service.programme_transition(actor=request.user, programme_id=pk, action=action),
            failed=f"未能{perms.PROGRAMME_ACTIONS[action]}", done=f"已{perms.PROGRAMME_ACTIONS[action]}。")
    return redirect("trial-detail", pk)


@require_POST
def programme_target(request, pk):
    submit_form(request, forms.TargetForm(request.POST), lambda data: programme_service.programme_set_target(
        actor=request.user, programme_id=pk, paperless_target=data["paperless_target"]),
        failed="未能调整", done="无纸化目标日期已更新。")
    return redirect("trial-detail", pk)


def _add_participant(request, pk, form, department_of, *, listed: bool, failed: str, done: str):
    """List a department in the programme (the information center) or join one's own (listed=False)."""
    if form.is_valid() and (department_id := department_of(form)):
        attempt(request, lambda: programme_service.participant_add(
            actor=request.user, programme_id=pk, department_id=department_id, system=form.cleaned_data["system"],
            listed=listed), failed=failed, done=done)
    else:
        show_form_errors(request, form)
    return redirect("trial-detail", pk)


@require_POST
def programme_participant(request, pk):
    return _add_participant(request, pk, forms.ParticipantForm(request.POST), lambda form: form.cleaned_data["department"].pk,
                            listed=True, failed="未能列明", done="已列明试运行单位。")


@require_POST
def programme_join(request, pk):
    return _add_participant(request, pk, forms.JoinForm(request.POST), lambda form: request.user.department_id,
                            listed=False, failed="未能加入", done="本单位已自行加入试运行。")


def _own_department_step(request, pk, form_class, step, *, failed: str, done: str):
    """A form the person fills in for their own department in the programme (training)."""
    submit_form(request, form_class(request.POST), lambda data: step(
        actor=request.user, programme_id=pk, department_id=request.user.department_id, **data), failed=failed, done=done)
    return redirect("trial-detail", pk)


@require_POST
def programme_training(request, pk):
    return _own_department_step(request, pk, forms.TrainingForm, programme_service.training_record, failed="未能登记培训", done="培训已登记。")


@require_POST
def programme_reports_chase(request, pk):
    attempt(request, lambda: report_chase(actor=request.user, programme_id=pk), failed="未能催报",
            done=lambda n: f"已向 {n} 个未报送单位催报。")
    return redirect("trial-reports" if request.POST.get("next") == "reports" else "trial-detail", pk)


def rules(request):
    manager = perms.may_manage(request.user)
    form = forms.RuleForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("只有市信息中心可以修订传输规则。")
        if form.is_valid():
            if attempt(request, lambda: rule_create(actor=request.user, **form.cleaned_data), failed="未能发布新版本",
                       done=lambda r: f"传输规则第{r.version}版已发布。"):
                return redirect("trial-rules")
    return render(request, "trial/rules.html", {"rules": TransmissionRule.objects.all(), "form": form, "manager": manager})
