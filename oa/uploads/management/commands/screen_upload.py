"""`python manage.py screen_upload PATH [PATH …]` — pre-check files (or folders) before a bulk import.

Prints one JSON object per file: {"path": …, "verdict": "accepted"|"blocked"|"review", "reasons": […]}.
Folders are walked recursively. Nothing is stored or ledgered: this is a dry run of the gate.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from oa.uploads.limits import current_limits
from oa.uploads.screening.verdict import screen


def _files(paths):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from (child for child in sorted(path.rglob("*")) if child.is_file())
        else:
            yield path


class Command(BaseCommand):
    help = "用上传密级检查预检文件或文件夹，每个文件输出一行 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        limits = current_limits()
        limit = limits.max_bytes + 1
        for path in _files(paths):
            try:
                with path.open("rb") as stream:
                    content = stream.read(limit)
            except OSError:
                result = {"path": str(path), "verdict": "blocked", "reasons": ["文件不存在或无法读取。"]}
            else:
                screening = screen(name=path.name, content=content, limits=limits)
                result = {"path": str(path), "verdict": str(screening.verdict), "reasons": screening.reasons}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
