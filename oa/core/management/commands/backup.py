"""`python manage.py backup DIR` — a fresh ledger checkpoint, then the database (SQLite online backup or pg_dump),
the media and a copy of the checkpoint file into DIR; JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oa.core import drills


class Command(BaseCommand):
    help = "先为审计日志写入检查点，再备份数据库（SQLite 在线备份或 pg_dump）、上传文件目录与检查点文件到指定目录，输出 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("target", help="备份目录（不存在则创建，须为空）")

    def handle(self, *args, target, **options):
        try:
            manifest = drills.backup(Path(target))
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({"backup": str(target), **manifest}, ensure_ascii=False, indent=2))
