"""Walk the ledger's hash chain; name the first broken entry. Exit status 1 when broken."""

import json

from django.core.management.base import BaseCommand

from oa.audit.services import ledger_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链，指出第一条断裂的记录（断裂时退出码为 1）。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, json_output=False, **options):
        result = ledger_verify()
        broken = result.first_break
        if options.get("json"):
            self.stdout.write(json.dumps({
                "ok": result.ok, "checked": result.checked,
                "first_broken_entry": broken.entry_id if broken else None,
                "reason": broken.reason if broken else None,
            }, ensure_ascii=False))
        elif result.ok:
            self.stdout.write(self.style.SUCCESS(f"哈希链完整：已校验 {result.checked} 条记录。"))
        else:
            self.stderr.write(self.style.ERROR(f"哈希链断裂：第一条异常记录 #{broken.entry_id}（{broken.reason}）。已校验 {result.checked} 条。"))
        if not result.ok:
            raise SystemExit(1)
