"""问题反馈 pages: reporting from any page, the reporter's list, the information center's console,
a ticket with its thread and steps, the figures. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oa.core.messages import REFUSALS, attempt, error_text
from oa.core.pagination import CURSOR
from oa.feedback import portal, selectors
from oa.feedback.choices import Category, Severity, TicketState
from oa.feedback.forms import CommentForm, FaqForm, StepForm, TicketForm
from oa.feedback.permissions import (
    ACTION_LABELS,
    TRANSITIONS,
    available_actions,
    is_contact,
    is_handler,
    may,
    may_report_for,
)
from oa.feedback.selectors import TicketFilter, ticket_for
from oa.feedback.services.faq import ticket_publish_faq
from oa.feedback.services.flow import ticket_assign, ticket_comment, ticket_transition
from oa.feedback.services.reporting import ticket_report, ticket_screenshot_add
from oa.uploads.exceptions import UploadHeld, UploadRefused
from oa.uploads.forms import UNDECLARED_NOT_KEPT, GatedFileForm
from oa.uploads.serving import gated_file_response
from oa.uploads.staging import stage, unstage


def _filters_context(request, criteria):
    from oa.org.models import Department

    return {"criteria": criteria, "states": TicketState.choices, "severities": Severity.choices,
            "categories": Category.choices, "departments": Department.objects.filter(is_active=True).order_by("sort_order")}


def ticket_list(request):
    """The information center sees the console (queue by severity and age); everyone else their own
    tickets — and, as a department contact, the department's."""
    criteria = TicketFilter.from_params(request.GET)
    context = _filters_context(request, criteria)
    if is_handler(request.user):
        tab = request.GET.get("tab") if request.GET.get("tab") in ("queue", "known") else "queue"
        context.update(tab=tab, now=timezone.now(), faq=portal.faq_page())
        if tab == "known":
            context["rows"] = selectors.known_problems()
        else:
            context["rows"] = selectors.console_queue(request.user, criteria)
        return render(request, "feedback/console.html", context)
    page = selectors.ticket_list(request.user, criteria, before=request.GET.get(CURSOR))
    context.update(rows=page.rows, next_cursor=page.next, contact=is_contact(request.user), now=timezone.now())
    return render(request, "feedback/list.html", context)


def ticket_new(request):
    colleagues = selectors.colleagues_of(request.user) if is_contact(request.user) else None
    form = TicketForm(request.POST or None, colleagues=colleagues,
                      initial={"page": request.GET.get("page", ""), "contact_phone": request.user.phone})
    page_url = request.POST.get("page", "") if request.method == "POST" else request.GET.get("page", "")
    context_of_page = selectors.page_context(request.user, page_url)
    # the screenshots chosen now and those kept from a failed submit (oa.uploads.staging)
    files = [*request.FILES.getlist("screenshots"), *unstage(person=request.user, tokens=request.POST.getlist("staged"))]
    if request.method == "POST" and form.is_valid():
        reporter = form.cleaned_data.get("reporter") or request.user
        gate = form.gate_arguments()
        try:
            if not may_report_for(request.user, reporter):
                raise PermissionDenied("只能为本单位同事代为反馈。")
            ticket = ticket_report(actor=request.user, reporter=reporter, fields=form.fields_for_service(),
                                   page_url=form.cleaned_data.get("page", ""),
                                   user_agent=request.META.get("HTTP_USER_AGENT", ""),
                                   screenshots=[(f, gate) for f in files])
        except (UploadRefused, UploadHeld) as exc:
            if exc.record is None:  # refused before any screening: the 承诺 or the 密级 is missing, not the picture
                form.add_error("declaration_accepted", "；".join(m.rstrip("。") for m in exc.messages) + UNDECLARED_NOT_KEPT)
            else:
                form.add_error(None, "截图未通过密级检查，反馈未提交：" + "；".join(exc.messages))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已提交（{ticket.number}），信息中心受理后会在此页和待办中通知您。")
            held = [s.name for s in ticket.screenshots.all() if s.pending_review]
            if held:
                messages.info(request, f"截图“{'、'.join(held)}”需本单位保密员审核（图片无法按文字检查密级），放行后自动附在本反馈上。")
            return redirect("ticket-detail", ticket.pk)
    # Failed: a declared screenshot the gate has not refused is kept for the next submit.
    kept = [(upload.name, token) for upload in files
            if (token := stage(person=request.user, upload=upload, gate=form.gate_arguments()))] if files else []
    return render(request, "feedback/new.html", {
        "form": form, "page_context": context_of_page, "kept": kept, "user_agent": request.META.get("HTTP_USER_AGENT", ""),
        "now": timezone.now(), **portal.contacts(),
    })


def ticket_detail(request, pk):
    ticket = ticket_for(request.user, pk)
    actions = available_actions(request.user, ticket)
    handler = is_handler(request.user)
    return render(request, "feedback/detail.html", {
        "ticket": ticket, "thread": selectors.ticket_thread(ticket),
        "screenshots": list(ticket.screenshots.select_related("upload_record")),
        "actions": [(action, ACTION_LABELS[action]) for action in actions],
        "step_form": StepForm(handlers=selectors.handlers() if handler else None), "handler": handler,
        "may_assign": may(request.user, "assign", ticket), "may_comment": may(request.user, "comment", ticket),
        "may_screenshot": may(request.user, "screenshot", ticket),
        "may_faq": may(request.user, "publish_faq", ticket) and portal.faq_page() is not None,
        "merge_candidates": selectors.merge_candidates(ticket) if "merge" in actions else [],
        "comment_form": CommentForm(), "screenshot_form": GatedFileForm(auto_id="shot_%s"),
        "faq_form": FaqForm(initial={"question": ticket.summary, "answer": ticket.resolution}),
        "duplicates": list(ticket.duplicates.select_related("reporter", "department")),
        "badge": ticket.sla_badge(),
    })


@require_POST
def ticket_act(request, pk, action):
    if action not in TRANSITIONS:
        return redirect("ticket-detail", pk)
    handler = is_handler(request.user)
    form = StepForm(request.POST, handlers=selectors.handlers() if handler else None)
    if not form.is_valid():
        messages.error(request, f"{ACTION_LABELS[action]}未完成：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("ticket-detail", pk)
    data = form.cleaned_data
    attempt(request, lambda: ticket_transition(
        actor=request.user, ticket_id=pk, action=action, text=data.get("text", ""),
        assignee_id=data["assignee"].pk if data.get("assignee") else None, to_vendor=data.get("to_vendor", False),
        into_id=data.get("into")), failed=f"{ACTION_LABELS[action]}未完成", done=f"已{ACTION_LABELS[action]}。")
    return redirect("ticket-detail", pk)


@require_POST
def ticket_assign_view(request, pk):
    form = StepForm(request.POST, handlers=selectors.handlers())
    form.is_valid()
    data = form.cleaned_data
    attempt(request, lambda: ticket_assign(actor=request.user, ticket_id=pk,
                                           assignee_id=data["assignee"].pk if data.get("assignee") else None,
                                           to_vendor=data.get("to_vendor", False), text=data.get("text", "")),
            failed="改派未完成", done="已改派。")
    return redirect("ticket-detail", pk)


def _form_refused(request, pk, message: str):
    """A form on the ticket's page that does not validate: a 404 for whoever may not see the ticket,
    otherwise the message, back on the ticket."""
    ticket_for(request.user, pk)
    messages.error(request, message)
    return redirect("ticket-detail", pk)


@require_POST
def ticket_comment_view(request, pk):
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, pk, "留言未发送：" + "；".join(form.errors.get("text", ["留言有误。"])))
    attempt(request, lambda: ticket_comment(actor=request.user, ticket_id=pk, text=form.cleaned_data["text"]),
            failed="留言未发送", done="已留言。")
    return redirect("ticket-detail", pk)


@require_POST
def ticket_faq(request, pk):
    form = FaqForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, pk, "未发布：请填写问题（200 字以内）和解答（4000 字以内）。")
    attempt(request, lambda: ticket_publish_faq(actor=request.user, ticket_id=pk, **form.cleaned_data),
            failed="未发布到常见问题", done="已发布到门户“常见问题”。")
    return redirect("ticket-detail", pk)


@require_POST
def screenshot_upload(request, pk):
    form = GatedFileForm(request.POST, request.FILES, auto_id="shot_%s")
    if not form.is_valid():
        return _form_refused(request, pk, "；".join(form.errors.get("file", ["请选择文件。"])))
    try:
        shot = ticket_screenshot_add(actor=request.user, ticket_id=pk, upload=form.cleaned_data["file"],
                                     gate=form.gate_arguments())
    except REFUSALS as exc:
        messages.error(request, f"截图未添加：{error_text(exc)}")
    else:
        messages.success(request, "已提交截图，待本单位保密员审核放行后显示。" if shot.pending_review else "已补充截图。")
    return redirect("ticket-detail", pk)


def screenshot_view(request, pk, screenshot_id):
    shot = ticket_for(request.user, pk).screenshots.filter(pk=screenshot_id, pending_review=False).first()
    if shot is None:
        raise Http404
    return gated_file_response(shot, inline_image=True)


def ticket_figures_page(request):
    if not is_handler(request.user):
        raise PermissionDenied("只有信息中心可以查看问题反馈统计。")
    today = timezone.localdate()
    start = _date(request.GET.get("start")) or today.replace(day=1)
    end = _date(request.GET.get("end")) or today
    if end < start:
        messages.error(request, "结束日期不能早于开始日期。")
        end = start
    rows = selectors.ticket_figures(None, start, end)
    return render(request, "feedback/figures.html", {"rows": rows, "start": start, "end": end,
                                                     "reported": sum(r.reported for r in rows),
                                                     "resolved": sum(r.resolved for r in rows)})


def _date(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
