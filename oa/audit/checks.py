"""`check --deploy`: the ledger's key must come from the environment in production (audit.W001).

Without OA_LEDGER_KEY the key is kept in $OA_VAR_DIR/ledger_key, next to what an intruder on the server
would also reach (the SQLite file, the checkpoint file): whoever reads it can recompute the chain.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def ledger_key_from_environment(app_configs=None, **kwargs):
    if settings.LEDGER_KEY_SOURCE == "environment":
        return []
    return [Warning(
        "审计日志的 HMAC 密钥未由环境变量 OA_LEDGER_KEY 提供，而是保存在数据目录的 ledger_key 文件中。",
        hint="生产环境请设置 OA_LEDGER_KEY（至少 32 个字符，如 python3 -c 'import secrets; print(secrets.token_urlsafe(48))'）"
             "与 OA_LEDGER_KEY_ID；原 ledger_key 文件签过的记录仍用它校验：保留该文件，或以 local:<密钥> 写入 "
             "OA_LEDGER_OLD_KEYS（见 docs/configuration.md）。",
        id="audit.W001",
    )]
