"""发文字号 sequences: one row per 机关代字 per year, locked while a number is taken."""

from django.db import models

from documents.choices import NumberStatus


class NumberSequence(models.Model):
    code = models.CharField("机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "发文字号序列"
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="documents_sequence_code_year")]

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕至{self.last}号"


class IssuedNumber(models.Model):
    """Every number ever taken, so none is reused and none disappears: a voided one stays, marked."""

    code = models.CharField("机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年份")
    seq = models.PositiveIntegerField("序号")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="issued_numbers")
    status = models.CharField("状态", max_length=8, choices=NumberStatus.choices, default=NumberStatus.ISSUED)
    issued_at = models.DateTimeField("编号时间", auto_now_add=True)

    class Meta:
        verbose_name = "发文字号"
        ordering = ["code", "year", "seq"]
        constraints = [models.UniqueConstraint(fields=["code", "year", "seq"], name="documents_number_once")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return f"{self.code}〔{self.year}〕{self.seq}号"
