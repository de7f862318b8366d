"""用户使用报告: 填写中 → 待领导审核 → 已报送 → 已归档 (and 退回). The pre-fill equals the figures
this test works out from the events it creates itself; only the department's leader approves; nothing
is edited after submission; the chase reaches the clerk of a draft and the leader of a report
waiting for approval."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.incoming.services.paper import delivery_register_paper
from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.feedback.services.flow import ticket_merge
from oa.trial.choices import ReportState as R
from oa.trial.choices import TrialState
from oa.trial.models import UsageReport
from oa.trial.services.paper import (
    paper_only_record,
)
from oa.trial.services.programme import training_record
from oa.trial.services.reports import (
    attachment_add,
    report_approve,
    report_archive,
    report_chase,
    report_return,
    report_save,
    report_submit,
)
from tests.trial.reports import GATE, SECTIONS, ended, paper_events, ticket, uploaded

pytestmark = pytest.mark.django_db


def test_the_prefill_equals_the_events_and_is_recomputed_at_approval(trial, dispatched, personas, client, login):
    today = timezone.localdate()
    # Logins (through the real login form): A — clerk twice, staff once; B — its clerk once.
    for person in (personas.clerk_a, personas.clerk_a, personas.staff_a, personas.clerk_b):
        login(person)
        client.logout()
    # Documents online: A dispatches four (one urgent) to B; on paper A sends two of the three, B confirms
    # one; the urgent one went on paper only.
    paper_events(dispatched, personas, today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=3, on_date=today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="received", count=1, on_date=today)
    delivery_register_paper(actor=personas.clerk_a, title="关于报送统计数据的函", sender_name="市统计局")
    # Faults: A files two software faults, one suggestion (not a fault) and a duplicate that is merged.
    first = ticket(personas.staff_a)
    ticket(personas.clerk_a, category="network", description="内网断开，无法登录。")
    ticket(personas.staff_a, category="suggestion", description="希望增加批量签收。")
    duplicate = ticket(personas.clerk_a, description="发文列表打不开")
    ticket_merge(actor=personas.info_center, ticket_id=duplicate.pk, into_id=first.pk)
    # Training: two sessions.
    for expected, attended in ((20, 15), (10, 9)):
        training_record(actor=personas.clerk_a, programme_id=trial.pk, department_id=personas.dept_a.pk, held_on=today,
                        topic="操作培训", expected=expected, attended=attended)

    expected = {
        "active_users": 2, "logins": 3, "online_sent": 4, "online_received": 0, "paper_required": 3, "paper_sent": 2,
        "paper_both": 1, "paper_received": 0, "urgent_online_only": 0, "urgent_paper_only": 1, "paper_only_sent": 3,
        "paper_only_received": 1, "paper_registered": 1, "faults_reported": 2, "training_sessions": 2,
        "training_expected": 30, "training_attended": 24, "compliance": round(100 * 1 / 3, 1),
        "attendance": round(100 * 24 / 30, 1),
    }
    reports = ended(trial)
    report = report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    assert report.state == R.AWAITING_LEADER and report.submitted_by == personas.clerk_a
    assert {key: report.figures[key] for key in expected} == expected  # (other modules may add figures of their own)

    # B's side of the same events.
    report_b = report_submit(actor=personas.clerk_b, report_id=reports[personas.dept_b.pk].pk, **SECTIONS)
    assert (report_b.figures["logins"], report_b.figures["active_users"], report_b.figures["online_received"],
            report_b.figures["paper_received"], report_b.figures["online_sent"]) == (1, 1, 4, 1, 0)

    # One more login and one more fault before the leader approves: the approved figures include them.
    login(personas.leader_a)
    ticket(personas.leader_a, category="account", description="账号被锁定。")
    report = report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report.state == R.FILED and report.filed_by == personas.leader_a
    assert {key: report.figures[key] for key in expected} == {**expected, "logins": 4, "active_users": 3, "faults_reported": 3}
    ticket(personas.staff_a)  # after approval: what was approved is kept
    report.refresh_from_db()
    assert report.figures["faults_reported"] == 3


def test_only_the_departments_leader_approves_and_nothing_is_edited_after_submission(trial, personas, events):
    reports = ended(trial)
    report = reports[personas.dept_a.pk]
    with pytest.raises(Conflict):  # not yet submitted
        report_approve(actor=personas.leader_a, report_id=report.pk)
    report_save(actor=personas.clerk_a, report_id=report.pk, usage="草稿")
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    leaders = {personas.leader_a.pk, personas.head_a.pk}
    assert {p for p, e, _ in events if e == "trial.report.awaiting"} == leaders
    for wrong in (personas.clerk_a, personas.director_a, personas.staff_a, personas.info_center):
        with pytest.raises(PermissionDenied):
            report_approve(actor=wrong, report_id=report.pk)
    with pytest.raises(Http404):  # B's leader does not even see A's report
        report_approve(actor=personas.leader_b, report_id=report.pk)
    assert LedgerEntry.objects.filter(action="trial.report.approve", outcome="denied").count() == 4
    with pytest.raises(Conflict):
        report_save(actor=personas.clerk_a, report_id=report.pk, usage="改一下")
    with pytest.raises(Conflict):
        report_submit(actor=personas.clerk_a, report_id=report.pk)
    with pytest.raises(PermissionDenied):
        attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded(), gate=GATE)
    report.refresh_from_db()
    assert report.usage == SECTIONS["usage"] and report.state == R.AWAITING_LEADER

    # 退回: a reason is required; back to 填写中, the clerk hears of it, and may edit again.
    with pytest.raises(ValidationError, match="退回原因"):
        report_return(actor=personas.head_a, report_id=report.pk, reason=" ")
    events.clear()
    report = report_return(actor=personas.head_a, report_id=report.pk, reason="“存在问题”写得太简单，请补充。")
    assert report.state == R.DRAFT and report.return_reason.startswith("“存在问题”") and report.returned_by == personas.head_a
    assert personas.clerk_a.pk in {p for p, e, _ in events if e == "trial.report.returned"}
    report = report_save(actor=personas.clerk_a, report_id=report.pk, **{**SECTIONS, "problems": "部分人员操作不熟练，打印习惯未改。"})
    report_submit(actor=personas.clerk_a, report_id=report.pk)
    events.clear()
    report = report_approve(actor=personas.head_a, report_id=report.pk)
    assert report.state == R.FILED and report.problems.startswith("部分人员")
    assert {p for p, e, _ in events if e == "trial.report.filed"} == {personas.info_center.pk}
    with pytest.raises(Conflict):
        report_return(actor=personas.head_a, report_id=report.pk, reason="再改改")
    assert [e.action for e in LedgerEntry.objects.filter(action__startswith="trial.report.", outcome="success")
            .order_by("id")] == ["trial.report.edit", "trial.report.submit", "trial.report.return", "trial.report.edit",
                                 "trial.report.submit", "trial.report.approve"]


def test_a_report_cannot_be_submitted_before_the_trial_ends(trial, personas):
    report = UsageReport.objects.create(programme=trial, department=personas.dept_a)
    with pytest.raises(ValidationError, match="结束后"):
        report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    report.refresh_from_db()
    assert report.state == R.DRAFT and report.figures == {}


def test_the_chase_reaches_the_clerk_of_a_draft_and_the_leader_of_a_waiting_report(trial, personas, events):
    reports = ended(trial)
    report_submit(actor=personas.clerk_b, report_id=reports[personas.dept_b.pk].pk, **SECTIONS)
    with pytest.raises(PermissionDenied):
        report_chase(actor=personas.clerk_a, programme_id=trial.pk)
    events.clear()
    assert report_chase(actor=personas.info_center, programme_id=trial.pk) == 2
    chased = {p for p, e, _ in events if e == "trial.chased"}
    assert chased == {personas.clerk_a.pk, personas.leader_b.pk, personas.head_b.pk}
    entry = LedgerEntry.objects.get(action="trial.report.chase")
    assert entry.data["drafts"] == [personas.dept_a.pk] and entry.data["awaiting_leader"] == [personas.dept_b.pk]
    assert all(r.last_chased_at for r in UsageReport.objects.all())

    report_approve(actor=personas.leader_b, report_id=reports[personas.dept_b.pk].pk)
    events.clear()
    assert report_chase(actor=personas.info_center, programme_id=trial.pk) == 1  # A only
    assert {p for p, e, _ in events if e == "trial.chased"} == {personas.clerk_a.pk}
    report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    trial.refresh_from_db()
    assert trial.state == TrialState.ENDED  # submitted to the leader is not yet 已报送
    report_approve(actor=personas.head_a, report_id=reports[personas.dept_a.pk].pk)
    trial.refresh_from_db()
    assert trial.state == TrialState.REPORTS_COMPLETE
    report_archive(actor=personas.info_center, report_id=reports[personas.dept_b.pk].pk)
    trial.refresh_from_db()
    assert trial.state == TrialState.REPORTS_COMPLETE
    with pytest.raises(ValidationError, match="均已报送"):
        report_chase(actor=personas.info_center, programme_id=trial.pk)


def test_the_leaders_todo_lists_the_report_waiting_for_approval(trial, personas):
    from oa.trial.todo import report_source

    report = ended(trial)[personas.dept_a.pk]
    assert report_source(personas.leader_a).count == 0
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    source = report_source(personas.leader_a)
    assert source.count == 1 and source.items[0].url == f"/trial/reports/{report.pk}/"
    assert report_source(personas.head_a).count == 1
    assert report_source(personas.leader_b).count == 0 and report_source(personas.clerk_a).count == 0
    report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report_source(personas.head_a).count == 0


def test_the_leader_who_submitted_a_report_does_not_also_approve_it(trial, personas):
    report = ended(trial)[personas.dept_a.pk]
    report_submit(actor=personas.leader_a, report_id=report.pk, **SECTIONS)  # a leader may write and submit it
    with pytest.raises(PermissionDenied):
        report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report_approve(actor=personas.head_a, report_id=report.pk).state == R.FILED  # another leader of A does
