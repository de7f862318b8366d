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
# Issue 16: in 承办中 the table's 协办 rule reads the delivery's 协办 (who may act, who waits), one more for
# 催办, 申请延期, 延期, 退回重新拟办 (which also drops the open 协办) and 办结 (which checks them). 初审 as a 阅件
# writes the circulation and its readings; 拟办 checks the 主办, 协办 and leaders (their roles), sets the
# proposed 协办 and writes the leaders' turns (saving the row once for the M2M, once at the end); a leader's
# 批示, 同意拟办 or 圈阅 locks their turn, writes it, asks whether the round is done and which round is next,
# and — the last one — takes the 主办 and writes the 协办 (批示 naming another 主办 reads the proposed 协办
# first); 加送 checks the leader and the open turns and makes room for a round; 退回拟办 drops the open turns;
# 阅批 locks and writes the reading; 转办 writes the new delivery, copies the trail and the scans, and tells
# the other department's clerks. 登记 tells the 文书 and the 办公室主任 (two rules for 初审: one query each);
# the last leader's step opens the 主办's and the 协办' 承办 rows (which of them were asked before, then the
# new rows); 办结 closes the 主办's row; 初审 as a 阅件 tells its unread readers (circulations, readings);
# 退回拟办 tells the leaders it drops. The last leader's step also drops the 协办 of an earlier 拟办 not asked
# now; 转为办件 takes the 阅件 back from its unread readers (who, then the update); 转办 drops the leaders' open
# turns (who, then the delete).
SERVICE_BUDGET = {"sign_for": 10, "return": 10, "resend": 10, "register": 10, "screen": 9, "screen_reading": 12,
                  "transfer": 20, "propose": 14, "send_back": 12, "add_leader": 15, "circle": 14, "instruct": 21,
                  "agree": 20, "make_task": 13, "assist": 11, "hand_back": 10, "request_extension": 9, "extend": 9,
                  "complete": 12, "archive": 30, "circulate": 10, "remark": 11, "chase": 9}
# Through POST /api/v1/deliveries/{id}/{step}/: the request's session and person, the visible row and the
# form's checks, the step as above, then the detail it answers with (the row, grades, trail, the leaders'
# turns, the 协办, the proposed 协办, circulations with their readings, and the steps the person may take
# next). Issue 16's detail reads three more (turns, 协办, proposed 协办) than before. Issue 19's 当前办理人
# (oa/org/flow.py) reads who each waiting rule of the new state names — a query for a role (收发员, 办公室主任,
# 领导), none for what the detail already fetched (the leaders asked, the 协办, the readers) — and then their
# names (1): +1 or +2, +3 after 登记 (初审 waits for the 文书 and the 办公室主任), none once nobody waits.
API_BUDGET = {"sign_for": 24, "return": 24, "resend": 24, "register": 25, "screen": 23, "screen_reading": 28,
              "transfer": 33, "propose": 30, "send_back": 26, "add_leader": 30, "circle": 28, "instruct": 35,
              "agree": 35, "make_task": 29, "assist": 27, "hand_back": 26, "request_extension": 25, "extend": 24,
              "complete": 28, "archive": 41, "circulate": 26, "remark": 26, "chase": 24}
# 归档 (issue 21) files the 件 in the same step (oa.archives, through documents.hooks): the delivery and its sent
# document read once for both the 收文处理笺 and the PDF (the row with the document's body, issuer and signer; its
# recipients, turns, 协办, circulations and readings, attachments, scans: 7), the 全宗, the 件号 (one upsert), the 件
# (its pages counted before the INSERT) and its parts, and a second ledger entry (archives.file: with the seal's, 3 ledger
# locks on PostgreSQL, LEDGER_ENTRIES). The first render of a sealed document signs it (8 of the
# 30: two SAVEPOINT/RELEASE pairs, the SealedPdf lookup and row, the seal's ledger entry). Before: 35 (the
# document read again for the PDF with its relations, and the 件's pages written by an UPDATE after the INSERT).
# Through the API: 41 (the same, with the request and the detail it answers with; 46 before).
LEDGER_LOCK = {"postgresql": 1}  # pg_advisory_xact_lock serialising the ledger chain; SQLite's write lock is free
LEDGER_ENTRIES = {"archive": 3}  # where not 1: 归档 writes the step's, the seal's (first signed render) and archives.file


@pytest.fixture
def delivery(personas, draft, walk):
    """delivery(title) -> department B's delivery of a document department A dispatched (待签收)."""

    def _delivery(title="关于报送试运行工作组名单的通知"):
        document = walk(draft(title=title), S.DISPATCHED)
        return Delivery.objects.get(document=document, department=personas.dept_b)

    return _delivery


def steps(p):
    """Every step once (and the few needed in between, unmeasured), on four deliveries: the 办件's whole
    graph (退回拟办, 加送, 圈阅, 批示, 传阅 and 阅批, 协办, a hand-back and 同意拟办), a return to the sender
    with the resend, a 阅件 made a 办件, and a 转办. Each row: (delivery, action, person, body, the name
    its count is kept under, or None when not measured)."""
    proposal = {"text": "拟请领导阅示，由综合科承办", "assignee": p.staff_b.pk, "assistants": [p.director_b.pk],
                "leaders": [p.leader_b.pk]}
    return [
        ("first", "sign_for", p.clerk_b, {}, "sign_for"),
        ("first", "register", p.clerk_b, {}, "register"),
        ("first", "screen", p.clerk_b, {"handling": "task"}, "screen"),
        ("first", "propose", p.director_b, proposal, "propose"),
        ("first", "send_back", p.leader_b, {"text": "请明确承办科室"}, "send_back"),
        ("first", "propose", p.director_b, proposal, None),
        ("first", "add_leader", p.leader_b, {"leader": p.head_b.pk}, "add_leader"),
        ("first", "circle", p.leader_b, {}, "circle"),
        ("first", "instruct", p.head_b, {"text": "请综合科落实", "assignee": p.staff_b.pk}, "instruct"),
        ("first", "circulate", p.leader_b, {"readers": [p.head_b.pk, p.clerk_b.pk], "text": "请阅"}, "circulate"),
        ("first", "remark", p.head_b, {"text": "已阅，请抓紧"}, "remark"),
        ("first", "chase", p.director_b, {"text": "请抓紧"}, "chase"),
        ("first", "request_extension", p.staff_b, {"text": "需征求三个部门意见", "days": 3}, "request_extension"),
        ("first", "extend", p.leader_b, {"days": 3}, "extend"),
        ("first", "assist", p.director_b, {"text": "已提供名单"}, "assist"),
        ("first", "hand_back", p.staff_b, {"text": "不属于本科室职责"}, "hand_back"),
        ("first", "propose", p.director_b, proposal, None),
        ("first", "agree", p.leader_b, {}, "agree"),
        ("first", "assist", p.director_b, {"text": "名单已核对"}, None),  # asked again after the hand-back
        ("first", "complete", p.staff_b, {"text": "已报送名单"}, "complete"),
        ("first", "archive", p.archivist_b, {}, "archive"),
        ("second", "return", p.clerk_b, {"text": "缺附件2"}, "return"),
        ("second", "resend", p.clerk_a, {"text": "已补齐附件"}, "resend"),
        ("third", "sign_for", p.clerk_b, {}, None),
        ("third", "register", p.clerk_b, {}, None),
        ("third", "screen", p.clerk_b, {"handling": "reading", "readers": [p.leader_b.pk, p.staff_b.pk]}, "screen_reading"),
        ("third", "make_task", p.staff_b, {"text": "需要办理"}, "make_task"),
        ("fourth", "sign_for", p.clerk_b, {}, None),
        ("fourth", "register", p.clerk_b, {}, None),
        ("fourth", "transfer", p.clerk_b, {"department": p.info_dept.pk, "text": "属信息中心职责"}, "transfer"),
    ]


PEOPLE = ("assignee", "leader", "final_leader")
GROUPS = ("assistants", "leaders", "readers")


def _objects(personas, data):
    """The API body as the form cleans it, for the service: people and a department for their ids."""
    from oa.org.models import Department, Person

    people = {p.pk: p for p in Person.objects.all()}
    objects = {k: people[v] if k in PEOPLE else [people[i] for i in v] if k in GROUPS else v for k, v in data.items()}
    if "department" in objects:
        objects["department"] = Department.objects.get(pk=objects["department"])
    return objects


def _over(counts, budget):
    lock = LEDGER_LOCK.get(connection.vendor, 0)
    return {a: c for a, c in counts.items() if c > budget[a] + lock * LEDGER_ENTRIES.get(a, 1)}


def _targets(delivery):
    return {which: delivery(f"第{n}件") for n, which in enumerate(("first", "second", "third", "fourth"), 1)}


def test_queries_per_step_through_the_service_stay_within_budget(personas, delivery):
    targets = _targets(delivery)
    counts = {}
    for which, action, person, body, measured in steps(personas):
        data = _objects(personas, body)
        person.__dict__.pop("_role_set", None)
        with CaptureQueriesContext(connection) as captured:
            delivery_act(actor=person, delivery_id=targets[which].pk, action=action, data=data)
        if measured:
            counts[measured] = len(captured.captured_queries)
    assert not _over(counts, SERVICE_BUDGET), counts
    assert set(counts) == set(SERVICE_BUDGET)
    assert [Delivery.objects.get(pk=targets[w].pk).state for w in ("first", "third", "fourth")] == [
        "archived", "proposing", "transferred"]


def test_queries_per_step_through_the_api_stay_within_budget(personas, delivery, post_queries):
    targets = _targets(delivery)
    counts = {}
    for which, action, person, body, measured in steps(personas):
        response, n = post_queries(person, f"/api/v1/deliveries/{targets[which].pk}/{action}/", body)
        assert response.status_code == 200, (action, response.content.decode()[:300])
        if measured:
            counts[measured] = n
    assert not _over(counts, API_BUDGET), counts
    assert set(counts) == set(API_BUDGET)


# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app).
# Issue 16 added no query to the pages (the 待办 is still one condition per rule of the person's); the API lists
# fetch what the table reads for each row's available_transitions once for the page, where a row can need it
# (here: the circulations and readings of rows a reader may write on, +2).
PAGE_BUDGET = {
    ("director_b", "/inbox/"): 19, ("director_b", "/api/v1/deliveries/"): 11,
    ("clerk_b", "/inbox/?tab=handled"): 23, ("clerk_b", "/inbox/?tab=register"): 23,
    ("clerk_b", "/inbox/register.xlsx"): 6, ("clerk_b", "/api/v1/deliveries/?list=register"): 9,
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
