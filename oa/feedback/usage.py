"""What the feedback module gives the half-month usage report (oa.usage looks this function up).

Faults are the four 故障 categories; 建议 and 咨询 are not faults. Counted per department over
[start, end) by `ticket_figures`: reported — filed in the period, merged duplicates excluded;
resolved — 已解决 in the period.
"""

from __future__ import annotations

from oa.feedback.choices import FAULTS
from oa.feedback.selectors import ticket_figures


def usage_counts(*, start, end) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for row in ticket_figures(None, start, end):
        if row.department_id is None or row.category not in FAULTS:
            continue
        entry = counts.setdefault(row.department_id, {"faults_reported": 0, "faults_resolved": 0})
        entry["faults_reported"] += row.reported
        entry["faults_resolved"] += row.resolved
    return counts
