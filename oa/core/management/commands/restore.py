"""`python manage.py restore DIR` — put a `backup` back, then verify the ledger and match the backup's checkpoint;
JSON. Exit 1 if the ledger does not verify or the checkpoint does not match."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oa.core import drills


class Command(BaseCommand):
    help = "从备份目录恢复数据库与上传文件，随后校验审计日志并核对备份时的检查点，输出 JSON（未通过时退出码为 1）。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="backup 命令写出的目录")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库与上传文件")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前数据库与上传文件；确认无误请加 --yes。")
        try:
            result = drills.restore(Path(source))
        except (ValueError, OSError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        if not result["ok"]:
            raise SystemExit(1)
