"""Write one signed checkpoint of the ledger (entry count, head hash, time, key id) to the checkpoint file.

Run on a schedule (deploy/systemd/oa-ledger-checkpoint.timer, hourly); the audit admin can also write one
from the ledger page or POST /api/v1/audit/checkpoints/. Prints the checkpoint as one JSON line.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from oa.audit.checkpoints import CheckpointFileError
from oa.audit.services import ledger_checkpoint


class Command(BaseCommand):
    help = "为审计日志写入一个签名检查点（记录条数、末条哈希、时间、密钥编号），追加到检查点文件。"

    def handle(self, *args, **options):
        try:
            record = ledger_checkpoint()
        except CheckpointFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(record, ensure_ascii=False))
