"""Working hours and the SLA watch: deadlines counted in working hours on the Chinese calendar,
warnings to the handler and escalation to the coordination group's leader at the right moments,
each once. Time is moved by passing `now`, never by sleeping."""

import pytest

from oa.audit.models import LedgerEntry
from oa.feedback.models import Ticket
from oa.feedback.services.flow import ticket_accept, ticket_resolve
from oa.feedback.services.watch import tickets_sla_check
from oa.feedback.worktime import add_working_minutes, working_minutes_between
from tests.feedback.conftest import local

WEDNESDAY = (2026, 11, 18)


def test_working_minutes_skip_lunch_evenings_weekends_and_holidays():
    assert add_working_minutes(local(*WEDNESDAY, 11, 50), 30) == local(*WEDNESDAY, 13, 50)
    assert add_working_minutes(local(2026, 11, 20, 17, 20), 30) == local(2026, 11, 23, 9, 20)  # Friday → Monday
    assert add_working_minutes(local(*WEDNESDAY, 20, 0), 60) == local(2026, 11, 19, 10, 0)
    # National Day: 1–7 October 2026 are off; Saturday 10 October is a 调休 working day.
    assert add_working_minutes(local(2026, 9, 30, 17, 0), 60) == local(2026, 10, 8, 9, 30)
    assert add_working_minutes(local(2026, 10, 9, 17, 30), 10) == local(2026, 10, 10, 9, 10)
    assert working_minutes_between(local(*WEDNESDAY, 9, 0), local(2026, 11, 19, 9, 0)) == 420
    assert working_minutes_between(local(2026, 11, 20, 17, 0), local(2026, 11, 23, 9, 30)) == 60


@pytest.mark.django_db
def test_deadlines_by_severity(personas, ticket):
    urgent = ticket(severity="urgent", now=local(*WEDNESDAY, 10, 0))
    assert urgent.respond_due_at == local(*WEDNESDAY, 10, 30)
    assert urgent.resolve_due_at == local(*WEDNESDAY, 15, 30)  # 4 working hours, lunch excluded
    normal = ticket(severity="normal", now=local(*WEDNESDAY, 10, 0))
    assert normal.respond_due_at == local(*WEDNESDAY, 15, 30)
    assert normal.resolve_due_at == local(2026, 11, 20, 10, 0)  # 2 working days
    minor = ticket(severity="minor", now=local(*WEDNESDAY, 10, 0))
    assert minor.respond_due_at == local(2026, 11, 19, 10, 0)
    assert minor.resolve_due_at == local(2026, 11, 25, 10, 0)  # 5 working days


@pytest.mark.django_db
def test_warning_then_escalation_each_once(personas, ticket, info_leader, info_operator, django_capture_on_commit_callbacks):
    t = ticket(severity="urgent", now=local(*WEDNESDAY, 10, 0))
    assert t.respond_warn_at == local(*WEDNESDAY, 10, 22)  # 75 % of 30 minutes
    assert tickets_sla_check(now=local(*WEDNESDAY, 10, 21)).as_dict() == {"warned": 0, "escalated": 0}
    assert t.sla_badge(local(*WEDNESDAY, 10, 21)) == ""
    # Nobody has taken it: the whole information center is warned.
    assert tickets_sla_check(now=local(*WEDNESDAY, 10, 22)).as_dict() == {"warned": 1, "escalated": 0}
    warn = LedgerEntry.objects.get(action="ticket.sla.respond.warn")
    assert set(warn.data["notified"]) == {personas.info_center.pk, info_operator.pk}
    assert t.sla_badge(local(*WEDNESDAY, 10, 25)) == "warning"
    assert tickets_sla_check(now=local(*WEDNESDAY, 10, 29)).as_dict() == {"warned": 0, "escalated": 0}
    assert tickets_sla_check(now=local(*WEDNESDAY, 10, 30)).as_dict() == {"warned": 0, "escalated": 0}
    with django_capture_on_commit_callbacks() as callbacks:
        assert tickets_sla_check(now=local(*WEDNESDAY, 10, 31)).as_dict() == {"warned": 0, "escalated": 1}
    assert callbacks  # live hints queued for after commit
    escalation = LedgerEntry.objects.get(action="ticket.sla.respond.escalate")
    assert info_leader.pk in escalation.data["notified"]
    assert t.sla_badge(local(*WEDNESDAY, 10, 31)) == "overdue"
    assert tickets_sla_check(now=local(*WEDNESDAY, 10, 45)).as_dict() == {"warned": 0, "escalated": 0}
    assert [e.action for e in Ticket.objects.get(pk=t.pk).entries.filter(author__isnull=True)] == ["时限预警", "超时上报"]


@pytest.mark.django_db
def test_resolution_clock_warns_the_assignee_and_escalates_over_lunch_correctly(personas, ticket, info_leader,
                                                                                 info_operator):
    t = ticket(severity="urgent", now=local(*WEDNESDAY, 10, 0))
    ticket_accept(actor=personas.info_center, ticket_id=t.pk, assignee_id=info_operator.pk)
    # Accepted: the response clock stops; the resolution clock runs until 15:30, warning at 14:30.
    assert tickets_sla_check(now=local(*WEDNESDAY, 12, 40)).as_dict() == {"warned": 0, "escalated": 0}
    assert tickets_sla_check(now=local(*WEDNESDAY, 14, 30)).as_dict() == {"warned": 1, "escalated": 0}
    assert LedgerEntry.objects.get(action="ticket.sla.resolve.warn").data["notified"] == [info_operator.pk]
    assert tickets_sla_check(now=local(*WEDNESDAY, 15, 31)).as_dict() == {"warned": 0, "escalated": 1}
    notified = LedgerEntry.objects.get(action="ticket.sla.resolve.escalate").data["notified"]
    assert set(notified) == {info_leader.pk, info_operator.pk}


@pytest.mark.django_db
def test_resolved_in_time_means_no_warning(personas, ticket, info_leader):
    t = ticket(severity="urgent", now=local(*WEDNESDAY, 10, 0))
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    Ticket.objects.filter(pk=t.pk).update(respond_warn_at=local(*WEDNESDAY, 10, 22))
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已恢复")
    assert tickets_sla_check(now=local(2026, 11, 30, 12, 0)).as_dict() == {"warned": 0, "escalated": 0}


@pytest.mark.django_db
def test_allowances_are_settings(personas, ticket, settings):
    settings.OA_FEEDBACK_RESPOND_MINUTES_URGENT = 60
    settings.OA_FEEDBACK_WORKING_HOURS = "08:30-12:00,14:30-17:30"
    t = ticket(severity="urgent", now=local(*WEDNESDAY, 11, 30))
    assert t.respond_due_at == local(*WEDNESDAY, 15, 0)


def test_the_command_runs(db, capsys):
    from django.core.management import call_command

    call_command("ticket_sla")
    assert "时限预警 0 条" in capsys.readouterr().out
