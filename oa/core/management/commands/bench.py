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
    "soak": "oa.core.soak.bench_soak",
    "broadcast": "oa.org.bench.bench_broadcast",
}
SOAK_OPTIONS = ("url", "users", "seconds", "pid", "accounts", "password")


class Command(BaseCommand):
    help = "运行基准测试并输出 JSON（数据在事务中创建并回滚，不留痕迹）。"

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=sorted(BENCHMARKS))
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--baseline", help="JSON of an earlier run to compare with (bench reports: tier S)")
        soak = parser.add_argument_group("soak", "bench soak：模拟多人登录并浏览本机正在运行的服务")
        soak.add_argument("--url", help="本机服务地址，如 http://127.0.0.1:8000（只允许本机地址）")
        soak.add_argument("--users", type=int, help="模拟人数（默认 50）")
        soak.add_argument("--seconds", type=float, help="持续秒数（默认 60）")
        soak.add_argument("--pid", type=int, help="服务进程号：报告其内存增长")
        soak.add_argument("--accounts", help="逗号分隔的账号（默认演示账号 jmj_clerk、jmj_staff、jmj_leader、xxzx_info）")
        soak.add_argument("--password", help="这些账号的密码（默认取环境变量 OA_DEMO_PASSWORD）")

    def handle(self, *args, suite, runs, baseline=None, **options):
        if runs < 1:
            raise CommandError("--runs 至少为 1")
        started = time.perf_counter()
        extra = {"baseline": baseline} if baseline else {}
        given = {name: options[name] for name in SOAK_OPTIONS if options.get(name) is not None}
        if given and suite != "soak":
            raise CommandError(f"--{'、--'.join(given)} 只用于 bench soak")
        try:
            figures = import_string(BENCHMARKS[suite])(runs=runs, **extra, **given)
        except ValueError as exc:  # e.g. soak's --url that is not this machine
            raise CommandError(str(exc)) from exc
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
