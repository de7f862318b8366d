"""Recompute the usage rollup of a period from the ledger and the documents tables and report, as
JSON, every difference from what the listener kept (exit status 0; `--check` writes nothing)."""

import json

from django.core.management.base import BaseCommand

from oa.usage.management.commands._period import period_arg
from oa.usage.services.rollup import rebuild


class Command(BaseCommand):
    help = "重算使用情况统计（默认当前周期），以 JSON 报告与实时累计的差异"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="统计周期，如 2026-11-1；默认当前周期")
        parser.add_argument("--check", action="store_true", help="只比对，不写入")

    def handle(self, *args, **options):
        period = period_arg(options["period"], default_previous=False)
        result = rebuild(period, write=not options["check"])
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
