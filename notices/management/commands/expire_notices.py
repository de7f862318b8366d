"""Move published notices past their expiry date to 已过期 (run from cron/systemd, e.g. every 10 minutes)."""

from oa.core.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = "将已到有效期的通知公告转为“已过期”（可重复执行）。--background 则作为后台任务排队。"
    task = "notices.tasks.expire_notices_task"

    def run(self):
        from notices.services.flow import notices_expire_due

        moved = notices_expire_due()
        self.stdout.write(self.style.SUCCESS(f"已过期的通知公告：{moved} 条。"))
