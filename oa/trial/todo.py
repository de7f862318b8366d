"""待办 for clerks: paper to record, paper to confirm, discrepancies owed, the usage report to file."""

from __future__ import annotations

from django.urls import reverse

from oa.core.todo import BADGE_CAP, TodoItem, TodoSource
from oa.trial.choices import PaperState, ReportState
from oa.trial.models import PaperRequirement, UsageReport
from oa.trial.permissions import PAPER_FLOW, REPORT_FLOW

P = PaperState

# What the clerk is to do, by the state the paper waits for them in (PAPER_FLOW says who and when).
PAPER_TODO = {P.AWAITING: "登记纸质件送出", P.EXEMPT: "登记急件传输方式", P.SENT: "确认收到纸质件",
              P.CONFIRMED: "核对纸质件份数"}


def paper_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="trial", label="双轨试运行", count=0)
    conditions = [(condition, label) for state, label in PAPER_TODO.items()
                  if (condition := PAPER_FLOW.waiting_in(person, state)) is not None]
    report_waiting = REPORT_FLOW.waiting_in(person, ReportState.DRAFT)
    cap = BADGE_CAP + 1
    rows: list[tuple[int, str, PaperRequirement]] = []
    for condition, label in conditions:
        for requirement in (PaperRequirement.objects.filter(condition).select_related("delivery")
                            .order_by("-id")[: max(limit, cap) if limit else cap]):
            rows.append((requirement.pk, label, requirement))
    reports = list(UsageReport.objects.filter(report_waiting).select_related("programme")[:5]) \
        if report_waiting is not None else []
    count = min(len(rows) + len(reports), cap)
    items = [TodoItem(title=f"【用户使用报告】{r.programme.name}", url=reverse("trial-report", args=[r.pk]), kind="trial-report")
             for r in reports]
    items += [
        TodoItem(title=f"【{label}】{req.delivery.title}", url=reverse("trial-paper", args=[req.pk]), kind="trial-paper",
                 waiting_since=req.delivery.sent_at, urgency=req.delivery.urgency)
        for _, label, req in sorted(rows, key=lambda row: -row[0])
    ]
    return TodoSource(kind="trial", label="双轨试运行", count=count, items=items[:limit])


def report_source(person, limit: int = 20) -> TodoSource:
    """待办 for a department's leader: the usage reports waiting for their approval (审核报送)."""
    waiting = REPORT_FLOW.waiting_in(person, ReportState.AWAITING_LEADER) if person.is_authenticated else None
    if waiting is None:
        return TodoSource(kind="trial-report", label="用户使用报告审核", count=0)
    reports = list(UsageReport.objects.filter(waiting)
                   .select_related("programme").order_by("submitted_at", "id")[: BADGE_CAP + 1])
    items = [TodoItem(title=f"【审核用户使用报告】{r.programme.name}", url=reverse("trial-report", args=[r.pk]),
                      kind="trial-report", waiting_since=r.submitted_at) for r in reports]
    return TodoSource(kind="trial-report", label="用户使用报告审核", count=len(reports), items=items[:limit])
