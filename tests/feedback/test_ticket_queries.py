"""问题反馈: query counts pinned per step (service and API) and per page (so a query-per-row creeps in visibly)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oa.feedback.portal import faq_page
from oa.feedback.services.faq import ticket_publish_faq
from oa.feedback.services.flow import ticket_assign, ticket_comment, ticket_transition
from oa.portal.seed import seed_portal

pytestmark = pytest.mark.django_db

# Measured per step inside the test's transaction, so each count includes the step's SAVEPOINT and RELEASE.
# What is left: the locked visible row with its people, roles, the update, the thread entry, the ledger head
# and insert (+ the advisory lock on PostgreSQL), and the people to notify (the information center, the
# reporter's side). 提交 also numbers the ticket and looks up the page it came from; 合并 locks both tickets;
# 发布到常见问题 checks the text through the gate and saves and publishes a revision of the portal's FAQ page.
# Whether a reporter-side person is the department's contact reads its 专人 (oa.trial.people, issue 18): one
# query where the reporter's side is asked (留言 by the reporter; through the API also 提交, 重新打开, 确认).
SERVICE_BUDGET = {"report": 8, "accept": 10, "merge": 16, "assign": 10, "start": 9, "comment": 10, "resolve": 9,
                  "reopen": 9, "confirm": 9, "publish_faq": 83}
# Through the API: the request's session and person, the step as above, then the detail it answers with
# (the row with its people, the thread, the screenshots, the steps the person may take next).
API_BUDGET = {"report": 18, "accept": 18, "merge": 24, "assign": 18, "start": 17, "comment": 15, "resolve": 17,
              "reopen": 18, "confirm": 18, "publish_faq": 91}
LEDGER_LOCK = {"postgresql": 1}  # pg_advisory_xact_lock serialising the ledger chain; SQLite's write lock is free
LEDGER_ENTRIES = {"merge": 2}  # 合并 ledgers the duplicate and the ticket it joins; every other step one entry
# Wagtail indexes the FAQ page for search when the revision is saved and when it is published: one upsert each on
# PostgreSQL, a SELECT and an UPDATE each on SQLite (its search backends differ; nothing of ours to align).
SEARCH_INDEX = {"postgresql": {"publish_faq": -2}}


def steps(p, operator):
    """(ticket, step, person, API path under /api/v1/tickets/{id}/, body, measured): every step once on the
    first ticket (and a second resolve, unmeasured); the second ticket is merged into the first."""
    return [
        ("first", "accept", p.info_center, "accept/", {"text": "已收到"}, True),
        ("second", "merge", p.info_center, "merge/", {"into": "first"}, True),
        ("first", "assign", p.info_center, "assign/", {"assignee": operator.pk}, True),
        ("first", "start", operator, "start/", {}, True),
        ("first", "comment", p.staff_a, "comments/", {"text": "今天上午又出现一次。"}, True),
        ("first", "resolve", operator, "resolve/", {"text": "已清理浏览器缓存，页面恢复正常。"}, True),
        ("first", "reopen", p.staff_a, "reopen/", {"text": "仍然报错。"}, True),
        ("first", "resolve", operator, "resolve/", {"text": "已更换证书。"}, False),
        ("first", "confirm", p.staff_a, "confirm/", {"text": "确认"}, True),
        ("first", "publish_faq", p.info_center, "faq/", {"question": "发文列表打不开怎么办？", "answer": "清除缓存后重新登录。"}, True),
    ]


def _service(person, action, ticket_id, body, tickets):
    if action == "assign":
        return ticket_assign(actor=person, ticket_id=ticket_id, assignee_id=body["assignee"])
    if action == "comment":
        return ticket_comment(actor=person, ticket_id=ticket_id, text=body["text"])
    if action == "publish_faq":
        return ticket_publish_faq(actor=person, ticket_id=ticket_id, **body)
    into = tickets[body["into"]].pk if "into" in body else None
    return ticket_transition(actor=person, ticket_id=ticket_id, action=action, text=body.get("text", ""), into_id=into)


def _over(counts, budget):
    vendor = connection.vendor

    def allowed(action):
        return (budget[action] + LEDGER_LOCK.get(vendor, 0) * LEDGER_ENTRIES.get(action, 1)
                + SEARCH_INDEX.get(vendor, {}).get(action, 0))

    return {a: (c, allowed(a)) for a, c in counts.items() if c > allowed(a)}


def test_queries_per_step_through_the_service_stay_within_budget(personas, ticket, info_operator):
    seed_portal()
    personas.staff_a.__dict__.pop("_role_set", None)
    with CaptureQueriesContext(connection) as captured:
        tickets = {"first": ticket()}
    counts = {"report": len(captured.captured_queries)}
    tickets["second"] = ticket()
    for which, action, person, _path, body, measured in steps(personas, info_operator):
        person.__dict__.pop("_role_set", None)
        with CaptureQueriesContext(connection) as captured:
            _service(person, action, tickets[which].pk, body, tickets)
        if measured:
            counts[action] = len(captured.captured_queries)
    assert not _over(counts, SERVICE_BUDGET), counts
    assert set(counts) == set(SERVICE_BUDGET)


def test_queries_per_step_through_the_api_stay_within_budget(personas, info_operator, post_queries):
    seed_portal()
    report = {"category": "software", "severity": "normal", "description": "打开发文列表时页面报错，无法继续办理。"}
    first, n = post_queries(personas.staff_a, "/api/v1/tickets/", report)
    assert first.status_code == 201, first.content.decode()[:300]
    counts = {"report": n}
    tickets = {"first": first.json()["id"], "second": post_queries(personas.staff_a, "/api/v1/tickets/", report)[0].json()["id"]}
    for which, action, person, path, body, measured in steps(personas, info_operator):
        body = {**body, "into": tickets[body["into"]]} if "into" in body else body
        response, n = post_queries(person, f"/api/v1/tickets/{tickets[which]}/{path}", body)
        assert response.status_code in (200, 201), (action, response.content.decode()[:300])
        if measured:
            counts[action] = n
    assert not _over(counts, API_BUDGET), counts
    assert set(counts) == set(API_BUDGET)


# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app; the
# portal's pages also Wagtail's site and page look-ups). "first" is the first ticket's detail. A person of a
# department also reads whether they are its 专人 (the department's contact, oa.trial.people): one query.
PAGE_BUDGET = {
    ("staff_a", "/feedback/"): 15, ("clerk_a", "/feedback/"): 24, ("staff_a", "/api/v1/tickets/"): 8,
    ("staff_a", "first"): 18, ("info_center", "first"): 20,
    ("info_center", "/feedback/"): 17, ("info_center", "/feedback/?tab=known"): 16,
    ("info_center", "/feedback/?state=resolved"): 17, ("info_center", "/api/v1/tickets/"): 7,
    ("info_center", "/feedback/figures/"): 17, ("staff_a", "faq"): 19,
}


def test_pages_make_the_same_number_of_queries_for_2_or_10_tickets(personas, ticket, pages_within_budget):
    """Each round: an open ticket, a resolved one published to the FAQ, and a comment on the first ticket."""
    from oa.feedback.services.flow import ticket_accept, ticket_resolve

    seed_portal()
    first = ticket()
    urls = {"first": f"/feedback/{first.pk}/", "faq": faq_page().url}

    def add(n):
        for i in range(n):
            ticket(description=f"第{i}个问题：页面报错。")
            done = ticket(category="account", description=f"第{i}个问题：账户被锁定。")
            ticket_accept(actor=personas.info_center, ticket_id=done.pk)
            ticket_resolve(actor=personas.info_center, ticket_id=done.pk, text="已解锁。")
            ticket_publish_faq(actor=personas.info_center, ticket_id=done.pk, question=f"账户被锁定怎么办（{done.pk}）？",
                               answer="请联系信息中心解锁。")
            ticket_comment(actor=personas.staff_a, ticket_id=first.pk, text=f"补充说明{i}。")

    pages_within_budget(PAGE_BUDGET, add, url=lambda page: urls.get(page, page), warm=True)
