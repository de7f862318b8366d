"""未办结黄牌/红牌 kept, not counted (issue 20): the step that closes an overdue delivery and the timer that
crosses a deadline move OverdueCount; the rebuild's recount (the close's rule) agrees with what was kept; the
running period's /usage/ reads the kept rows, not the deliveries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.choices import DocumentState as S
from documents.incoming.services.actions import delivery_act
from documents.incoming.services.supervision import chase_due
from documents.models import Delivery
from oa.usage import overdue
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row
from oa.usage.services.rollup import rebuild

pytestmark = pytest.mark.django_db

HANDLE = [("clerk_b", "sign_for", {}), ("clerk_b", "register", {}), ("clerk_b", "screen", {"handling": "task"})]


def kept(department_id):
    return overdue.counts().get(department_id, {})


def test_timer_crossing_a_deadline_and_the_closing_step_keep_the_counts_as_the_rebuild_counts(
        personas, draft, walk, clock):
    p = personas
    clock.set(2026, 11, 2, 9, 0)  # Monday; a 平件 is due 7 working days after its exchange day
    overdue.resync()
    late = Delivery.objects.get(document=walk(draft(title="关于甲事项的通知"), S.DISPATCHED), department=p.dept_b)
    kept_open = Delivery.objects.get(document=walk(draft(title="关于乙事项的通知"), S.DISPATCHED), department=p.dept_b)
    for who, action, data in HANDLE:
        delivery_act(actor=getattr(p, who), delivery_id=late.pk, action=action, data=data)
    assert late.pk != kept_open.pk and kept(p.dept_b.pk) == {}
    due = Delivery.objects.get(pk=late.pk).due_date

    clock.set(due.year, due.month, due.day + 1, 8, 0)  # the day after the deadline: 黄牌, once the timer ran
    chase_due()
    assert kept(p.dept_b.pk) == {"open_yellow": 2, "open_red": 0}
    assert rebuild(Period.current(), write=False)["overdue_differences"] == []

    clock.set(2026, 11, 20, 8, 0)  # more than 3 working days late: 红牌 — the reader catches up without the timer
    assert kept(p.dept_b.pk) == {"open_yellow": 0, "open_red": 2}
    row = department_row(build_table(Period.current()), p.dept_b.pk)
    assert row["figures"]["red"] == 2 and row["figures"]["yellow"] == 0

    # The step that closes it (完成 through the step path): the kept count drops in the same transaction.
    delivery_act(actor=p.director_b, delivery_id=late.pk, action="propose",
                 data={"text": "拟请领导阅示", "assignee": p.staff_b, "leaders": [p.leader_b]})
    delivery_act(actor=p.leader_b, delivery_id=late.pk, action="instruct", data={"text": "请办理", "assignee": p.staff_b})
    assert kept(p.dept_b.pk) == {"open_yellow": 0, "open_red": 2}
    delivery_act(actor=p.staff_b, delivery_id=late.pk, action="complete", data={"text": "已办理"})
    assert kept(p.dept_b.pk) == {"open_yellow": 0, "open_red": 1}
    row = department_row(build_table(Period.current()), p.dept_b.pk)
    assert row["figures"]["red"] == 2  # one done late (done_red) and one still open
    check = rebuild(Period.current(), write=False)
    assert check["overdue_differences"] == [] and overdue.recount(date(2026, 11, 20)) == {
        p.dept_b.pk: {"open_yellow": 0, "open_red": 1}}


def test_rebuild_repairs_counts_moved_behind_its_back(personas, draft, walk, clock):
    p = personas
    clock.set(2026, 11, 2, 9, 0)
    overdue.resync()
    delivery = Delivery.objects.get(document=walk(draft(), S.DISPATCHED), department=p.dept_b)
    clock.set(2026, 11, 20, 8, 0)
    overdue.advance()  # the timer: 红牌 (due 11 November)
    Delivery.objects.filter(pk=delivery.pk).update(due_date=date(2026, 11, 18))  # a bulk update: no step, no signal
    check = rebuild(Period.current(), write=True)
    assert check["overdue_differences"] == [
        {"department_id": p.dept_b.pk, "code": "open_red", "kept": 1, "recomputed": 0},
        {"department_id": p.dept_b.pk, "code": "open_yellow", "kept": 0, "recomputed": 1}]
    assert kept(p.dept_b.pk) == {"open_yellow": 1, "open_red": 0}
    assert rebuild(Period.current(), write=False)["overdue_differences"] == []


def test_the_running_period_reads_kept_rows_not_the_deliveries(personas):
    with CaptureQueriesContext(connection) as captured:
        build_table(Period.current(), departments=[personas.dept_b.pk])
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in sql if '"documents_delivery"."due_date" <' in q], sql  # no count of open items
    assert [q for q in sql if "usage_overduecount" in q]


@pytest.mark.django_db(transaction=True)
def test_steps_racing_the_timer_leave_the_kept_counts_equal_to_a_recount(personas, draft, walk, clock):
    """Two 退回 of overdue deliveries and the timer crossing their deadlines at the same moment (threads,
    each its own connection): the row locks order them, whichever comes first."""
    from tests.documents.test_document_concurrency import race

    p = personas
    clock.set(2026, 11, 2, 9, 0)
    overdue.resync()
    ids = [Delivery.objects.get(document=walk(draft(title=f"关于第{n}项工作的通知"), S.DISPATCHED), department=p.dept_b).pk
           for n in range(3)]
    clock.set(2026, 11, 20, 8, 0)
    results, errors = race([
        lambda: delivery_act(actor=p.clerk_b, delivery_id=ids[0], action="return", data={"text": "请补充附件"}),
        lambda: delivery_act(actor=p.clerk_b, delivery_id=ids[1], action="return", data={"text": "请补充附件"}),
        lambda: overdue.advance()])
    assert errors == [] and len(results) == 3
    assert kept(p.dept_b.pk) == overdue.recount(date(2026, 11, 20))[p.dept_b.pk] == {"open_yellow": 0, "open_red": 1}
    assert rebuild(Period.current(), write=False)["overdue_differences"] == []
