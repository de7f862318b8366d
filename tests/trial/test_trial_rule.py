"""The transmission rule: which deliveries need paper, and a later rule never rewrites earlier decisions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.trial.choices import PaperState
from oa.trial.models import PaperRequirement, TransmissionRule
from oa.trial.services.programme import programme_transition
from oa.trial.services.rule import rule_create

pytestmark = pytest.mark.django_db


def test_a_normal_document_between_participants_during_the_trial_needs_paper(trial, dispatched, personas):
    delivery = dispatched()
    requirement = PaperRequirement.objects.get(delivery=delivery)
    assert requirement.state == PaperState.AWAITING
    assert requirement.rule.version == 1 and requirement.programme == trial
    assert (requirement.sender_department, requirement.receiving_department) == (personas.dept_a, personas.dept_b)
    assert LedgerEntry.objects.filter(action="trial.paper.required").exists()


@pytest.mark.parametrize("urgency", ["urgent", "most_urgent"])
def test_an_urgent_document_is_exempt_and_the_sender_records_how_it_went(trial, dispatched, personas, urgency):
    from oa.trial.services.paper import paper_urgent_channel

    requirement = PaperRequirement.objects.get(delivery=dispatched(urgency=urgency))
    assert requirement.state == PaperState.EXEMPT
    with pytest.raises(PermissionDenied):
        paper_urgent_channel(actor=personas.clerk_b, requirement_id=requirement.pk, channel="paper_only")
    with pytest.raises(ValidationError):
        paper_urgent_channel(actor=personas.clerk_a, requirement_id=requirement.pk, channel="both")
    paper_urgent_channel(actor=personas.clerk_a, requirement_id=requirement.pk, channel="online_only")
    requirement.refresh_from_db()
    assert requirement.urgent_channel == "online_only" and requirement.state == PaperState.EXEMPT


def test_a_non_participants_document_needs_paper_too_under_the_rule_as_written(rule, programme_of, dispatched, personas):
    """Seed 004 §2: “所有的公文上传、下达” during the trial — whoever sends it online, not only a participant."""
    programme_of(departments=[personas.dept_b])  # A, the sender, is not in the trial
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    assert requirement.state == PaperState.AWAITING and requirement.sender_department == personas.dept_a


def test_no_paper_from_a_non_participant_under_a_participants_only_version(rule, programme_of, dispatched, personas):
    TransmissionRule.objects.filter(pk=rule.pk).update(paper_to="participants")  # a version published before 0005
    programme_of(departments=[personas.dept_b])  # A, the sender, is not in the trial
    assert not PaperRequirement.objects.exists() and dispatched().state == "pending"


def test_no_paper_before_the_trial_starts(rule, programme_of, dispatched):
    programme_of(run=False)  # still 筹备
    dispatched()
    assert not PaperRequirement.objects.exists()


def test_no_paper_after_the_trial_period(rule, programme_of, dispatched):
    programme_of(start=-40, end=-1)  # running, but its period is over
    dispatched()
    assert not PaperRequirement.objects.exists()


def test_no_paper_once_the_trial_has_ended(rule, programme_of, dispatched, personas):
    programme = programme_of()
    programme_transition(actor=personas.info_center, programme_id=programme.pk, action="end")
    dispatched()
    assert not PaperRequirement.objects.exists()


def test_no_rule_no_requirement(programme_of, dispatched):
    programme_of()
    dispatched()
    assert not PaperRequirement.objects.exists()


def test_a_new_rule_version_keeps_history(trial, dispatched, personas):
    first = PaperRequirement.objects.get(delivery=dispatched(title="第一件"))
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="追溯"):
        rule_create(actor=personas.info_center, effective_from=today - timedelta(days=1), text="新规则", paper_chase_working_days=5)
    with pytest.raises(PermissionDenied):
        rule_create(actor=personas.clerk_a, effective_from=today + timedelta(days=1), text="新规则", paper_chase_working_days=5)
    second_rule = rule_create(actor=personas.info_center, effective_from=today, text="急件也须纸质同步",
                              paper_chase_working_days=5, urgent_exempt=False)
    assert second_rule.version == 2
    first.refresh_from_db()
    assert first.rule.version == 1 and first.rule.paper_chase_working_days == 3
    assert TransmissionRule.objects.get(version=1).text.startswith("除急件")
    urgent = PaperRequirement.objects.get(delivery=dispatched(title="第二件", urgency="urgent"))
    assert urgent.rule.version == 2 and urgent.state == PaperState.AWAITING  # v2: urgent no longer exempt
