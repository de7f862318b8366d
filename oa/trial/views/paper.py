"""双轨试运行 pages of paper: the clerk's worklists and steps, reconciliation, paper-only items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.core.params import whole_number
from oa.trial import permissions as perms
from oa.trial.choices import Discrepancy
from oa.trial.forms import PaperConfirmForm, PaperOnlyForm, PaperSentForm, UrgentChannelForm
from oa.trial.selectors import (
    discrepancy_of,
    paper_chaseable,
    paper_for,
    paper_only_items,
    paper_worklist,
    reconciliation,
    reconciliation_counts,
    unmatched_paper_arrivals,
)
from oa.trial.services import paper as paper_service
from oa.trial.views.forms import show_form_errors


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
    attempt(request, lambda: paper_service.paper_bulk_confirm(actor=request.user, requirement_ids=ids), failed="未能批量确认",
            done=lambda rows: f"已确认收到 {len(rows)} 件纸质件。")
    return redirect(reverse("trial-paper-list") + "?tab=receive")


def paper_detail(request, pk):
    requirement = paper_for(request.user, pk)
    actions = perms.paper_actions(request.user, requirement)
    chase = paper_chaseable(request.user, requirement)
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
        step = lambda: paper_service.paper_record(actor=request.user, requirement_id=pk, sent=paper_service.PaperSent(**form.cleaned_data))  # noqa: E731
    elif action == "confirm":
        form = PaperConfirmForm(request.POST)
        step = lambda: paper_service.paper_confirm(actor=request.user, requirement_id=pk, count=form.cleaned_data["count"],  # noqa: E731
                                     received_on=form.cleaned_data["received_on"],
                                     paper_arrival_id=form.cleaned_data["paper_arrival"])
    elif action == "urgent":
        form = UrgentChannelForm(request.POST)
        step = lambda: paper_service.paper_urgent_channel(actor=request.user, requirement_id=pk, channel=form.cleaned_data["channel"])  # noqa: E731
    elif action == "chase":
        form, step = None, lambda: paper_service.paper_chase(actor=request.user, requirement_id=pk, kind=request.POST.get("kind"))
    else:
        raise Http404
    if form is not None and not form.is_valid():
        show_form_errors(request, form)
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
        row.own_step = paper_service.own_step(row, request.user, kind)  # the clerk's own department owes it: no 催 button
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
        if attempt(request, lambda: paper_service.paper_only_record(actor=request.user, counterpart_id=data["counterpart"].pk,
                                                      direction=data["direction"], count=data["count"], on_date=data["on_date"]),
                   failed="未能登记", done="已登记（不含标题和内容）。"):
            return redirect("trial-paper-only")
    return render(request, "trial/paper_only.html", {"form": form, "items": paper_only_items(request.user).rows})
