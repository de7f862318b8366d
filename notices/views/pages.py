"""通知公告 workbench pages: the lists, drafting and editing, the notice with its steps, read status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from notices.choices import NoticeState
from notices.forms import NoticeForm, ReasonForm, ReceiptForm
from notices.permissions import (
    ACTION_LABELS,
    TRANSITIONS,
    available_actions,
    is_publisher_side,
    may,
    may_draft,
    may_follow_reads,
    may_remind,
)
from notices.selectors import (
    READ_FILTERS,
    notice_board,
    notice_for,
    notice_url,
    notices_pending_for,
    notices_published_by,
    read_rows,
    read_summary,
)
from notices.services.editing import attachment_add, attachment_remove, notice_create, notice_update
from notices.services.flow import notice_transition
from notices.services.reading import notice_confirm, notice_open, notice_remind_unread
from oa.core.forms import form_save
from oa.core.messages import attempt
from oa.core.pagination import CURSOR
from oa.core.params import whole_number
from oa.core.xlsx import Sheet, xlsx_response
from oa.uploads.attachment_views import attachment_views
from oa.uploads.forms import GatedFileForm

TABS = {"inbox": "我的通知", "published": "我发布的", "pending": "待我审核"}


def notice_list(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "inbox"
    state = request.GET.get("state") if request.GET.get("state") in NoticeState.values else ""
    context = {"tab": tab, "tabs": TABS, "state": state, "states": NoticeState.choices, "may_draft": may_draft(request.user)}
    if tab == "inbox":
        page = notice_board(request.user, before=request.GET.get(CURSOR))
        context.update(rows=page.rows, next_cursor=page.next)
    elif tab == "published":
        page = notices_published_by(request.user, state=state, before=request.GET.get(CURSOR))
        context.update(rows=page.rows, next_cursor=page.next)
    else:
        context.update(rows=notices_pending_for(request.user), next_cursor=None)
    return render(request, "notices/list.html", context)


def _audience(form):
    return {"departments": form.cleaned_data["audience_departments"], "people": form.cleaned_data["audience_people"]}


def notice_new(request):
    if not may_draft(request.user):
        raise PermissionDenied("只有信息中心人员和各单位文书、办公室主任可以拟写通知公告。")
    form = NoticeForm(request.POST or None)
    notice = form_save(request, form, lambda: notice_create(actor=request.user, fields=form.fields_for_service(),
                                                            **_audience(form)), done="草稿已保存。")
    if notice:
        return redirect("notice-detail", notice.pk)
    return render(request, "notices/edit.html", {"form": form, "notice": None})


def notice_edit(request, pk):
    notice = notice_for(request.user, pk)
    if not may(request.user, "edit", notice):
        raise PermissionDenied("只有拟稿人可以修改草稿状态的通知。")
    initial = {"version": notice.version}
    form = NoticeForm(request.POST or None, instance=notice, initial=initial)
    saved = form_save(request, form, lambda: notice_update(
        actor=request.user, notice_id=pk, version=whole_number(request.POST.get("version")) or 0,
        fields=form.fields_for_service(), **_audience(form)), done="草稿已保存。")
    if saved:
        return redirect("notice-detail", pk)
    return render(request, "notices/edit.html", {
        "form": form, "notice": notice, "attachment_form": GatedFileForm(auto_id="attach_%s"),
    })


def notice_detail(request, pk):
    notice = notice_for(request.user, pk)
    read = notice_open(actor=request.user, notice_id=notice.pk, shown=notice)
    actions = available_actions(request.user, notice)
    return render(request, "notices/detail.html", {
        "notice": notice, "read": read,
        "actions": [(action, ACTION_LABELS[action]) for action in actions],
        "may_edit": may(request.user, "edit", notice),
        "may_follow": may_follow_reads(request.user, notice),
        "publisher_side": is_publisher_side(request.user, notice),
        "portal_url": notice_url(notice.pk) if notice.current_state == NoticeState.PUBLISHED else "",
        "receipt_form": ReceiptForm(), "reason_form": ReasonForm(),
    })


@require_POST
def notice_act(request, pk, action):
    if action not in TRANSITIONS:
        return redirect("notice-detail", pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    attempt(request, lambda: notice_transition(actor=request.user, notice_id=pk, action=action, reason=reason),
            failed=f"{ACTION_LABELS[action]}未完成", done=f"已{ACTION_LABELS[action]}。")
    return redirect("notice-detail", pk)


def _back(request, pk):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("notice-detail", pk)


@require_POST
def notice_receipt(request, pk):
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "回执未提交：" + "；".join(form.errors.get("reply", ["回复有误。"])))
        return _back(request, pk)
    attempt(request, lambda: notice_confirm(actor=request.user, notice_id=pk, reply=form.cleaned_data["reply"]),
            failed="回执未提交", done="已确认回执。")
    return _back(request, pk)


def _reads_context(request, notice):
    which = request.GET.get("which") if request.GET.get("which") in READ_FILTERS else ""
    department = whole_number(request.GET.get("department"))
    page = read_rows(notice, department_id=department, which=which, before=request.GET.get(CURSOR))
    return {"notice": notice, "summary": read_summary(notice), "rows": page.rows, "next_cursor": page.next,
            "which": which, "filters": READ_FILTERS, "department": department,
            "may_remind": may_remind(request.user, notice)}


def notice_reads(request, pk):
    notice = notice_for(request.user, pk)
    if not may_follow_reads(request.user, notice):
        raise PermissionDenied("只有发布方可以查看阅读情况。")
    return render(request, "notices/reads.html", _reads_context(request, notice))


@require_POST
def notice_remind(request, pk):
    attempt(request, lambda: notice_remind_unread(actor=request.user, notice_id=pk), failed="提醒未发送",
            done=lambda n: f"已提醒 {n} 名未读人员。" if n else "所有人都已阅读，无需提醒。")
    return redirect("notice-reads", pk)


def _date_time(value):
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


def notice_reads_xlsx(request, pk):
    notice = notice_for(request.user, pk)
    if not may_follow_reads(request.user, notice):
        raise PermissionDenied("只有发布方可以导出阅读情况。")
    sheet = Sheet("阅读情况", ["单位", "姓名", "职务", "阅读状态", "阅读时间", "回执时间", "回复", "提醒次数"], rows=(
        [row.department.name if row.department else "", row.person.name, row.person.position,
         "已阅" if row.opened_at else "未阅", _date_time(row.opened_at), _date_time(row.confirmed_at),
         row.reply, row.reminder_count]
        for row in read_rows(notice, size=None)))
    return xlsx_response(f"阅读情况-{notice.title[:40]}", [sheet])


attachment_download, attachment_upload, attachment_delete = attachment_views(
    owner_for=notice_for, add=attachment_add, remove=attachment_remove, owner_id="notice_id", edit_url="notice-edit")
