"""The programme's graph (筹备 → 试运行 → 结束 → 报告收齐), participants, working groups, training,
and the usage reports: pre-filled from the trial's events, filing all completes the programme."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.trial.choices import ReportState, TrialState, TrialSystem
from oa.trial.models import TrialParticipant, UsageReport
from oa.trial.services.paper import paper_only_record
from oa.trial.services.people import working_group_save
from oa.trial.services.programme import (
    participant_add,
    programme_create,
    programme_transition,
    training_record,
)
from oa.trial.services.reports import report_approve, report_chase, report_submit
from tests.trial.reports import paper_events

pytestmark = pytest.mark.django_db
SECTIONS = {"usage": "系统运行稳定，公文均网上流转。", "problems": "个别人员操作不熟练。", "suggestions": "增加培训场次。"}


def test_the_programme_graph_is_ledgered_and_guarded(personas, programme_of):
    programme = programme_of(run=False)
    assert programme.state == TrialState.PLANNED
    with pytest.raises(PermissionDenied):
        programme_transition(actor=personas.clerk_a, programme_id=programme.pk, action="start")
    assert LedgerEntry.objects.filter(action="trial.start", outcome="denied").exists()
    with pytest.raises(Conflict):
        programme_transition(actor=personas.info_center, programme_id=programme.pk, action="end")
    programme = programme_transition(actor=personas.info_center, programme_id=programme.pk, action="start")
    assert programme.state == TrialState.RUNNING and programme.started_at
    with pytest.raises(Conflict):
        programme_transition(actor=personas.info_center, programme_id=programme.pk, action="start")
    programme = programme_transition(actor=personas.info_center, programme_id=programme.pk, action="end")
    assert programme.state == TrialState.ENDED
    assert set(UsageReport.objects.filter(programme=programme).values_list("department_id", flat=True)) == {
        personas.dept_a.pk, personas.dept_b.pk}
    assert [e.action for e in LedgerEntry.objects.filter(action__in=["trial.create", "trial.start", "trial.end"],
                                                          outcome="success").order_by("id")] == [
        "trial.create", "trial.start", "trial.end"]


def test_creating_needs_the_information_center_and_sane_dates(personas):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        programme_create(actor=personas.clerk_a, name="试运行", start_date=today, end_date=today)
    with pytest.raises(ValidationError, match="结束日期"):
        programme_create(actor=personas.info_center, name="试运行", start_date=today, end_date=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="名称"):
        programme_create(actor=personas.info_center, name="  ", start_date=today, end_date=today)


def test_a_department_joins_on_its_own_and_keeps_its_group_and_training(personas, programme_of):
    from tests.factories import DepartmentFactory

    programme = programme_of(departments=[personas.dept_a])
    participant_add(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                    system=TrialSystem.OFFICE, listed=False)
    assert TrialParticipant.objects.get(programme=programme, department=personas.dept_b).listed is False
    with pytest.raises(ValidationError, match="已参加"):
        participant_add(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                        system=TrialSystem.OFFICE, listed=False)
    with pytest.raises(PermissionDenied):
        participant_add(actor=personas.clerk_b, programme_id=programme.pk, department_id=DepartmentFactory(slug="c").pk,
                        system=TrialSystem.OFFICE, listed=False)
    with pytest.raises(PermissionDenied):
        participant_add(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                        system=TrialSystem.APPROVAL, listed=True)
    group = working_group_save(actor=personas.director_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                               leader=personas.leader_b.pk, contact=personas.clerk_b.pk, phone="0751-8891904")
    assert group.phone == "0751-8891904" and group.contact == personas.clerk_b
    with pytest.raises(PermissionDenied):
        working_group_save(actor=personas.clerk_a, programme_id=programme.pk, department_id=personas.dept_b.pk,
                           leader=personas.leader_b.pk, contact=personas.clerk_b.pk, phone="1")
    with pytest.raises(ValidationError, match="联系电话"):
        working_group_save(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                           leader=personas.leader_b.pk, contact=personas.clerk_b.pk, phone="八八九")
    with pytest.raises(ValidationError, match="实到人数"):
        training_record(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                        held_on=timezone.localdate(), topic="公文收发", expected=10, attended=11)
    session = training_record(actor=personas.clerk_b, programme_id=programme.pk, department_id=personas.dept_b.pk,
                              held_on=timezone.localdate(), topic="公文收发", expected=10, attended=9)
    assert session.attended == 9


def test_the_report_prefill_equals_the_events_and_filing_all_completes(trial, dispatched, personas):
    # Events of the trial, counted independently below.
    today = timezone.localdate()
    paper_events(dispatched, personas, today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=2, on_date=today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="received", count=1, on_date=today)
    training_record(actor=personas.clerk_a, programme_id=trial.pk, department_id=personas.dept_a.pk, held_on=today,
                    topic="操作培训", expected=20, attended=15)

    programme_transition(actor=personas.info_center, programme_id=trial.pk, action="end")
    report_a = UsageReport.objects.get(programme=trial, department=personas.dept_a)
    report_b = UsageReport.objects.get(programme=trial, department=personas.dept_b)
    with pytest.raises(ValidationError, match="使用情况"):
        report_submit(actor=personas.clerk_a, report_id=report_a.pk, **{**SECTIONS, "usage": ""})
    with pytest.raises(PermissionDenied):
        report_submit(actor=personas.staff_a, report_id=report_a.pk, **SECTIONS)  # not a keeper of the report
    assert report_chase(actor=personas.info_center, programme_id=trial.pk) == 2
    assert LedgerEntry.objects.filter(action="trial.report.chase").exists()

    report_submit(actor=personas.clerk_a, report_id=report_a.pk, **SECTIONS)
    report_a = report_approve(actor=personas.leader_a, report_id=report_a.pk)
    assert report_a.state == ReportState.FILED
    figures = report_a.figures
    assert figures["online_sent"] == 4  # four documents dispatched by A
    assert figures["paper_required"] == 3 and figures["paper_sent"] == 2 and figures["paper_both"] == 1
    assert figures["urgent_paper_only"] == 1 and figures["urgent_online_only"] == 0
    assert figures["paper_only_sent"] == 2 and figures["paper_only_received"] == 1
    assert (figures["training_sessions"], figures["training_expected"], figures["training_attended"]) == (1, 20, 15)
    assert figures["compliance"] == round(100 * 1 / 3, 1) and figures["attendance"] == 75.0
    trial.refresh_from_db()
    assert trial.state == TrialState.ENDED  # B has not filed

    report_submit(actor=personas.director_b, report_id=report_b.pk, **SECTIONS)
    trial.refresh_from_db()
    assert trial.state == TrialState.ENDED  # B's leader has not approved yet
    report_b = report_approve(actor=personas.head_b, report_id=report_b.pk)
    assert report_b.figures["online_received"] == 4 and report_b.figures["paper_received"] == 1
    trial.refresh_from_db()
    assert trial.state == TrialState.REPORTS_COMPLETE and trial.reports_complete_at
    with pytest.raises(ValidationError, match="均已报送"):
        report_chase(actor=personas.info_center, programme_id=trial.pk)


def test_a_report_cannot_be_filed_while_the_trial_runs(trial, personas):
    UsageReport.objects.create(programme=trial, department=personas.dept_a)
    report = UsageReport.objects.get()
    with pytest.raises(ValidationError, match="结束后"):
        report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_the_information_center_moves_the_paperless_target(trial, personas, login):
    from oa.trial.services.programme import programme_set_target

    later = trial.end_date + timedelta(days=200)
    with pytest.raises(PermissionDenied):
        programme_set_target(actor=personas.clerk_a, programme_id=trial.pk, paperless_target=later)
    with pytest.raises(ValidationError, match="不能早于试运行结束日期"):
        programme_set_target(actor=personas.info_center, programme_id=trial.pk,
                             paperless_target=trial.end_date - timedelta(days=1))
    assert programme_set_target(actor=personas.info_center, programme_id=trial.pk, paperless_target=later).paperless_target == later
    entry = LedgerEntry.objects.get(action="trial.target")
    assert entry.data["to"] == later.isoformat()
    client = login(personas.info_center)
    page = client.post(f"/trial/{trial.pk}/target/", {"paperless_target": ""}, follow=True).content.decode()
    assert "无纸化目标日期已更新" in page
    trial.refresh_from_db()
    assert trial.paperless_target is None
    api = client.post(f"/api/v1/trials/{trial.pk}/paperless-target/", {"paperless_target": later.isoformat()},
                      content_type="application/json")
    assert api.status_code == 200 and api.json()["paperless_target"] == later.isoformat()
    assert client.post(f"/api/v1/trials/{trial.pk}/paperless-target/", {"paperless_target": "9999-12-31"},
                       content_type="application/json").status_code == 400
