"""Warn before ticket deadlines, escalate missed ones, auto-confirm resolved tickets (cron/systemd,
e.g. every 5 minutes in working hours)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "问题反馈时限检查：到预警点提醒处理人，超时上报统筹协调小组组长，已解决超期未确认的自动确认（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="作为后台任务排队（django-tasks）")

    def handle(self, *args, background=False, **options):
        if background:
            from oa.feedback.tasks import ticket_sla_task

            result = ticket_sla_task.enqueue()
            self.stdout.write(f"已排队：{result.id}")
            return
        from oa.feedback.services.flow import tickets_auto_confirm
        from oa.feedback.services.watch import tickets_sla_check

        result = tickets_sla_check()
        confirmed = tickets_auto_confirm()
        self.stdout.write(self.style.SUCCESS(
            f"时限预警 {result.warned} 条，超时上报 {result.escalated} 条，自动确认 {confirmed} 条。"))
