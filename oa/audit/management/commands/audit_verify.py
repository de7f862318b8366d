"""Walk the ledger's keyed hash chain and check it against the signed checkpoint file; name the first
broken entry (or what is wrong with the checkpoints). Exit status 1 when broken.

`--checkpoint '{"seq": …, "count": …, "head_id": …, "head_hash": …, "sig": …}'` also checks that the ledger
still holds that checkpoint's state (a backup's, after `restore`; services.ledger_checkpoint_match): exit
status 1 when it does not."""

import json

from django.core.management.base import BaseCommand, CommandError

from oa.audit.services import ledger_checkpoint_match, ledger_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链及签名检查点，指出第一条断裂的记录（断裂时退出码为 1）。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--checkpoint", help="另核对审计日志是否仍与此检查点相符（JSON：seq、count、head_id、head_hash、sig）")

    def handle(self, *args, json_output=False, checkpoint=None, **options):
        # The match first: the verification ledgers itself, and the match counts the ledger's entries.
        match = ledger_checkpoint_match(self._expected(checkpoint)) if checkpoint else None
        result = ledger_verify()
        broken = result.first_break
        if options.get("json"):
            self.stdout.write(json.dumps({**result.report(), **({"checkpoint": match} if match else {})},
                                         ensure_ascii=False))
        elif result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"哈希链完整：已校验 {result.checked} 条记录（其中链首未签名的旧记录 {result.legacy} 条），"
                f"{result.checkpoints} 个签名检查点相符。"))
        else:
            where = f"第一条异常记录 #{broken.entry_id}" if broken.entry_id else "检查点文件"
            self.stderr.write(self.style.ERROR(f"哈希链断裂：{where}（{broken.reason}）。已校验 {result.checked} 条。"))
        if match and not options.get("json"):
            self._write_match(match)
        if not result.ok or (match and not match["matched"]):
            raise SystemExit(1)

    @staticmethod
    def _expected(text: str) -> dict:
        try:
            expected = json.loads(text)
        except ValueError:
            expected = None
        if not isinstance(expected, dict):
            raise CommandError("--checkpoint 须为一个 JSON 对象（seq、count、head_id、head_hash、sig）。")
        return expected

    def _write_match(self, match: dict) -> None:
        if match["matched"]:
            self.stdout.write(self.style.SUCCESS(f"与第 {match['seq']} 个检查点相符（{match['count']} 条记录）。"))
        else:
            self.stderr.write(self.style.ERROR(f"与第 {match['seq']} 个检查点不符：{match['reason']}。"))
        if match["later_checkpoints"]:
            self.stderr.write(self.style.WARNING(
                f"此后还有 {match['later_checkpoints']} 个检查点，审计日志比最后一个少 {match['entries_lost_after']} 条记录。"))
