"""Write a period's report: JSON (figures), PDF or DOCX (the frozen bulletin, latest version)."""

import json

from django.core.management.base import BaseCommand, CommandError

from oa.usage.management.commands._period import period_arg
from oa.usage.selectors import latest_report, table_for
from oa.usage.services.reports import report_file


class Command(BaseCommand):
    help = "导出半月使用情况：--format json|pdf|docx --out 文件"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="统计周期，如 2026-11-1；默认当前周期")
        parser.add_argument("--format", choices=["json", "pdf", "docx"], default="json")
        parser.add_argument("--out", help="输出文件；json 缺省时写到标准输出")

    def handle(self, *args, **options):
        period = period_arg(options["period"], default_previous=False)
        fmt = options["format"]
        if fmt == "json":
            table, report = table_for(period)
            text = json.dumps({"report": report.number if report else None,
                               "version": report.version if report else None, "table": table},
                              ensure_ascii=False, indent=2, default=str)
            if options["out"]:
                with open(options["out"], "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                self.stdout.write(text)
            return
        report = latest_report(period)
        if report is None:
            raise CommandError(f"{period.label}还没有生成通报，请先运行 usage_close。")
        if not options["out"]:
            raise CommandError("请用 --out 指定输出文件。")
        with open(options["out"], "wb") as fh:
            fh.write(report_file(report, fmt))
        self.stdout.write(options["out"])
