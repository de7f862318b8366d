"""收文 pages: 待办 / 待阅 / 收文登记簿, one delivery with its trail and actions, paper arrivals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.incoming.forms import DeliveryStepForm, InboxFilterForm, PaperArrivalForm
from documents.incoming.permissions import ACTION_LABELS, delivery_actions, may_register_paper
from documents.incoming.selectors import (
    deliveries_waiting_for,
    delivery_for,
    handled_by,
    readings_waiting_for,
    register_page,
)
from documents.incoming.services.actions import DELIVERY_ACTIONS, delivery_act
from documents.incoming.services.circulation import circulation_recall, reading_mark_read
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.scans import held_scans_message
from documents.incoming.views.grades import with_grades
from documents.incoming.views.scans import delivery_scans_context
from documents.models import Reading
from documents.selectors import recipients_of
from oa.core.forms import form_save
from oa.core.messages import attempt
from oa.core.pagination import CURSOR, query_without_cursor

TABS = {"todo": "待办", "reading": "待阅", "handled": "已办", "register": "收文登记簿"}


def inbox(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "todo"
    form = InboxFilterForm(request.GET or None)
    before = request.GET.get(CURSOR)
    if tab == "reading":
        page = readings_waiting_for(request.user, before=before)
    elif tab == "handled":
        page = handled_by(request.user, before=before)
    elif tab == "register":
        page = register_page(request.user, form.criteria(), before=before)
    else:
        page = deliveries_waiting_for(request.user, form.criteria(), before=before)
    rows = page.rows if tab == "reading" else with_grades(page.rows)
    template = "documents/inbox_rows.html" if request.headers.get("HX-Request") else "documents/inbox.html"
    return render(request, template, {
        "tab": tab, "tabs": TABS, "rows": rows, "next_cursor": page.next, "form": form,
        "query": query_without_cursor(request.GET),
        "may_register_paper": may_register_paper(request.user),
    })


def delivery_detail(request, pk):
    delivery = delivery_for(request.user, pk)
    if reading_mark_read(actor=request.user, delivery_id=pk):
        messages.info(request, "已记录您阅读此件。")
    actions = delivery_actions(request.user, delivery)
    document = delivery.document
    circulations = delivery.circulations.select_related("sender").prefetch_related("readings__reader")
    return render(request, "documents/delivery.html", {
        "delivery": with_grades([delivery])[0],
        "document": document,
        "main": recipients_of(document, "main") if document else [],
        "copy": recipients_of(document, "copy") if document else [],
        "trail": delivery.steps.all(),
        "actions": [(a, ACTION_LABELS[a]) for a in actions],
        "form": DeliveryStepForm(department=delivery.department),
        "circulations": circulations,
        "pending_reading": Reading.objects.filter(circulation__delivery=delivery, reader=request.user, read_at__isnull=True,
                                                  recalled=False).exists(),
        **delivery_scans_context(request.user, delivery),
    })


@require_POST
def delivery_act_view(request, pk, action):
    if action not in DELIVERY_ACTIONS:
        raise Http404
    delivery = delivery_for(request.user, pk)
    form = DeliveryStepForm(request.POST, department=delivery.department)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("delivery-detail", pk)
    attempt(request, lambda: delivery_act(actor=request.user, delivery_id=pk, action=action, data=form.cleaned_data),
            failed=f"{ACTION_LABELS[action]}未完成", done=f"已{ACTION_LABELS[action]}。")
    return redirect("delivery-detail", pk)


@require_POST
def circulation_recall_view(request, pk, circulation_id):
    try:
        count = circulation_recall(actor=request.user, circulation_id=circulation_id)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已收回传阅（{count} 人尚未阅读）。")
    return redirect("delivery-detail", pk)


def paper_arrival(request):
    if not may_register_paper(request.user):
        raise PermissionDenied
    form = PaperArrivalForm(request.POST or None, request.FILES or None)
    delivery = form_save(request, form, lambda: delivery_register_paper(actor=request.user, **form.arrival()),
                         done="纸质来文已登记，请继续登记收文编号。")
    if delivery:
        if delivery.held_scans:
            messages.warning(request, held_scans_message(delivery.held_scans))
        return redirect("delivery-detail", delivery.pk)
    return render(request, "documents/paper_arrival.html", {"form": form})

