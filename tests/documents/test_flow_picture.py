"""The flow picture and 当前办理人 (issue 19): the steps come from the state graph, who acts from the workflow's
table — on the document and delivery pages, in the API, and for at most two queries on a page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.choices import Direction
from documents.choices import DocumentState as S
from documents.incoming.permissions import DELIVERY_FLOW
from documents.incoming.selectors import delivery_page
from documents.incoming.services.flow import delivery_return
from documents.incoming.services.sorting import delivery_screen, delivery_transfer
from documents.models import Delivery, DeliveryState
from documents.permissions import DOCUMENT_FLOW
from documents.selectors import document_for
from documents.services.signing import authority_grant
from oa.core.flow_picture import flow_steps, shape, step_label
from oa.org.flow import current_handlers, flow_of
from tests.documents.receiving import propose, to_proposing, to_registered

pytestmark = pytest.mark.django_db
D = DeliveryState


def picture(workflow, obj):
    return [(s.label, s.status) for s in flow_steps(workflow, obj)]


def handlers(workflow, obj):
    return [(h.role, [(str(p.department), p.name) for p in h.people]) for h in current_handlers(workflow, obj)]


# --- the graph ------------------------------------------------------------------------------------

def test_the_main_paths_come_from_the_state_graphs():
    document = shape(DOCUMENT_FLOW)
    assert document.main == ("draft", "review", "countersign", "signing", "check", "numbering", "sealing", "dispatch",
                             "dispatched", "archived")
    assert document.optional == {"countersign"}  # 核稿 may go straight to 签发
    assert document.side == {"voided"}
    delivery = shape(DELIVERY_FLOW)
    assert delivery.main == ("pending", "signed", "registered", "reading", "proposing", "proposed", "handling", "done",
                             "archived")
    assert delivery.optional == {"reading", "proposing", "proposed", "handling"}  # a 阅件's way or a 办件's
    assert delivery.side == {"returned", "transferred", "merged"}


def test_a_step_is_named_after_its_state():
    assert [step_label(x) for x in ("待核稿", "会签中", "领导批示中", "已归档", "拟稿")] == [
        "核稿", "会签", "领导批示", "已归档", "拟稿"]


# --- documents ------------------------------------------------------------------------------------

def test_a_document_in_review_waits_for_the_reviewers_by_name(personas, draft, walk):
    document = walk(draft(), S.REVIEW)
    assert picture(DOCUMENT_FLOW, document) == [
        ("拟稿", "done"), ("核稿", "current"), ("签发", "next"), ("复核", "next"), ("编号", "next"), ("用印", "next"),
        ("核发", "next"), ("已核发", "next"), ("已归档", "next")]
    assert handlers(DOCUMENT_FLOW, document) == [("核稿人（办公室主任或处室负责人）", [("甲局", personas.director_a.name)])]


def test_countersign_shows_only_the_countersigners_still_pending(personas, draft, act):
    document = draft(countersigners=[personas.staff_b, personas.director_b])
    document = act(personas.staff_a, "submit", document)
    assert ("会签", "next") in picture(DOCUMENT_FLOW, document)  # co-signers chosen: 会签 is on its way
    document = act(personas.director_a, "review", document)
    assert document.state == S.COUNTERSIGN
    assert [s for s in picture(DOCUMENT_FLOW, document) if s[1] != "next"] == [
        ("拟稿", "done"), ("核稿", "done"), ("会签", "current")]
    assert handlers(DOCUMENT_FLOW, document) == [
        ("会签人", [("乙局", personas.staff_b.name), ("乙局", personas.director_b.name)])]
    document = act(personas.staff_b, "countersign", document)
    assert handlers(DOCUMENT_FLOW, document) == [("会签人", [("乙局", personas.director_b.name)])]


def test_an_upward_document_waits_for_the_head_and_an_authorised_leader(personas, draft, walk):
    document = walk(draft(direction=Direction.UPWARD, doc_type="请示"), S.SIGNING)
    assert handlers(DOCUMENT_FLOW, document) == [("签发人（本单位主要负责人，或分管领导）", [("甲局", personas.head_a.name)])]
    today = timezone.localdate()
    authority_grant(actor=personas.head_a, grantee_id=personas.leader_a.pk, valid_from=today,
                    valid_until=today + timedelta(days=30))
    assert [name for _, name in handlers(DOCUMENT_FLOW, document)[0][1]] == [personas.leader_a.name, personas.head_a.name]


def test_a_returned_draft_says_so_and_waits_for_its_drafter(personas, draft, walk, act):
    document = act(personas.director_a, "return", walk(draft(), S.REVIEW), reason="请补充依据")
    assert picture(DOCUMENT_FLOW, document)[0] == ("退回修改", "current")
    assert handlers(DOCUMENT_FLOW, document) == [("拟稿人", [("甲局", personas.staff_a.name)])]


def test_a_voided_document_shows_the_side_state_and_nobody(personas, draft, walk, act):
    document = act(personas.director_a, "void", walk(draft(), S.REVIEW), reason="重复发文")
    steps = picture(DOCUMENT_FLOW, document)
    assert steps[-1] == ("已作废", "side") and {status for _, status in steps[:-1]} == {"next"}
    assert handlers(DOCUMENT_FLOW, document) == []


# --- deliveries -----------------------------------------------------------------------------------

@pytest.fixture
def delivery(personas, draft, walk):
    return Delivery.objects.get(document=walk(draft(), S.DISPATCHED), department=personas.dept_b)


def test_a_delivery_in_instruction_waits_for_the_leader_asked(personas, delivery):
    to_proposing(personas, delivery.pk)
    delivery = propose(personas, delivery.pk)
    assert picture(DELIVERY_FLOW, delivery) == [
        ("签收", "done"), ("登记", "done"), ("初审", "done"), ("拟办", "done"), ("领导批示", "current"),
        ("承办", "next"), ("已办结", "next"), ("已归档", "next")]
    assert handlers(DELIVERY_FLOW, delivery) == [("待批示领导", [("乙局", personas.leader_b.name)])]


def test_a_delivery_waits_for_the_clerks_then_a_reading_for_its_unread_readers(personas, delivery):
    assert picture(DELIVERY_FLOW, delivery)[0] == ("签收", "current")
    assert handlers(DELIVERY_FLOW, delivery) == [("收发员", [("乙局", personas.clerk_b.name)])]
    to_registered(personas, delivery.pk)
    delivery = delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling="reading",
                               readers=[personas.leader_b, personas.staff_b])
    assert [label for label, _ in picture(DELIVERY_FLOW, delivery)] == ["签收", "登记", "初审", "阅件传阅", "已办结", "已归档"]
    assert handlers(DELIVERY_FLOW, delivery) == [
        ("未阅读人", [("乙局", personas.staff_b.name), ("乙局", personas.leader_b.name)])]


def test_side_states_of_a_delivery_come_last(personas, delivery):
    returned = delivery_return(actor=personas.clerk_b, delivery_id=delivery.pk, text="缺附件")
    assert picture(DELIVERY_FLOW, returned)[-1] == ("已退回", "side")
    assert handlers(DELIVERY_FLOW, returned) == [("发文单位收发员", [("甲局", personas.clerk_a.name)])]


def test_a_transferred_delivery_keeps_what_was_done_before(personas, delivery):
    to_registered(personas, delivery.pk)
    delivery_transfer(actor=personas.clerk_b, delivery_id=delivery.pk, department=personas.dept_a, text="非本单位职责")
    steps = picture(DELIVERY_FLOW, Delivery.objects.get(pk=delivery.pk))
    assert steps[:3] == [("签收", "done"), ("登记", "done"), ("初审", "next")] and steps[-1] == ("已转办", "side")


# --- what it costs, the pages, the API -------------------------------------------------------------

def test_the_flow_costs_at_most_two_queries_on_the_pages_reads(personas, draft, walk, delivery):
    document = document_for(personas.director_a, walk(draft(), S.REVIEW).pk)
    with CaptureQueriesContext(connection) as captured:
        assert flow_of(document).people == [personas.director_a]
        flow_of(document)  # remembered on the object: the API and the page ask once
    assert len(captured.captured_queries) <= 2
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    shown = delivery_page(personas.leader_b, delivery.pk)
    with CaptureQueriesContext(connection) as captured:
        assert flow_of(shown).people == [personas.leader_b]
    assert len(captured.captured_queries) <= 2


def test_the_pages_show_the_picture_and_who_acts_next(personas, draft, walk, delivery, client, login):
    document = walk(draft(), S.REVIEW)
    login(personas.staff_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="oa-flow"' in page and "当前办理人" in page and personas.director_a.name in page
    assert 'class="oa-flow-step is-current" data-state="review" aria-current="step"' in page
    client.logout()
    login(personas.clerk_b)
    page = client.get(f"/inbox/{delivery.pk}/").content.decode()
    assert 'data-state="pending" aria-current="step"' in page and personas.clerk_b.name in page


def test_the_api_answers_current_handlers_and_flow_as_the_schema_says(personas, draft, walk, delivery, client, login):
    document = walk(draft(), S.REVIEW)
    login(personas.staff_a)
    detail = client.get(f"/api/v1/documents/{document.pk}/").json()
    assert detail["current_handlers"] == [
        {"id": personas.director_a.pk, "name": personas.director_a.name, "department": "甲局"}]
    assert detail["flow"][1] == {"state": "review", "label": "核稿", "status": "current"}
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    for name in ("DocumentDetail", "DeliveryDetail"):
        assert {"current_handlers", "flow"} <= set(schema[name]["properties"]), name
    status = schema["FlowStep"]["properties"]["status"]
    status = schema[status["$ref"].rsplit("/", 1)[-1]] if "$ref" in status else status
    assert status["enum"] == ["done", "current", "next", "side"]
    client.logout()
    login(personas.clerk_b)
    detail = client.get(f"/api/v1/deliveries/{delivery.pk}/").json()
    assert [h["name"] for h in detail["current_handlers"]] == [personas.clerk_b.name]
    assert detail["flow"][0] == {"state": "pending", "label": "签收", "status": "current"}
