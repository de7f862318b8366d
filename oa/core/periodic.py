"""The shape of a periodic command (run by cron or a systemd timer): do the job now, or with
--background queue the same job as a django-tasks task."""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class PeriodicCommand(BaseCommand):
    """A subclass names `task`, the dotted path of the task that does the same job (imported only when
    queued), and writes `run()`, which does the job now and reports it on stdout."""

    task: str

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true", help="作为后台任务排队（django-tasks）")

    def handle(self, *args, background=False, **options):
        if background:
            result = import_string(self.task).enqueue()
            self.stdout.write(f"已排队：{result.id}")
            return
        self.run()

    def run(self):
        raise NotImplementedError
