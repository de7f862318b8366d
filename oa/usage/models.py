"""The rollup (department × period × figure → value), who was active in a period, the frozen
bulletins with their versions, and each period's report-then-通报 chain (UsageCircular)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from oa.usage.choices import CircularAction, CircularState


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


class OverdueCount(models.Model):
    """A department's open deliveries past their deadline (未办结黄牌/红牌) as of `as_of`: kept by every save
    of a delivery that makes it overdue, closes it or moves its deadline (oa.usage.overdue, in the step's
    transaction) and moved on by the timer that crosses a deadline (`advance`). What the running period's
    /usage/ reads instead of counting the deliveries; `usage_rebuild` recounts it the way the close does."""

    department = models.OneToOneField("org.Department", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField("截至")
    open_yellow = models.IntegerField("未办结黄牌", default=0)
    open_red = models.IntegerField("未办结红牌", default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.department_id} {self.as_of} 黄{self.open_yellow} 红{self.open_red}"


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

    @property
    def period_label(self) -> str:
        """`2026年11月下半月`, as the lists print a period."""
        from oa.usage.periods import Period

        return Period.parse(self.period).short_label


class _RenderedFile(_WriteOnce):
    """A PDF or DOCX rendered once from frozen content and kept unchanged (write-once)."""

    FORMATS = (("pdf", "PDF"), ("docx", "DOCX"))

    fmt = models.CharField("格式", max_length=4, choices=FORMATS)
    content = models.BinaryField("文件")
    sha256 = models.CharField("文件摘要", max_length=64)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        abstract = True


class BulletinFile(_RenderedFile):
    """The PDF or DOCX of a frozen bulletin, rendered once from its frozen content (after the close,
    so freezing stays quick) and never changed or deleted afterwards."""

    change_refused = "已生成的通报文件不能修改。"
    delete_refused = "已生成的通报文件不能删除。"

    report = models.ForeignKey(Bulletin, verbose_name="通报", on_delete=models.PROTECT, related_name="files")

    class Meta:
        verbose_name = "通报文件"
        verbose_name_plural = "通报文件"
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="usage_report_file_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.report} {self.fmt}"


class UsageCircular(ConcurrentTransitionMixin, models.Model):
    """One period's way from the information center's draft to the 督办室's 通报 (seed 004 §9): the draft
    (the frozen Bulletin — a correction is a new version, linked here — and the information center's own
    说明) goes to the information center's leader, who reports it to the city government (报送市政府); the
    督办室 reviews it and returns it with comments or issues it as a 通报 in its own name and number.

    Transitions change fields only; oa.usage.services.circulars runs them through oa.core.steps.run_step,
    with the table in oa.usage.permissions (CIRCULAR_FLOW)."""

    period = models.CharField("统计周期", max_length=10, unique=True)
    period_first = models.DateField("周期起始日")
    state = FSMField("状态", default=CircularState.DRAFT, choices=CircularState.choices, protected=True, db_index=True)
    bulletin = models.ForeignKey(Bulletin, verbose_name="数据（通报版本）", on_delete=models.PROTECT, related_name="+")
    remarks = models.TextField("信息中心说明", blank=True)
    prepared_at = models.DateTimeField("生成时间")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", help_text="空：定时任务")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核报送领导", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报送市政府时间", null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.CharField("退回意见", max_length=500, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="通报人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("通报时间", null=True, blank=True)
    issuer = models.ForeignKey("org.Department", verbose_name="通报单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    number_code = models.CharField("机关代字", max_length=20, blank=True)
    number_year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    number_seq = models.PositiveIntegerField("序号", null=True, blank=True)
    content = models.JSONField("通报内容", default=dict, blank=True, help_text="通报时冻结：文号、日期、正文")

    class Meta:
        verbose_name = "使用情况报告与通报"
        verbose_name_plural = "使用情况报告与通报"
        ordering = ["-period_first"]
        constraints = [models.UniqueConstraint(fields=["number_code", "number_year", "number_seq"],
                                               condition=models.Q(number_seq__isnull=False), name="usage_circular_number_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.number or f"{self.period_label}使用情况报告"

    @property
    def period_label(self) -> str:
        """`2026年11月下半月`, as the lists and breadcrumbs print a period."""
        from oa.usage.periods import Period

        return Period.parse(self.period).short_label

    @property
    def number(self) -> str:
        """The 通报's 文号, e.g. 韶府督通〔2026〕3号 ('' until issued)."""
        return f"{self.number_code}〔{self.number_year}〕{self.number_seq}号" if self.number_seq else ""

    @transition(field=state, source=CircularState.DRAFT, target=CircularState.DRAFT)
    def correct(self, *, bulletin):
        self.bulletin = bulletin

    @transition(field=state, source=CircularState.DRAFT, target=CircularState.AWAITING_LEADER)
    def submit(self, *, by, at, remarks):
        self.submitted_by, self.submitted_at, self.remarks = by, at, remarks

    @transition(field=state, source=CircularState.AWAITING_LEADER, target=CircularState.DRAFT)
    def leader_return(self, *, by, at, reason):
        self.returned_by, self.returned_at, self.return_reason = by, at, reason

    @transition(field=state, source=CircularState.AWAITING_LEADER, target=CircularState.REPORTED)
    def report(self, *, by, at):
        self.reported_by, self.reported_at = by, at

    @transition(field=state, source=CircularState.REPORTED, target=CircularState.DRAFT)
    def supervision_return(self, *, by, at, reason):
        self.returned_by, self.returned_at, self.return_reason = by, at, reason

    @transition(field=state, source=CircularState.REPORTED, target=CircularState.ISSUED)
    def issue(self, *, by, at, issuer, code, year, seq, content):
        self.issued_by, self.issued_at, self.issuer = by, at, issuer
        self.number_code, self.number_year, self.number_seq, self.content = code, year, seq, content


class CircularStep(models.Model):
    """The circular's history as its pages show it: who did what, when, with which comment, on which
    version of the figures. Written with each step (the ledger has the same); never changed."""

    circular = models.ForeignKey(UsageCircular, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=12, choices=CircularAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", help_text="空：定时任务")
    at = models.DateTimeField("时间")
    comment = models.CharField("意见", max_length=500, blank=True)
    version = models.PositiveSmallIntegerField("数据版本")
    state_after = models.CharField("操作后状态", max_length=20, choices=CircularState.choices)

    class Meta:
        verbose_name = "使用情况报告处理记录"
        verbose_name_plural = "使用情况报告处理记录"
        ordering = ["at", "id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.circular_id} {self.get_action_display()}"


class CircularFile(_RenderedFile):
    """The PDF or DOCX of an issued 通报, rendered once from its frozen content and kept unchanged."""

    change_refused = "已通报的文件不能修改。"
    delete_refused = "已通报的文件不能删除。"

    circular = models.ForeignKey(UsageCircular, verbose_name="通报", on_delete=models.PROTECT, related_name="files")

    class Meta:
        verbose_name = "通报文件"
        verbose_name_plural = "通报文件"
        constraints = [models.UniqueConstraint(fields=["circular", "fmt"], name="usage_circular_file_once")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.circular} {self.fmt}"
