"""Paper copies: the sender records, the receiver confirms; short counts, 份号, bulk confirmation,
paper that arrived first, permissions, and paper-only (classified) items that carry no title."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.incoming.services.paper import delivery_register_paper
from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.trial.choices import PaperState
from oa.trial.models import PaperOnlyItem, PaperRequirement
from oa.trial.services.paper import (
    PaperSent,
    paper_bulk_confirm,
    paper_confirm,
    paper_only_record,
    paper_record,
)

pytestmark = pytest.mark.django_db


def _sent(count=3, copy_range="000001-000003", method="exchange"):
    return PaperSent(count=count, copy_range=copy_range, sent_on=timezone.localdate(), method=method)


@pytest.fixture
def requirement(trial, dispatched):
    return PaperRequirement.objects.get(delivery=dispatched())


def test_record_then_confirm_in_full(requirement, personas):
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk, sent=_sent())
    requirement.refresh_from_db()
    assert (requirement.state, requirement.sent_count, requirement.copy_range, requirement.method) == (
        PaperState.SENT, 3, "000001-000003", "exchange")
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=3)
    requirement.refresh_from_db()
    assert requirement.state == PaperState.CONFIRMED and not requirement.short_count
    assert LedgerEntry.objects.filter(action="trial.paper.confirm", data__short=False).exists()


def test_a_short_count_is_a_discrepancy(requirement, personas):
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk, sent=_sent())
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=2)
    requirement.refresh_from_db()
    assert requirement.short_count and requirement.received_count == 2
    assert LedgerEntry.objects.filter(action="trial.paper.confirm", data__short=True).exists()


@pytest.mark.parametrize("copy_range, message", [
    ("000001-000002", "共 2 份"), ("5-1", "结束份号"), ("第一份", "格式"),
])
def test_copy_numbers_must_match_the_count(requirement, personas, copy_range, message):
    with pytest.raises(ValidationError, match=message):
        paper_record(actor=personas.clerk_a, requirement_id=requirement.pk, sent=_sent(copy_range=copy_range))
    requirement.refresh_from_db()
    assert requirement.state == PaperState.AWAITING and requirement.sent_count is None


def test_bad_input_changes_nothing(requirement, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="送达方式"):
        paper_record(actor=personas.clerk_a, requirement_id=requirement.pk, sent=_sent(method="post"))
    with pytest.raises(ValidationError, match="晚于今天"):
        paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                     sent=PaperSent(count=1, sent_on=tomorrow, method="courier"))
    with pytest.raises(ValidationError, match="收到份数"):
        paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk)  # nothing recorded, no count given
    requirement.refresh_from_db()
    assert requirement.state == PaperState.AWAITING


def test_only_the_right_clerk_may_record_or_confirm(requirement, personas):
    with pytest.raises(PermissionDenied):
        paper_record(actor=personas.clerk_b, requirement_id=requirement.pk, sent=_sent())
    with pytest.raises(PermissionDenied):
        paper_record(actor=personas.staff_a, requirement_id=requirement.pk, sent=_sent())
    with pytest.raises(PermissionDenied):
        paper_confirm(actor=personas.clerk_a, requirement_id=requirement.pk, count=1)
    with pytest.raises(Http404):
        paper_confirm(actor=personas.info_center, requirement_id=requirement.pk + 1000, count=1)
    assert LedgerEntry.objects.filter(action="trial.paper.record", outcome="denied").count() == 2


def test_paper_that_arrived_first_is_confirmed_then_the_sender_records_it(requirement, personas):
    arrival = delivery_register_paper(actor=personas.clerk_b, title="关于做好电子政务应用系统试运行有关工作的通知",
                                      sender_name="甲局", copies=2)
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, paper_arrival_id=arrival.pk)
    requirement.refresh_from_db()
    assert requirement.state == PaperState.CONFIRMED and requirement.paper_arrival == arrival and requirement.received_count == 2
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk, sent=_sent(count=2, copy_range="000001-000002"))
    requirement.refresh_from_db()
    assert requirement.state == PaperState.CONFIRMED and requirement.sent_count == 2 and not requirement.short_count


def test_a_paper_arrival_is_matched_once_and_only_by_its_own_department(trial, dispatched, personas):
    first = PaperRequirement.objects.get(delivery=dispatched(title="第一件"))
    second = PaperRequirement.objects.get(delivery=dispatched(title="第二件"))
    arrival = delivery_register_paper(actor=personas.clerk_b, title="第一件", sender_name="甲局")
    paper_confirm(actor=personas.clerk_b, requirement_id=first.pk, paper_arrival_id=arrival.pk)
    with pytest.raises(ValidationError, match="已与其他公文配对"):
        paper_confirm(actor=personas.clerk_b, requirement_id=second.pk, paper_arrival_id=arrival.pk)


def test_bulk_confirmation_is_all_or_nothing(trial, dispatched, personas):
    rows = [PaperRequirement.objects.get(delivery=dispatched(title=f"第{i}件")) for i in range(3)]
    for row in rows[:2]:
        paper_record(actor=personas.clerk_a, requirement_id=row.pk, sent=_sent(count=1, copy_range=""))
    with pytest.raises(ValidationError, match="未作任何更改"):
        paper_bulk_confirm(actor=personas.clerk_b, requirement_ids=[r.pk for r in rows])
    assert not PaperRequirement.objects.filter(state=PaperState.CONFIRMED).exists()
    with pytest.raises(ValidationError):
        paper_bulk_confirm(actor=personas.clerk_b, requirement_ids=[])
    with pytest.raises(PermissionDenied):
        paper_bulk_confirm(actor=personas.staff_b, requirement_ids=[rows[0].pk])
    confirmed = paper_bulk_confirm(actor=personas.clerk_b, requirement_ids=[r.pk for r in rows[:2]])
    assert [r.state for r in confirmed] == [PaperState.CONFIRMED] * 2
    assert all(r.received_count == 1 for r in PaperRequirement.objects.filter(state=PaperState.CONFIRMED))


def test_a_stale_step_is_a_conflict(trial, dispatched, personas):
    from oa.trial.services.paper import paper_urgent_channel

    requirement = PaperRequirement.objects.get(delivery=dispatched())
    with pytest.raises(Conflict):
        paper_urgent_channel(actor=personas.clerk_a, requirement_id=requirement.pk, channel="online_only")


def test_a_paper_only_item_has_no_title_or_content(personas, trial):
    names = {f.name for f in PaperOnlyItem._meta.get_fields()}
    assert not names & {"title", "body", "content", "subject", "doc_number", "description", "text"}
    assert {"on_date", "counterpart", "direction", "count"} <= names
    item = paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=2,
                             on_date=timezone.localdate())
    assert item.programme == trial and "标题" not in str(item)
    with pytest.raises(ValidationError, match="本单位"):
        paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_a.pk, direction="sent", count=1,
                          on_date=timezone.localdate())
    with pytest.raises(PermissionDenied):
        paper_only_record(actor=personas.staff_a, counterpart_id=personas.dept_b.pk, direction="sent", count=1,
                          on_date=timezone.localdate())
    assert PaperOnlyItem.objects.count() == 1


def test_the_paper_badge_counts_what_the_todo_list_shows(trial, dispatched, personas):
    """The badge (limit=0) reads ids only (benchmarks.md, bench http); its figure is the list's."""
    from oa.trial.todo import paper_source

    for _ in range(3):
        dispatched()
    listed = paper_source(personas.clerk_a)
    assert listed.count == 3 and len([i for i in listed.items if i.kind == "trial-paper"]) == 3
    assert paper_source(personas.clerk_a, limit=0).count == 3
    paper_record(actor=personas.clerk_a, requirement_id=PaperRequirement.objects.first().pk, sent=_sent())
    assert paper_source(personas.clerk_a, limit=0).count == 2  # the one sent is now the receiver's to confirm
    assert paper_source(personas.clerk_b, limit=0).count == paper_source(personas.clerk_b).count == 1
