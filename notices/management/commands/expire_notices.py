"""Move published notices past their expiry date to 已过期 (run from cron/systemd, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "将已到有效期的通知公告转为“已过期”（可重复执行）。--background 则作为后台任务排队。"

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="作为后台任务排队（django-tasks）")

    def handle(self, *args, background=False, **options):
        if background:
            from notices.tasks import expire_notices_task

            result = expire_notices_task.enqueue()
            self.stdout.write(f"已排队：{result.id}")
            return
        from notices.services.flow import notices_expire_due

        moved = notices_expire_due()
        self.stdout.write(self.style.SUCCESS(f"已过期的通知公告：{moved} 条。"))
