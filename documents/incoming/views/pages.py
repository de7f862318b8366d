"""收文 pages: 待办 / 待阅 / 收文登记簿, one delivery with its 批示, trail and actions, paper arrivals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.incoming.forms import DeliveryStepForm, InboxFilterForm, PaperArrivalForm
from documents.incoming.models import Delivery
from documents.incoming.permissions import (
    ACTION_LABELS,
    IN_TURN_LABELS,
    delivery_actions,
    may_deliver,
    may_in_turn,
    may_register_paper,
    may_watch_supervision,
)
from documents.incoming.register import register_line
from documents.incoming.selectors import (
    deliveries_waiting_for,
    delivery_for,
    delivery_page,
    handled_by,
    handwriting_png,
    readings_waiting_for,
    register_page,
)
from documents.incoming.services.actions import DELIVERY_ACTIONS, deliveries_sign_for, delivery_act
from documents.incoming.services.circulation import circulation_recall, reading_mark_read
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.scans import held_scans_message
from documents.incoming.views.grades import with_grades
from documents.incoming.views.scans import delivery_scans_context
from documents.phrases import opinion_phrases
from documents.views.kept import kept_signature
from oa.core.forms import form_save
from oa.core.messages import attempt, joined
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
    register_lines = [register_line(row) for row in rows] if tab == "register" else []
    # 批量签收: a checkbox on each row the person may sign for (the table's rule, read from the loaded row).
    signable = {row.pk for row in rows if may_deliver(request.user, "sign_for", row)} if tab == "todo" else set()
    template = "documents/inbox_rows.html" if request.headers.get("HX-Request") else "documents/inbox.html"
    return render(request, template, {
        "tab": tab, "tabs": TABS, "rows": rows, "register_lines": register_lines, "next_cursor": page.next, "form": form,
        "signable": signable,
        "query": query_without_cursor(request.GET),
        "may_register_paper": may_register_paper(request.user),
        "may_watch_supervision": may_watch_supervision(request.user),  # the 电子监察 button: only for those it opens to
    })


# What each step asks for, beyond the shared 意见 box (each field shown once, in this order).
STEP_FIELDS = {
    "screen": ("readers",), "circulate": ("readers",),
    "propose": ("assignee", "assistants", "leaders", "final_leader"),
    "add_leader": ("leader", "alongside"), "transfer": ("department",),
    "complete": ("reply",), "request_extension": ("days",), "extend": ("days",),
    "merge_paper": ("into", "copies", "received_on"),
}
# Shown folded (改派主办/协办, 时限) for a leader: 同意拟办 needs none of them.
INSTRUCT_FIELDS = ("assignee", "assistants", "due")
WRITES = ("instruct", "agree", "circle", "remark")  # steps that take handwriting
# Offered folded under the main buttons, each with its own fields: not what the person usually does here.
FOLDED = ("add_leader", "transfer", "circulate", "chase", "merge_paper")
# Drawn as buttons of their own (two choices of one step, or the one-tap 同意拟办 on top).
OWN_BUTTONS = ("agree", "screen", "remark", "circle")


@require_POST
def inbox_sign_for(request):
    """批量签收 (or 签收并登记, `register`) of the rows ticked in the 收文 待办: each through its own step; the
    page then says which were signed for and, row by row, why the others were not."""
    register = request.POST.get("register") == "on"
    what = IN_TURN_LABELS["sign_and_register"] if register else ACTION_LABELS["sign_for"]
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    try:
        failed = deliveries_sign_for(actor=request.user, delivery_ids=ids, register=register)
    except ValidationError as exc:
        messages.error(request, f"批量{what}未完成：{joined(exc.messages)}")
        return redirect(f"{reverse('inbox')}?tab=todo")
    titles = dict(Delivery.objects.filter(pk__in=[pk for pk, _ in failed]).values_list("pk", "title")) if failed else {}
    done = len(set(ids)) - len(failed)
    if done:
        messages.success(request, f"已{what} {done} 件。")
    for pk, reason in failed:  # a title only for what the person may see (the reason then says so)
        name = f"“{titles[pk]}”" if pk in titles and "无权查看" not in reason else f"第 {pk} 号收文"
        messages.error(request, f"{name}未{what}：{reason}")
    return redirect(f"{reverse('inbox')}?tab=todo")


def delivery_detail(request, pk):
    if reading_mark_read(actor=request.user, delivery_id=pk):  # before the read: a 阅件 may close with it
        messages.info(request, "已记录您阅读此件。")
    return _page(request, pk)


def _page(request, pk, *, posted: DeliveryStepForm | None = None, failed: str = ""):
    """The delivery with its 办理 panel; after a refused step (`failed`), the panel holds the form as posted —
    text, chosen people, dates, the handwriting — and the part of it that step used is unfolded."""
    delivery = delivery_page(request.user, pk)
    actions = delivery_actions(request.user, delivery)
    document = delivery.document
    form = posted or DeliveryStepForm(department=delivery.department)
    if "screen" in actions:
        form.fields["readers"].label = "阅读人（初审为阅件时选择）"
    main = [a for a in actions if a not in FOLDED]
    in_turn = ["sign_and_register"] if may_in_turn(request.user, "sign_and_register", delivery) else []
    shown = list(dict.fromkeys(n for a in main for n in STEP_FIELDS.get(a, ())))
    folded = [(a, ACTION_LABELS[a], [form[n] for n in STEP_FIELDS.get(a, ()) if n not in shown])
              for a in actions if a in FOLDED]
    turns = list(delivery.leader_turns.all())
    recipients = list(document.recipient_rows.select_related("department")) if document else []  # 主送 and 抄送 at once
    return render(request, "documents/delivery.html", {
        "delivery": with_grades([delivery])[0],
        "document": document,
        "main": [row.department for row in recipients if row.kind == "main"],
        "copy": [row.department for row in recipients if row.kind == "copy"],
        "trail": delivery.steps.all(),
        "actions": [(a, IN_TURN_LABELS[a]) for a in in_turn] + [(a, ACTION_LABELS[a]) for a in main if a not in OWN_BUTTONS],
        "folded": folded,
        "may": set(actions),
        "form": form,
        "step_fields": [form[name] for name in shown],
        "instruct_fields": [form[name] for name in INSTRUCT_FIELDS] if "instruct" in actions else [],
        "instruct_open": posted is not None and any(posted.data.get(name) for name in INSTRUCT_FIELDS),
        "failed": failed,
        "kept_signature": kept_signature(posted.data.get("signature", "")) if posted is not None else "",
        "writes": any(a in WRITES for a in actions),
        "phrases": opinion_phrases(request.user),
        "written": [t for t in turns if t.done_at],
        "asked": [t for t in turns if not t.done_at],
        "assists": [a for a in delivery.assists.all() if not a.lead],
        "circulations": delivery.circulations.all(),
        "pending_reading": any(r.reader_id == request.user.pk and r.pending
                               for c in delivery.circulations.all() for r in c.readings.all()),
        **delivery_scans_context(request.user, delivery),
    }, status=400 if posted is not None else 200)


def delivery_signature(request, pk, kind, row_id):
    """A handwritten 批示 (a leader's turn, or a reader's) as PNG, for whoever may see the delivery."""
    return HttpResponse(handwriting_png(request.user, pk, kind, row_id), content_type="image/png")


@require_POST
def delivery_act_view(request, pk, action):
    if action not in DELIVERY_ACTIONS:
        raise Http404
    label = ACTION_LABELS.get(action) or IN_TURN_LABELS[action]
    delivery = delivery_for(request.user, pk)
    form = DeliveryStepForm(request.POST, department=delivery.department)
    if not form.is_valid():
        messages.error(request, f"{label}未完成：{joined(_named(form))}")
        return _page(request, pk, posted=form, failed=action)
    done = attempt(request, lambda: delivery_act(actor=request.user, delivery_id=pk, action=action,
                                                 data=form.cleaned_data),
                   failed=f"{label}未完成", done=f"已{label}。")
    if done is None:  # refused: the page again with everything as it was posted
        return _page(request, pk, posted=form, failed=action)
    return redirect("delivery-detail", pk)


def _named(form) -> list[str]:
    """Each error of the form with the field it is about: "延期工作日：确保该值小于或等于15。"."""
    return [error if form.fields[name].label in error else f"{form.fields[name].label}：{error}"
            for name, errors in form.errors.items() if name in form.fields for error in errors] + list(
        form.non_field_errors())


@require_POST
def circulation_recall_view(request, pk, circulation_id):
    try:
        count = circulation_recall(actor=request.user, circulation_id=circulation_id)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
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

