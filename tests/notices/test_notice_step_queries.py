"""Query counts pinned per notice step (oa/core/steps.py run_step), as for the 发文 and 收文 steps.

Measured inside the test's transaction, so each count includes the step's SAVEPOINT and RELEASE (2 statements a
real request does not pay); on PostgreSQL the ledger's advisory lock is one more. What is left: the locked visible
row, the person's roles, the step's own checks, the update, the ledger head and insert, and whom to tell.
提交 also checks the audience (1); 发布 reads the audience, writes their receipts, counts them (an earlier
publication's receipts are kept), then reads the audience's departments for the live hint (1) besides the
approvers to tell; 撤回 reads whom to take the notice back from. In statements a request pays (no savepoints,
the PostgreSQL lock included) every notice step is ≤ 10 but 发布 (11).
"""

import pytest
from django.db import connection

from notices.services.flow import notice_approve, notice_return, notice_submit, notice_withdraw

pytestmark = pytest.mark.django_db

BUDGET = {"submit": 9, "return": 8, "approve": 12, "withdraw": 8}
LEDGER_LOCK = {"postgresql": 1}


def test_queries_per_notice_step_stay_within_budget(personas, notice, info_leader, step_queries):
    author = personas.info_center
    made = notice()
    counts = {"submit": step_queries(author, notice_submit, notice_id=made.pk)}
    counts["return"] = step_queries(info_leader, notice_return, notice_id=made.pk, reason="请补充培训地点")
    notice_submit(actor=author, notice_id=made.pk)
    counts["approve"] = step_queries(info_leader, notice_approve, notice_id=made.pk)
    counts["withdraw"] = step_queries(author, notice_withdraw, notice_id=made.pk, reason="培训改期")
    extra = LEDGER_LOCK.get(connection.vendor, 0)
    assert not {a: c for a, c in counts.items() if c > BUDGET[a] + extra}, counts
