"""`python manage.py bench <suite>` — measure, print JSON. Suites register in BENCHMARKS."""

import json
import platform
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

BENCHMARKS = {
    "documents": "documents.bench.bench_documents",
    "uploads": "oa.uploads.bench.bench_uploads",
    "inbox": "documents.incoming.bench.bench_inbox",
    "usage": "oa.usage.bench.bench_usage",
    "reports": "oa.usage.bench.bench_reports",
}


class Command(BaseCommand):
    help = "运行基准测试并输出 JSON（数据在事务中创建并回滚，不留痕迹）。"

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=sorted(BENCHMARKS))
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--baseline", help="JSON of an earlier run to compare with (bench reports: tier S)")

    def handle(self, *args, suite, runs, baseline=None, **options):
        if runs < 1:
            raise CommandError("--runs 至少为 1")
        started = time.perf_counter()
        extra = {"baseline": baseline} if baseline else {}
        figures = import_string(BENCHMARKS[suite])(runs=runs, **extra)
        result = {
            "suite": suite,
            "at": timezone.now().isoformat(timespec="seconds"),
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus()},
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "runs": runs,
            "seconds": round(time.perf_counter() - started, 2),
            **figures,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def _cpus() -> int:
    import os

    return os.cpu_count() or 0
