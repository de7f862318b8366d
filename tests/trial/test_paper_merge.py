"""A paper copy of an online document closes into it (已并入网上来文): the paper is recorded on the online
delivery, the 纸质来文 registration is no second 收文 — no deadline, no card, off every 待办 — and the
department that follows the paper rule scores 使用率 100 %. Only paper that should have come online
(an unmatched paper arrival from a department of the system) lowers 使用率; 三密 items never do."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.incoming.models import OPEN_STATES, DeliveryState
from documents.incoming.permissions import DELIVERY_FLOW
from documents.incoming.selectors import deliveries_waiting_for
from documents.incoming.services.flow import delivery_register
from documents.incoming.services.paper import delivery_register_paper
from documents.ledger_actions import DELIVERY_MERGE_PAPER
from documents.models import Delivery
from oa.audit.models import LedgerEntry
from oa.trial.models import PaperRequirement
from oa.trial.services.paper import PaperSent, paper_confirm, paper_only_record, paper_record
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row, score_items
from oa.usage.services.rollup import open_overdue, rebuild

pytestmark = pytest.mark.django_db


def _b(personas):
    row = department_row(build_table(Period.current()), personas.dept_b.pk)
    return row["figures"], row["counts"]


def _closed(arrival, online, personas, copies):
    arrival.refresh_from_db()
    online.refresh_from_db()
    assert arrival.state == DeliveryState.MERGED and arrival.state not in OPEN_STATES
    assert arrival.merged_into_id == online.pk and arrival.due_date is None
    assert online.paper_copies == copies and online.paper_received_on == timezone.localdate()
    assert DELIVERY_FLOW.waiting_ids(arrival) == set()
    assert arrival.pk not in {d.pk for d in deliveries_waiting_for(personas.clerk_b).rows}
    assert LedgerEntry.objects.filter(action=DELIVERY_MERGE_PAPER, target_id=str(arrival.pk)).count() == 1
    # Long after its deadline would have passed: no card for it (the online delivery is the one handled).
    overdue, _ = open_overdue(timezone.localdate() + timedelta(days=60))
    assert arrival.pk not in set(overdue.values_list("id", flat=True))


def test_paper_registered_first_then_matched_closes_into_the_online_delivery(trial, dispatched, personas):
    online = dispatched(title="关于报送年度工作总结的通知")
    requirement = PaperRequirement.objects.get(delivery=online)
    arrival = delivery_register_paper(actor=personas.clerk_b, title="关于报送年度工作总结的通知", sender_name="甲局",
                                      copies=2)
    figures, _ = _b(personas)
    assert figures["paper_missed"] == 1 and figures["usage_rate"] == 0.5  # until it is matched
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, paper_arrival_id=arrival.pk)
    _closed(arrival, online, personas, copies=2)
    figures, counts = _b(personas)
    assert figures["usage_rate"] == 1.0 and figures["paper_missed"] == 0 and figures["yellow"] == figures["red"] == 0
    assert counts["usage_rate"] == {"numerator": 1, "denominator": 1}
    assert score_items(Period.current(), personas.dept_b.pk)["usage"] == []
    assert rebuild(Period.current(), write=False)["differences"] == []


def test_online_first_then_paper_registered_and_matched_through_the_api(trial, dispatched, personas, login):
    online = dispatched(title="关于开展安全检查的通知")
    requirement = PaperRequirement.objects.get(delivery=online)
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=3, sent_on=timezone.localdate(), method="exchange"))
    arrival = delivery_register_paper(actor=personas.clerk_b, title="关于开展安全检查的通知", sender_name="甲局", copies=3)
    delivery_register(actor=personas.clerk_b, delivery_id=arrival.pk)  # 待初审: nobody handles it yet
    client = login(personas.clerk_b)
    response = client.post(f"/api/v1/trials/paper/{requirement.pk}/confirm/", {"paper_arrival": arrival.pk},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    _closed(arrival, online, personas, copies=3)
    api = client.get(f"/api/v1/deliveries/{online.pk}/").json()
    assert api["paper_copies"] == 3 and api["paper_received_on"] == str(timezone.localdate())
    assert client.get(f"/api/v1/deliveries/{arrival.pk}/").json()["merged_into"] == online.pk
    page = client.get(reverse("delivery-detail", args=[online.pk])).content.decode()
    assert "纸质件" in page and "3 份" in page
    assert "已并入" in client.get(reverse("delivery-detail", args=[arrival.pk])).content.decode()
    figures, _ = _b(personas)
    assert figures["usage_rate"] == 1.0 and figures["yellow"] == figures["red"] == 0
    assert rebuild(Period.current(), write=False)["differences"] == []


def test_paper_confirmed_without_a_registration_is_recorded_on_the_delivery(trial, dispatched, personas):
    online = dispatched(title="关于召开工作会议的通知")
    requirement = PaperRequirement.objects.get(delivery=online)
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=2)
    online.refresh_from_db()
    assert online.paper_copies == 2 and online.paper_received_on == timezone.localdate()
    assert _b(personas)[0]["usage_rate"] == 1.0


def test_an_arrival_already_being_handled_is_not_merged(trial, dispatched, personas):
    from documents.incoming.services.sorting import delivery_screen

    online = dispatched(title="第一件")
    requirement = PaperRequirement.objects.get(delivery=online)
    arrival = delivery_register_paper(actor=personas.clerk_b, title="第一件", sender_name="甲局")
    delivery_register(actor=personas.clerk_b, delivery_id=arrival.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=arrival.pk, handling="task")
    with pytest.raises(ValidationError, match="不能再并入"):
        paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, paper_arrival_id=arrival.pk)
    arrival.refresh_from_db()
    requirement.refresh_from_db()
    assert arrival.state == DeliveryState.PROPOSING and requirement.paper_arrival_id is None  # nothing changed


def test_only_paper_that_should_have_come_online_lowers_the_usage_rate(trial, dispatched, personas):
    dispatched(title="网上来文")
    delivery_register_paper(actor=personas.clerk_b, title="省厅来文", sender_name="省信息产业厅")  # outside the system
    paper_only_record(actor=personas.clerk_b, counterpart_id=personas.dept_a.pk, direction="received", count=3,
                      on_date=timezone.localdate())  # 三密: must never go online
    figures, counts = _b(personas)
    assert figures["usage_rate"] == 1.0 and figures["paper_only"] == 3
    only_paper = delivery_register_paper(actor=personas.clerk_b, title="甲局仅纸质来文", sender_name="甲局")
    figures, counts = _b(personas)
    assert only_paper.sender_department_id == personas.dept_a.pk
    assert figures["usage_rate"] == 0.5 and counts["usage_rate"] == {"numerator": 1, "denominator": 2}
    assert [d.pk for d in score_items(Period.current(), personas.dept_b.pk)["usage"]] == [only_paper.pk]
    assert rebuild(Period.current(), write=False)["differences"] == []


def test_the_data_migration_closes_arrivals_matched_before(trial, dispatched, personas):
    """Before this change a match left the arrival open: the migration closes it into its delivery."""
    from importlib import import_module

    migration = import_module("documents.migrations.0011_paper_merged_into_online")
    online = dispatched(title="旧配对")
    requirement = PaperRequirement.objects.get(delivery=online)
    arrival = delivery_register_paper(actor=personas.clerk_b, title="旧配对", sender_name="甲局", copies=2)
    handled = delivery_register_paper(actor=personas.clerk_b, title="已办理", sender_name="甲局")
    Delivery.objects.filter(pk=handled.pk).update(state=DeliveryState.HANDLING)
    PaperRequirement.objects.filter(pk=requirement.pk).update(
        state="confirmed", paper_arrival=arrival, received_count=2, received_on=timezone.localdate())
    migration.merge_matched(apps, None)
    arrival.refresh_from_db()
    online.refresh_from_db()
    assert arrival.state == DeliveryState.MERGED and arrival.merged_into_id == online.pk and arrival.due_date is None
    assert online.paper_copies == 2
    handled.refresh_from_db()
    assert handled.state == DeliveryState.HANDLING
