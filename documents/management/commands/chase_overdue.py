"""The periodic chase (自动催办): run by cron or a systemd timer several times a working day."""

from django.core.management.base import BaseCommand

from documents.incoming.services.supervision import chase_due


class Command(BaseCommand):
    help = "自动催办：对临近时限（预警）和已超期（黄牌、红牌）的在办收文提醒办理人，每件每天一次。"

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="作为后台任务排队（django-tasks）")

    def handle(self, *args, background=False, **options):
        if background:
            from documents.tasks import chase_overdue_task

            result = chase_overdue_task.enqueue()
            self.stdout.write(f"已排队：{result.id}")
            return
        self.stdout.write(f"已催办 {chase_due()} 件。")
