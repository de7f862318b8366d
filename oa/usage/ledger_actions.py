"""The ledger actions of 使用情况通报 (usage.*), registered with oa/audit/actions.py (imported from
UsageConfig.ready)."""

from oa.audit.actions import add, group, workflow
from oa.usage.permissions import CIRCULAR_FLOW

group("usage", "使用情况通报")
USAGE_REPORT_CLOSE = add("usage.report.close", "生成通报")
USAGE_ROLLUP_REPAIR = add("usage.rollup.repair", "修正统计")
# The report-then-通报 chain: usage.circular.<action> for every step of its table, and the draft's opening.
workflow(CIRCULAR_FLOW.name, CIRCULAR_FLOW.labels)
USAGE_CIRCULAR_PREPARE = add("usage.circular.prepare", "生成使用情况报告草稿")
