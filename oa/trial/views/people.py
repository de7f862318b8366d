"""双轨试运行 page of the trial's people (seed 004 §1, §3, §6, §7): the 统筹协调小组, each department's working
group with its 专人, the approval units' 咨询电话, the due date and the 催报 of those missing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.trial import forms
from oa.trial import permissions as perms
from oa.trial.people import coordination_of, department_people, everyone, group_rows
from oa.trial.selectors import programme_for, shown_departments
from oa.trial.services import people as people_service
from oa.trial.views.forms import submit_form


def _coordination_initial(group) -> dict | None:
    if group is None:
        return None
    return {"leader": group.leader_id, "deputy": group.deputy_id, "members": [m.pk for m in group.members.all()],
            "fault_phone": group.fault_phone,
            "contacts": "\n".join(f"{c.name} {c.phone}" for c in group.contacts.all())}


def programme_people(request, pk):
    """The page; a POST is the 统筹协调小组 form beside it (the information center)."""
    programme = programme_for(request.user, pk)
    user = request.user
    manager = perms.may_manage(user)
    posted = None
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("只有市信息中心可以登记统筹协调小组。")
        posted = forms.CoordinationForm(request.POST, people=everyone())
        if posted.is_valid() and _save_coordination(request, pk, posted.cleaned_data):
            return redirect("trial-people", pk)
    department_ids = sorted(set(programme.participants.values_list("department_id", flat=True)))
    rows = group_rows(programme, shown_departments(user, department_ids))
    group = coordination_of(programme)
    own = next((row for row in rows if row["department"].pk == user.department_id), None)
    keeper = own is not None and perms.may_keep_department(user, user.department_id)
    open_ = people_service.is_open(programme)
    context = {
        "programme": programme, "coordination": group, "rows": rows, "manager": manager, "own": own,
        "keeper": keeper, "open": open_, "today": timezone.localdate(),
        "missing_groups": sum(r["group_missing"] for r in rows), "missing_phones": sum(r["phone_missing"] for r in rows),
    }
    if manager and open_:
        context["coordination_form"] = posted or forms.CoordinationForm(initial=_coordination_initial(group),
                                                                         people=everyone())
        context["due_form"] = forms.GroupsDueForm(initial={"groups_due": programme.groups_due})
    if keeper and open_:
        g = own["group"]
        initial = {"leader": g.leader_id, "contact": g.contact_id, "members": [m.pk for m in g.members.all()],
                   "phone": g.phone} if g else None
        context["group_form"] = forms.WorkingGroupForm(initial=initial, people=department_people(user.department_id))
        if own["approval"]:
            context["phone_form"] = forms.ConsultPhoneForm(initial={"phone": own["approval"].consult_phone})
    return render(request, "trial/people.html", context)


def _save_coordination(request, pk, data):
    return attempt(request, lambda: people_service.coordination_save(
        actor=request.user, programme_id=pk, group=people_service.Coordination(
            leader=data["leader"], deputy=data["deputy"], members=data["members"], fault_phone=data["fault_phone"],
            contacts=data["contacts"])), failed="未能保存统筹协调小组", done="统筹协调小组已保存，门户同步公布。")


@require_POST
def groups_due(request, pk):
    submit_form(request, forms.GroupsDueForm(request.POST), lambda data: people_service.groups_due_set(
        actor=request.user, programme_id=pk, due=data["groups_due"]), failed="未能设定报送日期", done="报送日期已更新。")
    return redirect("trial-people", pk)


@require_POST
def groups_chase(request, pk):
    attempt(request, lambda: people_service.groups_chase(actor=request.user, programme_id=pk), failed="未能催报",
            done=lambda n: f"已向 {n} 个未报单位催报。")
    return redirect("trial-people", pk)


@require_POST
def working_group(request, pk):
    submit_form(request, forms.WorkingGroupForm(request.POST), lambda data: people_service.working_group_save(
        actor=request.user, programme_id=pk, department_id=request.user.department_id, leader=data["leader"],
        contact=data["contact"], members=data["members"], phone=data["phone"]),
        failed="未能保存工作组", done="试运行工作组已保存。")
    return redirect("trial-people", pk)


@require_POST
def consult_phone(request, pk):
    submit_form(request, forms.ConsultPhoneForm(request.POST), lambda data: people_service.consult_phone_save(
        actor=request.user, programme_id=pk, department_id=request.user.department_id, phone=data["phone"]),
        failed="未能报送咨询电话", done="咨询电话已报送，由市政府统一公布。")
    return redirect("trial-people", pk)
