"""Query counts pinned per 试运行 step that goes through oa/core/steps.py run_step (the programme, the paper
copies, the outages, the usage reports), as for the 发文 and 收文 steps.

Measured inside the test's transaction, so each count includes the step's SAVEPOINT and RELEASE (2 statements a
real request does not pay); on PostgreSQL the ledger's advisory lock is one more. What every step pays: the
locked row, the person's roles, the update (the columns it changed), the ledger head and insert, whom to tell.
收到纸质件 also writes the paper copies onto the delivery (the row, its update, its trail line); 结束 opens the
reports (who takes part, which reports exist, the insert) and tells the clerks and the leaders (1 each).
报告 steps also ask, on save, whether the report was archived (1, UsageReport.save). 报送 and 审核通过 read the
programme and compute the department's figures (14 queries: the figures are the report's point; 报送 also reads
the report and the roles once before its transaction, to screen the sections): they are not held to the ≤ 10 of a
typical step.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from oa.trial.models import PaperRequirement, UsageReport
from oa.trial.services.outages import outage_declare, outage_end, outage_withdraw
from oa.trial.services.paper import PaperSent, paper_confirm, paper_record
from oa.trial.services.programme import programme_transition
from oa.trial.services.reports import report_approve, report_archive, report_return, report_submit
from tests.trial.reports import SECTIONS

pytestmark = pytest.mark.django_db

BUDGET = {"paper_record": 8, "paper_confirm": 11, "outage_end": 8, "outage_withdraw": 8, "programme_end": 12,
          "report_submit": 25, "report_return": 10, "report_approve": 25, "report_archive": 9}
LEDGER_LOCK = {"postgresql": 1}


def test_queries_per_trial_step_stay_within_budget(trial, dispatched, personas, events, step_queries):
    counts = {}
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    sent = PaperSent(count=3, copy_range="000001-000003", sent_on=timezone.localdate(), method="exchange")
    counts["paper_record"] = step_queries(personas.clerk_a, paper_record, requirement_id=requirement.pk, sent=sent)
    counts["paper_confirm"] = step_queries(personas.clerk_b, paper_confirm, requirement_id=requirement.pk, count=3)
    running = outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=1), reason="数据库故障")
    counts["outage_end"] = step_queries(personas.info_center, outage_end, outage_id=running.pk, ends_at=timezone.now())
    counts["outage_withdraw"] = step_queries(personas.info_center, outage_withdraw, outage_id=running.pk, reason="登记有误")
    counts["programme_end"] = step_queries(trial.created_by, programme_transition, programme_id=trial.pk, action="end")
    report = UsageReport.objects.get(programme=trial, department=personas.dept_a)
    counts["report_submit"] = step_queries(personas.clerk_a, report_submit, report_id=report.pk, **SECTIONS)
    counts["report_return"] = step_queries(personas.head_a, report_return, report_id=report.pk, reason="请补充存在问题。")
    report_submit(actor=personas.clerk_a, report_id=report.pk)
    counts["report_approve"] = step_queries(personas.head_a, report_approve, report_id=report.pk)
    counts["report_archive"] = step_queries(personas.info_center, report_archive, report_id=report.pk)
    extra = LEDGER_LOCK.get(connection.vendor, 0)
    assert not {a: c for a, c in counts.items() if c > BUDGET[a] + extra}, counts
