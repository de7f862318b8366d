"""Seed 004 §2 as written: during a running trial every document a participant dispatches (except 急件) needs
paper to every recipient, whether or not the recipient takes part; a version saying “participants only”
(those published before the rule said whom) keeps its meaning."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.core.todo import todo_sources
from oa.trial.choices import Discrepancy, PaperMethod, PaperRecipients, PaperState
from oa.trial.models import PaperRequirement, TransmissionRule
from oa.trial.selectors import reconciliation
from oa.trial.services.paper import PaperSent, paper_confirm, paper_record
from oa.trial.services.rule import rule_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_a(rule, programme_of, personas):
    """A running trial in which A takes part and B does not."""
    return programme_of(departments=[personas.dept_a])


def _titles(person) -> list[str]:
    return [item.title for source in todo_sources(person) for item in source.items]


def test_a_paper_copy_for_a_non_participant_recipient_is_required_and_confirmed_there(only_a, dispatched, personas):
    delivery = dispatched(title="关于报送年度工作总结的通知")
    requirement = PaperRequirement.objects.get(delivery=delivery)
    assert requirement.state == PaperState.AWAITING and requirement.receiving_department == personas.dept_b
    assert requirement.rule.paper_to == PaperRecipients.ALL
    entry = LedgerEntry.objects.get(action="trial.paper.required")
    assert entry.data["outside_trial"] == 1 and entry.data["paper_to"] == "all"

    # The recipient outside the trial finds it to confirm, on its clerk's 待办 and in its reconciliation.
    assert f"【登记纸质件送出】关于报送年度工作总结的通知（送{personas.dept_b.name}）" in _titles(personas.clerk_a)
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=2, sent_on=timezone.localdate(), method=PaperMethod.EXCHANGE))
    # each row names the unit at the other end: one document to fifteen units is fifteen rows told apart
    assert f"【确认收到纸质件】关于报送年度工作总结的通知（来自{personas.dept_a.name}）" in _titles(personas.clerk_b)
    PaperRequirement.objects.filter(pk=requirement.pk).update(dispatched_on=timezone.localdate() - timedelta(days=15))
    assert [r.pk for r in reconciliation(personas.clerk_b, Discrepancy.PAPER_MISSING).rows] == [requirement.pk]
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=2, received_on=timezone.localdate())
    requirement.refresh_from_db()
    assert requirement.state == PaperState.CONFIRMED and requirement.confirmed_by == personas.clerk_b
    assert not any(title.startswith("【确认收到纸质件】关于报送年度工作总结的通知") for title in _titles(personas.clerk_b))


@pytest.mark.parametrize("urgency", ["urgent", "most_urgent"])
def test_urgent_stays_exempt_for_a_non_participant_recipient(only_a, dispatched, urgency):
    assert PaperRequirement.objects.get(delivery=dispatched(urgency=urgency)).state == PaperState.EXEMPT


def test_an_old_version_decision_keeps_its_meaning(programme_of, dispatched, personas):
    today = timezone.localdate()
    # A version from before the rule said whom (migration 0005 gave those rows “participants only”).
    TransmissionRule.objects.create(version=1, effective_from=today - timedelta(days=30), text="双方均参加试运行时纸质同步。",
                                    paper_chase_working_days=3, paper_to=PaperRecipients.PARTICIPANTS)
    programme_of(departments=[personas.dept_a])
    assert not PaperRequirement.objects.filter(delivery=dispatched(title="旧版本下发出")).exists()

    second = rule_create(actor=personas.info_center, effective_from=today, text="除急件和“三密”件外，网上传输和纸质同步。",
                         paper_chase_working_days=3)
    assert second.paper_to == PaperRecipients.ALL  # what a new version says unless told otherwise
    requirement = PaperRequirement.objects.get(delivery=dispatched(title="新版本下发出"))
    assert requirement.rule == second and requirement.receiving_department == personas.dept_b
    assert TransmissionRule.objects.get(version=1).paper_to == PaperRecipients.PARTICIPANTS
    assert not PaperRequirement.objects.filter(delivery__title="旧版本下发出").exists()  # nothing decided anew


def test_the_rule_page_and_api_say_whom_paper_goes_to(rule, personas, client, login):
    login(personas.info_center)
    response = client.post("/trial/rules/", {"effective_from": timezone.localdate().isoformat(), "text": "仅试运行单位之间。",
                                             "paper_chase_working_days": 3, "paper_to": "participants"})
    assert response.status_code == 302
    assert TransmissionRule.objects.get(version=2).paper_to == PaperRecipients.PARTICIPANTS
    page = client.get("/trial/rules/").content.decode()
    assert "仅参加办公业务系统试运行的收文单位" in page and "每个收文单位" in page
    created = client.post("/api/v1/trials/rules/", {"effective_from": timezone.localdate().isoformat(), "text": "所有收文单位。",
                                                     "paper_chase_working_days": 3}, content_type="application/json")
    assert created.status_code == 201 and created.json()["paper_to"] == "all"
    assert created.json()["paper_to_label"] == "每个收文单位"
    refused = client.post("/api/v1/trials/rules/", {"effective_from": timezone.localdate().isoformat(), "text": "x",
                                                    "paper_chase_working_days": 3, "paper_to": "some"},
                          content_type="application/json")
    assert refused.status_code == 400 and "some" in refused.content.decode()
