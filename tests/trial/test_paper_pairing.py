"""并入网上来文 from the paper arrival itself: a paper copy closes into its online delivery whether or not a
paper requirement exists (outside a trial, an urgent document), and when one waits the trial's requirement
is confirmed by the same step, so the three records agree. Page and API alike; a refusal changes nothing."""

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.choices import Urgency
from documents.incoming.models import DeliveryState
from documents.incoming.permissions import delivery_actions
from documents.incoming.services.paper import delivery_register_paper
from documents.models import Delivery
from oa.trial.choices import PaperState
from oa.trial.models import PaperRequirement

pytestmark = pytest.mark.django_db


def _online(personas, draft, walk, **fields):
    document = walk(draft(**fields), S.DISPATCHED)
    return document.deliveries.get(department=personas.dept_b)


def _arrival(personas, copies=3):
    return delivery_register_paper(actor=personas.clerk_b, title="关于报送年度工作总结的通知", sender_name="甲局",
                                   copies=copies)


def test_outside_any_trial_the_clerk_closes_a_paper_copy_into_its_online_delivery_on_the_page(
        personas, draft, walk, client, login):
    online = _online(personas, draft, walk)
    arrival = _arrival(personas)
    assert not PaperRequirement.objects.exists()
    assert "merge_paper" in delivery_actions(personas.clerk_b, arrival)
    login(personas.clerk_b)
    page = client.get(f"/inbox/{arrival.pk}/").content.decode()
    assert 'id="oa-dact-merge_paper"' in page and online.title in page  # the online delivery is offered
    response = client.post(f"/inbox/{arrival.pk}/act/merge_paper/", {"into": online.pk})
    assert response.status_code == 302
    arrival.refresh_from_db()
    online.refresh_from_db()
    assert arrival.state == DeliveryState.MERGED and arrival.merged_into_id == online.pk and arrival.due_date is None
    assert online.paper_copies == 3 and online.paper_received_on == timezone.localdate()


def test_an_urgent_documents_paper_copy_closes_into_it_through_the_api(trial, personas, draft, walk, client, login):
    online = _online(personas, draft, walk, urgency=Urgency.MOST_URGENT)
    assert PaperRequirement.objects.get(delivery=online).state == PaperState.EXEMPT
    arrival = _arrival(personas)
    login(personas.clerk_b)
    response = client.post(f"/api/v1/deliveries/{arrival.pk}/merge_paper/",
                           {"into": online.pk, "copies": 2}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == DeliveryState.MERGED
    online.refresh_from_db()
    assert online.paper_copies == 2
    assert PaperRequirement.objects.get(delivery=online).state == PaperState.EXEMPT  # urgent: nothing to confirm


def test_a_waiting_paper_requirement_is_confirmed_by_the_same_step(trial, personas, draft, walk, client, login):
    online = _online(personas, draft, walk)
    requirement = PaperRequirement.objects.get(delivery=online)
    assert requirement.state == PaperState.AWAITING
    arrival = _arrival(personas, copies=2)
    login(personas.clerk_b)
    response = client.post(f"/api/v1/deliveries/{arrival.pk}/merge_paper/", {"into": online.pk},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    requirement.refresh_from_db()
    arrival.refresh_from_db()
    assert requirement.state == PaperState.CONFIRMED and requirement.paper_arrival_id == arrival.pk
    assert requirement.received_count == 2 and arrival.state == DeliveryState.MERGED


def test_another_departments_delivery_or_none_is_refused_in_words_and_nothing_changes(
        personas, draft, walk, client, login):
    document = walk(draft(main_departments=[personas.dept_b]), S.DISPATCHED)
    online = document.deliveries.get(department=personas.dept_b)
    arrival = delivery_register_paper(actor=personas.clerk_a, title="纸质来文", sender_name="乙局")  # department A's
    login(personas.clerk_a)
    for body, words in (({"into": online.pk}, "不存在或不属本单位"), ({}, "请选择要并入的网上来文")):
        response = client.post(f"/api/v1/deliveries/{arrival.pk}/merge_paper/", body, content_type="application/json")
        assert response.status_code == 400 and words in response.content.decode(), response.content
    arrival.refresh_from_db()
    online.refresh_from_db()
    assert arrival.state != DeliveryState.MERGED and online.paper_copies is None
    assert Delivery.objects.filter(state=DeliveryState.MERGED).count() == 0
