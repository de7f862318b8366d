"""Close a half month: freeze its bulletin (PDF + DOCX) once. Idempotent — run it from cron or a
systemd timer shortly after 00:00 on the 1st and the 16th (see docs/usage.md). Without --period it
closes the last ended period and any earlier one a missed run left without a bulletin."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from oa.core.exceptions import Conflict
from oa.core.messages import error_text
from oa.usage.management.commands._period import period_arg
from oa.usage.services.reports import close_due_periods, close_period


class Command(BaseCommand):
    help = "生成（冻结）半月使用情况通报；默认上一个已结束的周期；重复运行不会重复生成"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="统计周期，如 2026-11-1；默认上一个周期")
        parser.add_argument("--enqueue", action="store_true", help="作为后台任务排队（django-tasks）")

    def handle(self, *args, **options):
        if not options["period"] and not options["enqueue"]:
            try:
                results = close_due_periods()
            except (ValidationError, Conflict) as exc:
                raise CommandError(error_text(exc)) from exc
            self.stdout.write(json.dumps(results[-1] if len(results) == 1 else results, ensure_ascii=False))
            return
        period = period_arg(options["period"], default_previous=True)
        if options["enqueue"]:
            from oa.usage.tasks import usage_close_task

            result = usage_close_task.enqueue(str(period))
            self.stdout.write(json.dumps({"period": str(period), "task": str(result.id)}, ensure_ascii=False))
            return
        try:
            report, created = close_period(period=period)
        except (ValidationError, Conflict) as exc:
            raise CommandError(error_text(exc)) from exc
        self.stdout.write(json.dumps({"period": str(period), "report": report.pk, "number": report.number,
                                      "version": report.version, "created": created}, ensure_ascii=False))
