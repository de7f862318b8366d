"""传阅: a delivery circulated to chosen readers; each reader 待阅 → 已阅; the sender may recall."""

from django.conf import settings
from django.db import models


class Circulation(models.Model):
    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="circulations")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="传阅发起人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("传阅说明", max_length=300, blank=True)
    created_at = models.DateTimeField("传阅时间", auto_now_add=True)
    recalled_at = models.DateTimeField("收回时间", null=True, blank=True)

    class Meta:
        verbose_name = "传阅"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"传阅 {self.delivery}"


class Reading(models.Model):
    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", on_delete=models.PROTECT, related_name="readings")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    recalled = models.BooleanField("已收回", default=False)

    class Meta:
        verbose_name = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["circulation", "reader"], name="documents_reading_once")]
        indexes = [models.Index(fields=["reader", "read_at", "-id"], name="reading_reader_pending")]

    def __str__(self) -> str:
        return f"{self.reader} {'已阅' if self.read_at else '待阅'}"

    @property
    def pending(self) -> bool:
        return self.read_at is None and not self.recalled


class DeliveryStep(models.Model):
    """The receiving side's trail: who did what to the delivery, when, with what words."""

    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="空：系统（自动催办）")
    actor_name = models.CharField("姓名", max_length=50)
    text = models.CharField("意见", max_length=500, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "收文办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.actor_name}"
