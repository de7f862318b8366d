"""Archive packages as kept (one row per package built: a 件's, a 用户使用报告's, a transfer's batch) and the
hand-over of 件 to the 档案局 (Transfer: sent → received / rejected). The package bytes live in Django's
storage under archives/packages/; the row keeps their size, SHA-256, the manifest's SHA-256 and the
四性检测 report run on them when built."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition


class PackageKind(models.TextChoices):
    ITEM = "item", "件"
    REPORT = "report", "用户使用报告"
    BATCH = "batch", "批次"


class ArchivePackage(models.Model):
    kind = models.CharField("类别", max_length=8, choices=PackageKind.choices)
    item = models.ForeignKey("archives.ArchiveItem", verbose_name="件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="packages")
    usage_report = models.ForeignKey("trial.UsageReport", verbose_name="用户使用报告", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField("档号/批次号", max_length=80)
    path = models.CharField("存储路径", max_length=300)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("归档包 SHA-256", max_length=64)
    manifest_sha256 = models.CharField("清单 SHA-256", max_length=64)
    check_ok = models.BooleanField("四性检测通过")
    check_report = models.JSONField("四性检测报告", default=dict)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="封装人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField("封装时间")

    class Meta:
        verbose_name = "归档包"
        verbose_name_plural = "归档包"
        ordering = ["-built_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(kind="item", item__isnull=False, usage_report__isnull=True)
            | Q(kind="report", item__isnull=True, usage_report__isnull=False)
            | Q(kind="batch", item__isnull=True, usage_report__isnull=True), name="archives_package_source")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}归档包 {self.identifier}"


class TransferState(models.TextChoices):
    SENT = "sent", "待接收"
    RECEIVED = "received", "已接收"
    REJECTED = "rejected", "已退回"


class Transfer(models.Model):
    """移交: a department's 件 handed to the 档案局 as one batch package; the receiving side runs the
    四性检测 on import and confirms (接收回执) or sends it back with the reason."""

    department = models.ForeignKey("org.Department", verbose_name="移交单位", on_delete=models.PROTECT,
                                   related_name="+")
    receiver = models.ForeignKey("org.Department", verbose_name="接收单位", on_delete=models.PROTECT,
                                 related_name="+")
    state = FSMField("状态", default=TransferState.SENT, choices=TransferState.choices, protected=True)
    items = models.ManyToManyField("archives.ArchiveItem", verbose_name="件", related_name="transfers")
    package = models.OneToOneField(ArchivePackage, verbose_name="批次归档包", on_delete=models.PROTECT,
                                   related_name="transfer")
    item_count = models.PositiveIntegerField("件数")
    page_count = models.PositiveIntegerField("页数")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="移交人", on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField("移交时间")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("接收时间", null=True, blank=True)
    receipt_ok = models.BooleanField("接收检测通过", null=True)
    receipt_report = models.JSONField("接收时四性检测报告", default=dict, blank=True)
    receipt_note = models.CharField("接收意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "移交"
        verbose_name_plural = "移交"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"移交 {self.number}"

    @property
    def number(self) -> str:
        return f"YJ{self.sent_at:%Y}-{self.pk:04d}"

    @transition(field=state, source=TransferState.SENT, target=TransferState.RECEIVED)
    def receive(self, *, by, at, report: dict, note: str):
        self.received_by, self.received_at, self.receipt_ok = by, at, True
        self.receipt_report, self.receipt_note = report, note

    @transition(field=state, source=TransferState.SENT, target=TransferState.REJECTED)
    def reject(self, *, by, at, report: dict, note: str):
        self.received_by, self.received_at = by, at
        self.receipt_ok = bool(report.get("ok"))
        self.receipt_report, self.receipt_note = report, note
