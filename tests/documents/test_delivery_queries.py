"""收文: query counts pinned per step (service and API) and per list page (so a query-per-row creeps in visibly)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.incoming.services.actions import delivery_act
from documents.models import Delivery

pytestmark = pytest.mark.django_db

# Measured per step inside the test's transaction, so each count includes the step's SAVEPOINT and RELEASE.
# What is left: the locked visible row, roles, the state's own reads, the update, the trail row, the ledger
# head and insert (+ the advisory lock on PostgreSQL), and the query for whom to notify. 登记 also takes the
# 收文号 sequence row (created on the department's first number of the year); 传阅 writes the circulation
# and its readings; 退回 and 重新发送 read the sending department's clerks (through the document).
SERVICE_BUDGET = {"sign_for": 12, "return": 11, "resend": 11, "register": 16, "propose": 10, "instruct": 9, "hand_back": 10,
                  "request_extension": 10, "extend": 9, "complete": 12, "archive": 9, "circulate": 12, "chase": 9}
# Through POST /api/v1/deliveries/{id}/{step}/: the request's session and person, the visible row and the
# form's checks, the step as above, then the detail it answers with (the row, grades, trail, circulations
# with their readings, and the steps the person may take next).
API_BUDGET = {"sign_for": 21, "return": 20, "resend": 20, "register": 25, "propose": 19, "instruct": 19, "hand_back": 21,
              "request_extension": 21, "extend": 20, "complete": 23, "archive": 20, "circulate": 24, "chase": 20}
LEDGER_LOCK = {"postgresql": 1}  # pg_advisory_xact_lock serialising the ledger chain; SQLite's write lock is free


@pytest.fixture
def delivery(personas, draft, walk):
    """delivery(title) -> department B's delivery of a document department A dispatched (待签收)."""

    def _delivery(title="关于报送试运行工作组名单的通知"):
        document = walk(draft(title=title), S.DISPATCHED)
        return Delivery.objects.get(document=document, department=personas.dept_b)

    return _delivery


def steps(p):
    """Every step once (and the few needed in between, unmeasured), on two deliveries: the whole graph with a
    hand-back, and a return to the sender with the resend."""
    b = {"assignee": p.staff_b.pk}
    return [
        ("first", "sign_for", p.clerk_b, {}, True),
        ("first", "register", p.clerk_b, {}, True),
        ("first", "propose", p.director_b, {"text": "拟请领导阅示"}, True),
        ("first", "instruct", p.leader_b, {"text": "请办公室落实", **b}, True),
        ("first", "circulate", p.leader_b, {"readers": [p.head_b.pk, p.clerk_b.pk], "text": "请阅"}, True),
        ("first", "chase", p.director_b, {"text": "请抓紧"}, True),
        ("first", "request_extension", p.staff_b, {"text": "需征求三个部门意见", "days": 3}, True),
        ("first", "extend", p.leader_b, {"days": 3}, True),
        ("first", "hand_back", p.staff_b, {"text": "不属于本科室职责"}, True),
        ("first", "instruct", p.leader_b, {"text": "请综合科落实", **b}, False),
        ("first", "complete", p.staff_b, {"text": "已报送名单"}, True),
        ("first", "archive", p.clerk_b, {}, True),
        ("second", "return", p.clerk_b, {"text": "缺附件2"}, True),
        ("second", "resend", p.clerk_a, {"text": "已补齐附件"}, True),
    ]


def _over(counts, budget):
    extra = LEDGER_LOCK.get(connection.vendor, 0)
    return {a: c for a, c in counts.items() if c > budget[a] + extra}


def test_queries_per_step_through_the_service_stay_within_budget(personas, delivery):
    targets = {"first": delivery("第一件"), "second": delivery("第二件")}
    readers = {p.pk: p for p in (personas.head_b, personas.clerk_b)}
    counts = {}
    for which, action, person, data, measured in steps(personas):
        data = {**data, "assignee": personas.staff_b} if "assignee" in data else dict(data)
        if "readers" in data:
            data["readers"] = [readers[pk] for pk in data["readers"]]
        person.__dict__.pop("_role_set", None)
        with CaptureQueriesContext(connection) as captured:
            delivery_act(actor=person, delivery_id=targets[which].pk, action=action, data=data)
        if measured:
            counts[action] = len(captured.captured_queries)
    assert not _over(counts, SERVICE_BUDGET), counts
    assert set(counts) == set(SERVICE_BUDGET)
    assert Delivery.objects.get(pk=targets["first"].pk).state == "archived"


def test_queries_per_step_through_the_api_stay_within_budget(personas, delivery, post_queries):
    targets = {"first": delivery("第一件"), "second": delivery("第二件")}
    counts = {}
    for which, action, person, data, measured in steps(personas):
        response, n = post_queries(person, f"/api/v1/deliveries/{targets[which].pk}/{action}/", data)
        assert response.status_code == 200, (action, response.content.decode()[:300])
        if measured:
            counts[action] = n
    assert not _over(counts, API_BUDGET), counts
    assert set(counts) == set(API_BUDGET)


# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app).
PAGE_BUDGET = {
    ("director_b", "/inbox/"): 19, ("director_b", "/api/v1/deliveries/"): 9,
    ("clerk_b", "/inbox/?tab=handled"): 23, ("clerk_b", "/inbox/?tab=register"): 23,
    ("clerk_b", "/inbox/register.xlsx"): 6, ("clerk_b", "/api/v1/deliveries/?list=register"): 7,
    ("staff_b", "/inbox/?tab=reading"): 14, ("staff_b", "/api/v1/deliveries/readings/"): 6,
    ("director_b", "/inbox/supervision/"): 18, ("info_center", "/inbox/supervision/"): 16,
}


def test_list_pages_make_the_same_number_of_queries_for_2_or_10_deliveries(personas, delivery, pages_within_budget):
    """Each row: signed for, registered, circulated to staff B and overdue, so that it shows in every list."""
    clerk = personas.clerk_b

    def add(n):
        for _ in range(n):
            d = delivery(f"关于第{Delivery.objects.count() + 1}期培训的通知")
            for action, data in (("sign_for", {}), ("register", {}), ("circulate", {"readers": [personas.staff_b]})):
                delivery_act(actor=clerk, delivery_id=d.pk, action=action, data=data)
            Delivery.objects.filter(pk=d.pk).update(due_date=timezone.localdate() - timedelta(days=10))

    pages_within_budget(PAGE_BUDGET, add)
