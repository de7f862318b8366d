"""The ledger actions of 使用情况通报 (usage.*), registered with oa/audit/actions.py (imported from
UsageConfig.ready)."""

from oa.audit.actions import add, group

group("usage", "使用情况通报")
USAGE_REPORT_CLOSE = add("usage.report.close", "生成通报")
USAGE_ROLLUP_REPAIR = add("usage.rollup.repair", "修正统计")
