"""The ticket's state graph through the services: the happy path, reopen, merge, wrong state (409),
wrong person (403, ledgered), automatic confirmation after N working days."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from oa.audit.models import LedgerEntry
from oa.feedback.choices import TicketState as S
from oa.feedback.models import Ticket
from oa.feedback.services.errors import Conflict
from oa.feedback.services.flow import (
    ticket_accept,
    ticket_assign,
    ticket_comment,
    ticket_confirm,
    ticket_merge,
    ticket_reopen,
    ticket_resolve,
    ticket_start,
    tickets_auto_confirm,
)
from tests.feedback.conftest import local

pytestmark = pytest.mark.django_db


def test_happy_path_from_report_to_confirmation(personas, ticket, info_operator):
    t = ticket()
    assert t.state == S.SUBMITTED and t.reported_by == personas.staff_a and t.department == personas.dept_a
    t = ticket_accept(actor=personas.info_center, ticket_id=t.pk, assignee_id=info_operator.pk, text="已收到")
    assert (t.state, t.assignee, t.accepted_by) == (S.ACCEPTED, info_operator, personas.info_center)
    t = ticket_start(actor=info_operator, ticket_id=t.pk)
    assert t.state == S.IN_PROGRESS and t.started_at
    t = ticket_resolve(actor=info_operator, ticket_id=t.pk, text="已清理浏览器缓存，页面恢复正常。")
    assert t.state == S.RESOLVED and t.resolution.startswith("已清理")
    t = ticket_confirm(actor=personas.staff_a, ticket_id=t.pk, text="确认")
    assert t.state == S.CONFIRMED and not t.auto_confirmed
    actions = list(LedgerEntry.objects.filter(target_id=str(t.pk), action__startswith="ticket.")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["ticket.report", "ticket.accept", "ticket.start", "ticket.resolve", "ticket.confirm"]
    assert [e.action for e in t.entries.all()] == ["提交反馈", "受理", "开始处理", "办结", "确认解决"]


def test_accept_to_the_vendor_and_reassign(personas, ticket, info_operator):
    t = ticket()
    t = ticket_accept(actor=personas.info_center, ticket_id=t.pk, to_vendor=True)
    assert t.to_vendor and t.assignee == personas.info_center and t.handler_label.startswith("厂商")
    t = ticket_assign(actor=personas.info_center, ticket_id=t.pk, assignee_id=info_operator.pk)
    assert t.assignee == info_operator and not t.to_vendor and t.state == S.ACCEPTED


def test_accept_names_only_an_information_center_operator(personas, ticket):
    t = ticket()
    with pytest.raises(ValidationError, match="信息中心"):
        ticket_accept(actor=personas.info_center, ticket_id=t.pk, assignee_id=personas.clerk_a.pk)
    assert Ticket.objects.get(pk=t.pk).state == S.SUBMITTED


def test_resolve_without_a_resolution_changes_nothing(personas, ticket):
    t = ticket()
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    with pytest.raises(ValidationError, match="处理结果"):
        ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="  ")
    assert Ticket.objects.get(pk=t.pk).state == S.ACCEPTED


def test_reopen_from_resolved_and_from_confirmed_restarts_the_resolution_clock(personas, ticket):
    t = ticket()
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已处理")
    first_due = Ticket.objects.get(pk=t.pk).resolve_due_at
    with pytest.raises(ValidationError, match="原因"):
        ticket_reopen(actor=personas.staff_a, ticket_id=t.pk, text="")
    t = ticket_reopen(actor=personas.staff_a, ticket_id=t.pk, text="问题再次出现")
    assert t.state == S.IN_PROGRESS and t.reopen_count == 1 and t.resolved_at is None
    assert t.resolve_due_at >= first_due
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已彻底处理")
    ticket_confirm(actor=personas.staff_a, ticket_id=t.pk)
    t = ticket_reopen(actor=personas.info_center, ticket_id=t.pk, text="同类问题复发")
    assert t.state == S.IN_PROGRESS and t.reopen_count == 2 and t.confirmed_at is None


def test_merge_a_duplicate_into_another_ticket(personas, ticket):
    original = ticket()
    duplicate = ticket(actor=personas.staff_b, description="发文列表打不开")
    with pytest.raises(ValidationError):
        ticket_merge(actor=personas.info_center, ticket_id=duplicate.pk, into_id=duplicate.pk)
    merged = ticket_merge(actor=personas.info_center, ticket_id=duplicate.pk, into_id=original.pk)
    assert merged.state == S.MERGED and merged.merged_into_id == original.pk
    assert "已合并至此" in original.entries.last().text
    # A merged ticket takes no more steps, and nothing merges into it.
    with pytest.raises(Conflict):
        ticket_accept(actor=personas.info_center, ticket_id=duplicate.pk)
    third = ticket()
    with pytest.raises(ValidationError, match="合并"):
        ticket_merge(actor=personas.info_center, ticket_id=third.pk, into_id=duplicate.pk)


def test_a_step_from_the_wrong_state_is_a_conflict(personas, ticket):
    t = ticket()
    with pytest.raises(Conflict):
        ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="x")
    with pytest.raises(Conflict):
        ticket_confirm(actor=personas.staff_a, ticket_id=t.pk)


def test_only_the_information_center_accepts_and_the_refusal_is_ledgered(personas, ticket):
    t = ticket(actor=personas.clerk_a)
    with pytest.raises(PermissionDenied):
        ticket_accept(actor=personas.clerk_a, ticket_id=t.pk)
    assert LedgerEntry.objects.filter(action="ticket.accept", outcome="denied").exists()
    with pytest.raises(Http404):
        ticket_accept(actor=personas.staff_b, ticket_id=t.pk)


def test_only_the_reporters_side_confirms(personas, ticket):
    t = ticket()
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已处理")
    with pytest.raises(PermissionDenied):
        ticket_confirm(actor=personas.info_center, ticket_id=t.pk)
    # The department's contact (文书) confirms for the department.
    assert ticket_confirm(actor=personas.clerk_a, ticket_id=t.pk).state == S.CONFIRMED


def test_comments_are_in_the_thread_for_both_sides(personas, ticket):
    t = ticket()
    ticket_comment(actor=personas.staff_a, ticket_id=t.pk, text="补充：使用的是 IE8")
    ticket_comment(actor=personas.info_center, ticket_id=t.pk, text="请改用平台推荐的浏览器")
    assert [e.text for e in t.entries.filter(kind="comment")] == ["补充：使用的是 IE8", "请改用平台推荐的浏览器"]
    with pytest.raises(ValidationError):
        ticket_comment(actor=personas.staff_a, ticket_id=t.pk, text="")
    with pytest.raises(Http404):
        ticket_comment(actor=personas.staff_b, ticket_id=t.pk, text="我也是")


def test_resolved_tickets_confirm_themselves_after_the_configured_working_days(personas, ticket, settings):
    settings.OA_FEEDBACK_AUTO_CONFIRM_DAYS = 2
    t = ticket()
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已处理")
    Ticket.objects.filter(pk=t.pk).update(resolved_at=local(2026, 11, 19, 15, 0))  # a Thursday
    assert tickets_auto_confirm(now=local(2026, 11, 20, 18, 0)) == 0  # one working day (Friday)
    assert tickets_auto_confirm(now=local(2026, 11, 22, 12, 0)) == 0  # the weekend does not count
    assert tickets_auto_confirm(now=local(2026, 11, 23, 9, 0)) == 1  # Monday: the second working day
    t.refresh_from_db()
    assert t.state == S.CONFIRMED and t.auto_confirmed
    assert LedgerEntry.objects.filter(action="ticket.auto_confirm", actor__isnull=True).exists()
    assert tickets_auto_confirm(now=local(2026, 11, 24, 9, 0)) == 0
