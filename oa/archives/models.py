"""Archived items (件, DA/T 22-2015): a department's 全宗, the 件号 sequences, the 件 and its parts.

档号 = 全宗号-门类·年度-保管期限-机构-件号, e.g. ``J021-WS·2026-Y-BGS-0001``. The 件号 runs in order within
全宗-年度-期限-机构 (ArchiveSequence, locked while a number is taken); a 件 is unique by its 档号.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from oa.archives.choices import Category, Component, Retention

fonds_code_validator = RegexValidator(r"^[A-Z0-9]{1,8}$", "全宗号须为1–8位大写字母或数字，如“J021”。")
org_code_validator = RegexValidator(r"^[A-Z0-9]{1,8}$", "机构代码须为1–8位大写字母或数字，如“BGS”。")


class Fonds(models.Model):
    """A department's 全宗 (the 立档单位): its 全宗号, given by the archives (档案馆), and the 机构 (机构或问题)
    under which its documents are filed — one per department; changed by the system administrator."""

    department = models.OneToOneField("org.Department", verbose_name="立档单位", on_delete=models.PROTECT,
                                      related_name="fonds")
    code = models.CharField("全宗号", max_length=8, unique=True, validators=[fonds_code_validator])
    org_code = models.CharField("机构代码", max_length=8, default="BGS", validators=[org_code_validator],
                                help_text="档号中的机构（问题）代码，如办公室“BGS”")
    org_name = models.CharField("机构（问题）", max_length=50, default="办公室")

    class Meta:
        verbose_name = "全宗"
        verbose_name_plural = "全宗"

    def __str__(self) -> str:
        return f"{self.code} {self.department}"


class ArchiveSequence(models.Model):
    """件号 in order per 全宗-年度-保管期限-机构: one row, locked (select_for_update) while a number is taken."""

    fonds_code = models.CharField("全宗号", max_length=8)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    org_code = models.CharField("机构代码", max_length=8)
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "件号序列"
        constraints = [models.UniqueConstraint(fields=["fonds_code", "year", "retention", "org_code"],
                                               name="archives_sequence_once")]

    def __str__(self) -> str:
        return f"{self.fonds_code}-{self.year}-{self.retention}-{self.org_code} 至{self.last}"


class ArchiveItem(models.Model):
    """One 件: a dispatched 发文 or a closed 收文 of `department`, with its 档号 and the 归档章's data."""

    department = models.ForeignKey("org.Department", verbose_name="立档单位", on_delete=models.PROTECT,
                                   related_name="archive_items")
    document = models.OneToOneField("documents.Document", verbose_name="发文", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="archive_item")
    delivery = models.OneToOneField("documents.Delivery", verbose_name="收文", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="archive_item")
    # --- the 档号 -----------------------------------------------------------------------------
    fonds_code = models.CharField("全宗号", max_length=8)
    category = models.CharField("门类", max_length=4, choices=Category.choices, default=Category.DOCUMENTS)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    org_code = models.CharField("机构代码", max_length=8)
    org_name = models.CharField("机构（问题）", max_length=50)
    seq = models.PositiveIntegerField("件号")
    # --- the 归档文件目录's columns (DA/T 22 附录) ------------------------------------------------
    doc_number = models.CharField("文号", max_length=60, blank=True)
    responsible = models.CharField("责任者", max_length=200)
    title = models.CharField("题名", max_length=200)
    date = models.DateField("日期")
    pages = models.PositiveIntegerField("页数", default=0)
    secrecy = models.CharField("密级", max_length=10, default="非密")
    remark = models.CharField("备注", max_length=200, blank=True)
    # --- who and when ---------------------------------------------------------------------------
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="归档人", on_delete=models.PROTECT,
                                 related_name="+")
    filed_at = models.DateTimeField("归档时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "归档文件（件）"
        verbose_name_plural = "归档文件（件）"
        ordering = ["fonds_code", "year", "retention", "org_code", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["fonds_code", "category", "year", "retention", "org_code", "seq"],
                                    name="archives_item_code_once"),
            models.CheckConstraint(condition=Q(document__isnull=False, delivery__isnull=True)
                                   | Q(document__isnull=True, delivery__isnull=False), name="archives_item_one_source"),
        ]
        indexes = [models.Index(fields=["department", "year", "retention", "seq"], name="archives_item_catalogue")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """档号: 全宗号-门类·年度-保管期限-机构-件号 (件号 four digits)."""
        return f"{self.fonds_code}-{self.category}·{self.year}-{self.retention}-{self.org_code}-{self.seq:04d}"

    @property
    def kind(self) -> str:
        return "发文" if self.document_id else "收文"


class ArchivePart(models.Model):
    """A part of a 件, kept with it: the stamped body (正文 with the 归档章), the 处理笺/稿纸, each 附件 or
    扫描件. `path` is its name in Django's storage — the archives' own file for the stamped body and the
    sheet, the existing stored file for an attachment (referenced, not copied); `sha256` as filed."""

    item = models.ForeignKey(ArchiveItem, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField("类别", max_length=12, choices=Component.choices)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    label = models.CharField("名称", max_length=200)
    path = models.CharField("存储路径", max_length=300)
    media_type = models.CharField("类型", max_length=100, default="application/pdf")
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)

    class Meta:
        verbose_name = "归档文件组成部分"
        verbose_name_plural = "归档文件组成部分"
        ordering = ["item", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


from oa.archives.models_package import ArchivePackage, PackageKind, Transfer, TransferState  # noqa: E402,F401  归档包与移交
