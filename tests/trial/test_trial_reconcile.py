"""Reconciliation: each discrepancy appears after its working-day threshold, clears when put right,
is chased in one step to the other side, and the lists stay a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.incoming.services.flow import delivery_sign_for
from oa.audit.models import LedgerEntry
from oa.calendar import add_working_days
from oa.trial.choices import Discrepancy as K
from oa.trial.models import PaperRequirement
from oa.trial.selectors import reconciliation, reconciliation_counts
from oa.trial.services.paper import PaperSent, chase_target, paper_chase, paper_confirm, paper_record

pytestmark = pytest.mark.django_db


def _ids(person, kind):
    return [r.pk for r in reconciliation(person, kind).rows]


def _age(requirement, working_days):
    PaperRequirement.objects.filter(pk=requirement.pk).update(
        dispatched_on=add_working_days(timezone.localdate(), -working_days))


@pytest.fixture
def requirement(trial, dispatched):
    return PaperRequirement.objects.get(delivery=dispatched())


def test_paper_missing_appears_after_n_working_days_and_clears(requirement, personas):
    _age(requirement, 2)
    assert requirement.pk not in _ids(personas.info_center, K.PAPER_MISSING)
    _age(requirement, 3)  # the rule's 3 working days
    assert _ids(personas.info_center, K.PAPER_MISSING) == [requirement.pk]
    assert _ids(personas.clerk_a, K.PAPER_MISSING) == _ids(personas.clerk_b, K.PAPER_MISSING) == [requirement.pk]
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="courier"))
    assert _ids(personas.info_center, K.PAPER_MISSING) == [requirement.pk]  # sent, not yet confirmed
    delivery_sign_for(actor=personas.clerk_b, delivery_id=requirement.delivery_id)
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=1)
    assert _ids(personas.info_center, K.PAPER_MISSING) == []
    assert _ids(personas.info_center, K.RECONCILED) == [requirement.pk]


def test_not_signed_online_appears_and_clears(requirement, personas):
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=1)
    assert _ids(personas.clerk_b, K.NOT_SIGNED) == [requirement.pk]
    assert chase_target(requirement, personas.info_center, K.NOT_SIGNED) == personas.dept_b.pk
    delivery_sign_for(actor=personas.clerk_b, delivery_id=requirement.delivery_id)
    assert _ids(personas.clerk_b, K.NOT_SIGNED) == [] and _ids(personas.clerk_b, K.RECONCILED) == [requirement.pk]


def test_count_mismatch_appears_and_clears(requirement, personas):
    delivery_sign_for(actor=personas.clerk_b, delivery_id=requirement.delivery_id)
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=3, sent_on=timezone.localdate(), method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=2)
    assert _ids(personas.clerk_a, K.COUNT_MISMATCH) == [requirement.pk]
    assert reconciliation_counts(personas.clerk_a)[K.COUNT_MISMATCH] == 1
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=3)  # the missing copy came
    assert _ids(personas.clerk_a, K.COUNT_MISMATCH) == [] and _ids(personas.clerk_a, K.RECONCILED) == [requirement.pk]


def test_other_departments_do_not_see_the_pair(requirement, personas):
    from oa.org.choices import Role
    from oa.org.services.roles import role_grant
    from tests.factories import DepartmentFactory, PersonFactory

    other = PersonFactory(username="c_clerk", department=DepartmentFactory(slug="deptC"))
    role_grant(actor=None, person=other, role=Role.CLERK, system=True)
    _age(requirement, 5)
    assert _ids(other, K.PAPER_MISSING) == [] and _ids(personas.clerk_b, K.PAPER_MISSING) == [requirement.pk]


def test_chase_goes_to_the_other_side_live_and_ledgered(requirement, personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="无需催办"):
        paper_chase(actor=personas.clerk_b, requirement_id=requirement.pk)  # not yet overdue
    _age(requirement, 4)
    paper_chase(actor=personas.clerk_b, requirement_id=requirement.pk)
    entry = LedgerEntry.objects.get(action="trial.paper.chase")
    assert entry.data["to_department"] == personas.dept_a.pk and entry.data["kind"] == K.PAPER_MISSING
    paper_chase(actor=personas.info_center, requirement_id=requirement.pk)
    requirement.refresh_from_db()
    assert requirement.chase_count == 2 and requirement.last_chased_at
    with pytest.raises(ValidationError, match="请本单位先送出并登记"):  # A owes the paper: nobody to chase
        paper_chase(actor=personas.clerk_a, requirement_id=requirement.pk)


def test_reconciliation_is_a_fixed_number_of_queries(trial, dispatched, personas):
    def count(kind):
        with CaptureQueriesContext(connection) as captured:
            reconciliation(personas.info_center, kind)
            reconciliation_counts(personas.info_center)
        return len(captured.captured_queries)

    dispatched(title="第一件")
    small = {kind: count(kind) for kind in K.values}
    for i in range(12):
        requirement = PaperRequirement.objects.get(delivery=dispatched(title=f"第{i + 2}件"))
        _age(requirement, 3 + i % 4)
    assert {kind: count(kind) for kind in K.values} == small
    assert set(small.values()) == {4}  # (the rules, the list) + (the rules, the counts)


def test_paper_the_sender_could_not_record_during_an_outage_is_no_count_mismatch(trial, dispatched, personas):
    """Dispatched while the system was down; the sender never recorded the copies; the receiver confirms
    one: not a 份数不符 in the list, in its tab count, or for the row (the three agree)."""
    from datetime import timedelta

    from oa.trial.selectors import discrepancy_of
    from oa.trial.services.outages import outage_declare

    outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=1), reason="交换系统故障")
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=1)
    assert _ids(personas.info_center, K.COUNT_MISMATCH) == []
    assert reconciliation_counts(personas.info_center)[K.COUNT_MISMATCH] == 0
    assert discrepancy_of(PaperRequirement.objects.select_related("delivery", "rule").get(pk=requirement.pk)) != K.COUNT_MISMATCH


def test_a_delivery_sent_back_is_not_chased_for_paper_until_it_is_resent(requirement, personas):
    from documents.incoming.services.flow import delivery_resend, delivery_return
    from oa.trial.selectors import discrepancy_of

    _age(requirement, 5)
    assert _ids(personas.info_center, K.PAPER_MISSING) == [requirement.pk]
    delivery_return(actor=personas.clerk_b, delivery_id=requirement.delivery_id, text="缺少附件，请补齐后重新发送")
    assert _ids(personas.info_center, K.PAPER_MISSING) == [] and _ids(personas.clerk_a, K.PAPER_MISSING) == []
    assert discrepancy_of(PaperRequirement.objects.select_related("delivery", "rule").get(pk=requirement.pk)) == ""
    delivery_resend(actor=personas.clerk_a, delivery_id=requirement.delivery_id)
    assert _ids(personas.info_center, K.PAPER_MISSING) == [requirement.pk]



def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_paper_worklist_api_does_not_query_per_row(trial, dispatched, personas, login):
    """Each row's discrepancy reads its rule: loaded with the row, not one query each."""
    dispatched()
    clerk = login(personas.clerk_a)
    one = _queries(clerk, "/api/v1/trials/paper/")
    for _ in range(3):
        dispatched()
    assert _queries(clerk, "/api/v1/trials/paper/") == one


def test_a_programmes_detail_api_does_not_query_per_report(rule, programme_of, personas, login):
    """Ended programmes with 2 and with 6 listed departments (one report each): the same queries."""
    from oa.trial.services.programme import programme_transition
    from tests.factories import DepartmentFactory

    small = programme_of(start=-30, end=-20)
    programme_transition(actor=personas.info_center, programme_id=small.pk, action="end")
    large = programme_of([personas.dept_a, personas.dept_b, *DepartmentFactory.create_batch(4)], start=-10, end=-1)
    programme_transition(actor=personas.info_center, programme_id=large.pk, action="end")
    info = login(personas.info_center)
    assert large.reports.count() == 6
    assert _queries(info, f"/api/v1/trials/{large.pk}/") == _queries(info, f"/api/v1/trials/{small.pk}/")


def test_the_page_tells_a_clerk_their_own_step_instead_of_offering_a_chase(requirement, personas, login):
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=1)
    page = login(personas.clerk_b).get("/trial/reconcile/?kind=not_signed").content.decode()
    row = page[page.index(f'data-paper="{requirement.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "请本单位在线上签收该件" in row and "催</button>" not in row


def test_a_pair_in_two_lists_is_chased_as_the_list_it_is_chased_from(requirement, personas):
    """Confirmed short and not yet signed for: in 线上未签收 (B's own step) and 份数不符 (either side may ask).
    From the 份数不符 list B chases A; from 线上未签收 B is told to sign."""
    from django.core.exceptions import ValidationError

    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=3, sent_on=timezone.localdate(), method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=2)
    assert requirement.pk in _ids(personas.clerk_b, K.NOT_SIGNED) and requirement.pk in _ids(personas.clerk_b, K.COUNT_MISMATCH)
    with pytest.raises(ValidationError, match="请本单位在线上签收该件"):
        paper_chase(actor=personas.clerk_b, requirement_id=requirement.pk, kind=K.NOT_SIGNED)
    paper_chase(actor=personas.clerk_b, requirement_id=requirement.pk, kind=K.COUNT_MISMATCH)
    entry = LedgerEntry.objects.get(action="trial.paper.chase")
    assert entry.data["kind"] == K.COUNT_MISMATCH and entry.data["to_department"] == personas.dept_a.pk
    with pytest.raises(ValidationError, match="请本单位在线上签收该件"):  # a list it is not in: its first discrepancy
        paper_chase(actor=personas.clerk_b, requirement_id=requirement.pk, kind=K.RECONCILED)
