"""The periodic chase (自动催办): run by cron or a systemd timer several times a working day."""

from documents.incoming.services.supervision import chase_due
from oa.core.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = "自动催办：对临近时限（预警）和已超期（黄牌、红牌）的在办收文提醒办理人，每件每天一次。"
    task = "documents.tasks.chase_overdue_task"

    def run(self):
        self.stdout.write(f"已催办 {chase_due()} 件。")
