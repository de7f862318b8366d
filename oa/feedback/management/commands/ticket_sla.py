"""Warn before ticket deadlines, escalate missed ones, auto-confirm resolved tickets (cron/systemd,
e.g. every 5 minutes in working hours)."""

from oa.core.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = "问题反馈时限检查：到预警点提醒处理人，超时上报统筹协调小组组长，已解决超期未确认的自动确认（可重复执行）。"
    task = "oa.feedback.tasks.ticket_sla_task"

    def run(self):
        from oa.feedback.services.flow import tickets_auto_confirm
        from oa.feedback.services.watch import tickets_sla_check

        result = tickets_sla_check()
        confirmed = tickets_auto_confirm()
        self.stdout.write(self.style.SUCCESS(
            f"时限预警 {result.warned} 条，超时上报 {result.escalated} 条，自动确认 {confirmed} 条。"))
