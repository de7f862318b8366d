"""Walk the ledger's keyed hash chain and check it against the signed checkpoint file; name the first
broken entry (or what is wrong with the checkpoints). Exit status 1 when broken."""

import json

from django.core.management.base import BaseCommand

from oa.audit.services import ledger_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链及签名检查点，指出第一条断裂的记录（断裂时退出码为 1）。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, json_output=False, **options):
        result = ledger_verify()
        broken = result.first_break
        if options.get("json"):
            self.stdout.write(json.dumps(result.report(), ensure_ascii=False))
        elif result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"哈希链完整：已校验 {result.checked} 条记录（其中链首未签名的旧记录 {result.legacy} 条），"
                f"{result.checkpoints} 个签名检查点相符。"))
        else:
            where = f"第一条异常记录 #{broken.entry_id}" if broken.entry_id else "检查点文件"
            self.stderr.write(self.style.ERROR(f"哈希链断裂：{where}（{broken.reason}）。已校验 {result.checked} 条。"))
        if not result.ok:
            raise SystemExit(1)
