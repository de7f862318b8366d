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
    "http": "oa.bench_http.bench_http",
    "broadcast": "oa.org.bench.bench_broadcast",
}
# Options that only some suites take; --runs defaults to 20 (bench http: 200 requests per page).
SUITE_OPTIONS = {
    "soak": ("url", "users", "seconds", "pid", "accounts", "password"),
    "http": ("clients", "user", "password"),
}
DEFAULT_RUNS = {"http": 200}


class Command(BaseCommand):
    help = "运行基准测试并输出 JSON（数据在事务中创建并回滚，不留痕迹）。"

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=sorted(BENCHMARKS))
        parser.add_argument("--runs", type=int, help="每项测量的次数（默认 20；bench http 为每页 200 个请求）")
        parser.add_argument("--baseline", help="JSON of an earlier run to compare with (bench reports, bench usage: tier S)")
        soak = parser.add_argument_group("soak", "bench soak：模拟多人登录并浏览本机正在运行的服务")
        soak.add_argument("--url", help="本机服务地址，如 http://127.0.0.1:8000（只允许本机地址）")
        soak.add_argument("--users", type=int, help="模拟人数（默认 50）")
        soak.add_argument("--seconds", type=float, help="持续秒数（默认 60）")
        soak.add_argument("--pid", type=int, help="服务进程号：报告其内存增长")
        soak.add_argument("--accounts", help="逗号分隔的账号（默认演示账号 jmj_clerk、jmj_staff、jmj_leader、xxzx_info）")
        soak.add_argument("--password", help="这些账号的密码（默认取环境变量 OA_DEMO_PASSWORD）")
        http = parser.add_argument_group("http", "bench http：在本机空闲端口启动一个 daphne 进程，并发请求各主要页面")
        http.add_argument("--clients", type=int, help="并发客户端数（默认 4）")
        http.add_argument("--user", help="登录的账号（默认演示账号 jmj_clerk；密码同 --password，默认 OA_DEMO_PASSWORD 或 Demo-2026oa）")

    def handle(self, *args, suite, runs=None, baseline=None, **options):
        runs = DEFAULT_RUNS.get(suite, 20) if runs is None else runs
        if runs < 1:
            raise CommandError("--runs 至少为 1")
        started = time.perf_counter()
        extra = {"baseline": baseline} if baseline else {}
        optional = {name for names in SUITE_OPTIONS.values() for name in names}
        given = {name: options[name] for name in sorted(optional) if options.get(name) is not None}
        foreign = [name for name in given if name not in SUITE_OPTIONS.get(suite, ())]
        if foreign:
            users = "、".join(f"bench {s}" for s, names in SUITE_OPTIONS.items() if foreign[0] in names)
            raise CommandError(f"--{'、--'.join(foreign)} 只用于 {users}")
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
