"""停机登记 (the information center) and 停机补登 (each department's clerk). Thin: forms validate,
services act, selectors read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.trial import permissions as perms
from oa.trial.forms import OutageEndForm, OutageForm, OutageItemForm, OutageWithdrawForm
from oa.trial.selectors import outage_items_for, outages_list
from oa.trial.services.outages import (
    backfill_deadline,
    backfill_working_days,
    outage_back_register,
    outage_declare,
    outage_end,
    outage_withdraw,
)
from oa.trial.views.forms import show_form_errors


def outages(request):
    """The list for everyone signed in; the declare form and the end / withdraw actions for the information center."""
    manager = perms.may_manage(request.user)
    form = OutageForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("只有市信息中心可以登记系统停机。")
        if form.is_valid() and attempt(request, lambda: outage_declare(actor=request.user, **form.cleaned_data),
                                       failed="未能登记停机", done="系统停机已登记，门户首页将显示停机公告。"):
            return redirect("trial-outages")
    rows = [{"outage": o, "actions": perms.outage_actions(request.user, o), "deadline": backfill_deadline(o)}
            for o in outages_list().rows]
    return render(request, "trial/outages.html", {
        "form": form, "manager": manager, "rows": rows, "end_form": OutageEndForm(), "withdraw_form": OutageWithdrawForm(),
        "days": backfill_working_days(), "clerk": perms.may_back_register(request.user),
    })


@require_POST
def outage_act(request, pk, action):
    if action == "end":
        form = OutageEndForm(request.POST)
        step = lambda: outage_end(actor=request.user, outage_id=pk, ends_at=form.cleaned_data["ends_at"])  # noqa: E731
    elif action == "withdraw":
        form = OutageWithdrawForm(request.POST)
        step = lambda: outage_withdraw(actor=request.user, outage_id=pk, reason=form.cleaned_data["reason"])  # noqa: E731
    else:
        raise Http404
    if not form.is_valid():
        show_form_errors(request, form)
    else:
        attempt(request, step, failed=f"未能{perms.OUTAGE_LABELS[action]}", done=f"已{perms.OUTAGE_LABELS[action]}。")
    return redirect("trial-outages")


def _own_documents(person):
    from documents.models import Document

    return list(Document.objects.filter(drafting_department_id=person.department_id).only("id", "title")
                .order_by("-id")[:50])


def outage_items(request):
    """停机补登: the clerk's form and the department's back-registered items."""
    if not perms.may_view_outage_items(request.user):
        raise PermissionDenied("停机补登由各单位收发员登记。")
    clerk = perms.may_back_register(request.user)
    if request.method == "POST" and not clerk:
        raise PermissionDenied("停机补登由各单位收发员登记。")
    form = OutageItemForm(request.POST or None, documents=_own_documents(request.user),
                          own_department_id=request.user.department_id) if clerk else None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if attempt(request, lambda: outage_back_register(
                    actor=request.user, sent_at=data["sent_at"], counterpart_ids=[d.pk for d in data["counterparts"]],
                    count=data["count"], document_id=data["document"]),
                    failed="未能补登", done="已补登：停机期间以纸质发送的公文不计入未上网。"):
                return redirect("trial-outage-items")
        else:
            show_form_errors(request, form)
    return render(request, "trial/outage_items.html", {
        "form": form, "clerk": clerk, "items": outage_items_for(request.user).rows, "days": backfill_working_days(),
        "outages": [o for o in outages_list(size=20).rows if o.state != "withdrawn"],
    })
