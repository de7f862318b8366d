"""The ledger: one append-only, hash-chained row per thing that happened."""

from django.conf import settings
from django.db import models

from oa.audit.actions import label as action_label
from oa.audit.choices import Outcome


class LedgerEntry(models.Model):
    """Never updated, never deleted (a trigger refuses both, on PostgreSQL and SQLite).

    `entry_hash` = HMAC-SHA256, under the key named by `key_id`, over the canonical JSON of every other
    column plus `prev_hash` (oa/audit/chain.py), so changing, inserting or removing a row in the middle
    breaks the chain at that row, and nobody without the key can recompute it. Entries written before
    the ledger was keyed have no key id and plain SHA-256: the legacy segment at the chain's start.
    """

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField("账号", max_length=150, blank=True)
    actor_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.ForeignKey(
        "org.Department", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip = models.GenericIPAddressField("客户端IP", null=True, blank=True)
    action = models.CharField("动作", max_length=80, db_index=True)
    target_type = models.CharField("对象类型", max_length=60, blank=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    data = models.JSONField("数据", default=dict, blank=True)
    key_id = models.CharField("密钥编号", max_length=32, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["actor", "id"], name="audit_actor_id"),
            models.Index(fields=["department", "id"], name="audit_department_id"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            # "Entries of these actions in this half month" (oa/usage rebuild and close) reads a range.
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.actor_username}"

    @property
    def action_label(self) -> str:
        """The action's Chinese label from the registry ("" for a code no longer registered)."""
        return action_label(self.action)
