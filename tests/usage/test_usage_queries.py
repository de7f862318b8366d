"""统计: the usage pages and API lists stay a fixed number of SQL queries however many departments, deliveries
and bulletins there are (so a query-per-row creeps in visibly)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.incoming.services.actions import delivery_act
from documents.incoming.services.paper import delivery_register_paper
from documents.models import Delivery
from oa.usage import overdue as kept_overdue
from oa.usage.models import Bulletin
from oa.usage.periods import Period
from oa.usage.selectors import open_overdue_items, score_items
from oa.usage.services.circulars import circular_prepare
from oa.usage.services.reports import usage_close
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app). The running
# period's table is built live: the rollup, the kept 黄牌/红牌 (one row per department, oa.usage.overdue), the
# accounts and the other modules' provided figures, each a grouped query; the trend reads the last six periods'
# bulletins and counters from the rollup only (issue 20: /usage/ ≤ 20 at any tier); the
# drill-down reads each part's items (late completions, late sign-fors, paper missed, classified paper-only,
# paper copies not sent, unread circulations, open overdue) with one query each; which departments the bulletin
# counts (oa.usage.units) is one query more for the table and one for the trend. Keys: (who, page); "{period}" is
# the running period, "{b}" department B.
PAGE_BUDGET = {
    ("info_center", "/usage/"): 19, ("staff_b", "/usage/"): 19,
    ("info_center", "/usage/{period}/departments/{b}/"): 63, ("staff_b", "/usage/{period}/departments/{b}/"): 62,
    ("info_center", "/usage/trend/"): 56, ("info_center", "/usage/trend/?department={b}"): 57, ("staff_b", "/usage/trend/"): 55,
    ("info_center", "/usage/reports/"): 15, ("staff_b", "/usage/reports/"): 14,
    ("info_center", "/api/v1/usage-reports/periods/"): 7, ("info_center", "/api/v1/usage-reports/periods/{period}/"): 18,
    ("staff_b", "/api/v1/usage-reports/periods/{period}/"): 18,
    ("info_center", "/api/v1/usage-reports/periods/{period}/departments/{b}/"): 24,
    ("info_center", "/api/v1/usage-reports/trend/"): 47, ("info_center", "/api/v1/usage-reports/reports/"): 7,
    ("info_center", "/usage/circulars/"): 15, ("staff_b", "/usage/circulars/"): 14,
    ("info_center", "/api/v1/usage-circulars/"): 7,
}


def test_usage_pages_make_the_same_number_of_queries_for_2_or_10_rows(personas, draft, walk, pages_within_budget):
    """Each row: a department, a delivery to department B handled late, one still open and overdue, a paper
    arrival, an unread circulation, and a bulletin of an earlier half month (older than the trend's six, so
    that the trend's own reading stays the same)."""
    p = personas
    current = Period.current()
    earlier = current.recent(6)[0].recent(30)[:-1]  # 29 half months before the trend's window, oldest first
    past = timezone.localdate() - timedelta(days=20)
    steps = [(p.clerk_b, "sign_for", {}), (p.clerk_b, "register", {}), (p.clerk_b, "circulate", {"readers": [p.staff_b]}),
             (p.clerk_b, "screen", {"handling": "task"}),
             (p.director_b, "propose", {"text": "拟请领导阅示", "assignee": p.staff_b, "leaders": [p.leader_b]}),
             (p.leader_b, "instruct", {"text": "请办理", "assignee": p.staff_b}),
             (p.staff_b, "complete", {"text": "已办理"})]

    def rows():
        items = score_items(current, p.dept_b.pk)
        return [len(items[k]) for k in ("on_time", "usage", "circulation")] + [
            len(open_overdue_items(current, p.dept_b.pk)), Bulletin.objects.count()]

    def add(n):
        before = rows()
        for _ in range(n):
            DepartmentFactory()
            late, overdue = (Delivery.objects.get(document=walk(draft(title=f"关于第{len(earlier)}-{k}期培训的通知"),
                                                               S.DISPATCHED), department=p.dept_b) for k in (1, 2))
            for person, action, data in steps:
                delivery_act(actor=person, delivery_id=late.pk, action=action, data=data)
            Delivery.objects.filter(pk__in=[late.pk, overdue.pk]).update(due_date=past)
            kept_overdue.resync()  # a bulk update moves no kept count: recount (as usage_rebuild would)
            delivery_register_paper(actor=p.clerk_b, title="甲局来文（仅纸质）", sender_name=p.dept_a.name)
            report, _ = usage_close(period=earlier.pop(), actor=p.info_center)
            circular_prepare(bulletin=report, actor=p.info_center)  # its report-then-通报 draft
        assert rows() == [b + n for b in before]

    pages_within_budget(PAGE_BUDGET, add, url=lambda page: page.format(period=current, b=p.dept_b.pk))


def test_the_dashboard_budget_is_within_issue_20s_ceiling():
    """/usage/ ≤ 20 queries for every viewer (issue 20), and the same for few or many rows (above)."""
    assert all(n <= 20 for (who, page), n in PAGE_BUDGET.items() if page == "/usage/")
