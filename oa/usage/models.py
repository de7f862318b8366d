"""The rollup (department × period × figure → value), who was active in a period, and the frozen
bulletins (通报) with their versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class UsageFigure(models.Model):
    """One figure of one department in one half month. Kept by oa.usage.listener in the same
    transaction as the ledger entry that moved it; recomputed by `manage.py usage_rebuild`."""

    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    period = models.CharField("统计周期", max_length=10, db_index=True)
    code = models.CharField("指标", max_length=40)
    value = models.BigIntegerField("数值", default=0)

    class Meta:
        verbose_name = "使用情况指标"
        verbose_name_plural = "使用情况指标"
        constraints = [models.UniqueConstraint(fields=["period", "department", "code"], name="usage_figure_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.period} {self.department_id} {self.code}={self.value}"


class UsageActivePerson(models.Model):
    """A person who logged in at least once in the period (so 登录人数 counts each person once)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("统计周期", max_length=10)
    department = models.ForeignKey("org.Department", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "person"], name="usage_active_once")]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.period} {self.person_id}"


class _WriteOnce(models.Model):
    """A row that is written once and then neither changed nor deleted: save() refuses an update
    with `change_refused`, delete() refuses with `delete_refused`."""

    change_refused = delete_refused = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(self.change_refused)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.delete_refused)


class Bulletin(_WriteOnce):
    """A frozen bulletin: the figures, ranking and score of one period as they stood at close.
    Its PDF and DOCX (BulletinFile) are rendered from the frozen content right after.

    Never changed after it is written (save() refuses an update, delete() refuses); a correction is a
    new row with the next version, and the old one stays.
    """

    period = models.CharField("统计周期", max_length=10)
    period_first = models.DateField("周期起始日")
    version = models.PositiveSmallIntegerField("版本", default=1)
    number = models.CharField("期号", max_length=40)
    created_at = models.DateTimeField("生成时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", help_text="空：定时任务")
    reason = models.CharField("更正说明", max_length=300, blank=True)
    formula_version = models.CharField("评分公式版本", max_length=20)
    data = models.JSONField("数据", default=dict)
    sha256 = models.CharField("数据摘要", max_length=64)

    change_refused = "已生成的通报不能修改；如需更正，请生成新版本。"
    delete_refused = "已生成的通报不能删除。"

    class Meta:
        verbose_name = "使用情况通报"
        verbose_name_plural = "使用情况通报"
        ordering = ["-period_first", "-version"]
        constraints = [models.UniqueConstraint(fields=["period", "version"], name="usage_report_version_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.number}（第{self.version}版）"


class BulletinFile(_WriteOnce):
    """The PDF or DOCX of a frozen bulletin, rendered once from its frozen content (after the close,
    so freezing stays quick) and never changed or deleted afterwards."""

    FORMATS = (("pdf", "PDF"), ("docx", "DOCX"))
    change_refused = "已生成的通报文件不能修改。"
    delete_refused = "已生成的通报文件不能删除。"

    report = models.ForeignKey(Bulletin, verbose_name="通报", on_delete=models.PROTECT, related_name="files")
    fmt = models.CharField("格式", max_length=4, choices=FORMATS)
    content = models.BinaryField("文件")
    sha256 = models.CharField("文件摘要", max_length=64)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "通报文件"
        verbose_name_plural = "通报文件"
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="usage_report_file_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.report} {self.fmt}"
