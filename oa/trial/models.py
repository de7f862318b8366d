"""The paper-parallel trial (双轨试运行, seed 004): programmes, the transmission rule, paper copies,
paper-only items and the end-of-trial usage reports. State graphs are fields-only transitions;
services in services/ run them through oa.core.steps.run_step."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from oa.trial.choices import (
    ItemDirection,
    PaperMethod,
    PaperRecipients,
    PaperState,
    ReportState,
    TrialState,
    TrialSystem,
    UrgentChannel,
)
from oa.uploads.models import GatedFile

T, P, R = TrialState, PaperState, ReportState


class TrialProgramme(ConcurrentTransitionMixin, models.Model):
    name = models.CharField("名称", max_length=120)
    start_date = models.DateField("试运行开始日期")
    end_date = models.DateField("试运行结束日期")
    paperless_target = models.DateField("无纸化目标日期", null=True, blank=True)
    state = FSMField("状态", default=T.PLANNED, choices=T.choices, protected=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    reports_complete_at = models.DateTimeField("报告收齐时间", null=True, blank=True)
    # Seed 004 §1 and §3: the working groups and the 网上审批业务咨询电话 are due by one date (11月8日前).
    groups_due = models.DateField("工作组及咨询电话报送截止日期", null=True, blank=True)
    groups_chased_at = models.DateTimeField("最近催报工作组", null=True, blank=True)

    class Meta:
        verbose_name = "试运行"
        verbose_name_plural = "试运行"
        ordering = ["-start_date", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="trial_programme_dates")]

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=T.PLANNED, target=T.RUNNING)
    def start(self, *, at):
        self.started_at = at

    @transition(field=state, source=T.RUNNING, target=T.ENDED)
    def end(self, *, at):
        self.ended_at = at

    @transition(field=state, source=T.ENDED, target=T.REPORTS_COMPLETE)
    def complete_reports(self, *, at):
        self.reports_complete_at = at


class TrialParticipant(models.Model):
    programme = models.ForeignKey(TrialProgramme, on_delete=models.CASCADE, related_name="participants")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    system = models.CharField("系统", max_length=12, choices=TrialSystem.choices)
    listed = models.BooleanField("通知列明", default=True, help_text="否：未列入名单、自行开展试运行")
    joined_at = models.DateTimeField("加入时间", default=timezone.now)
    # Seed 004 §3: each approval-system unit names one 网上审批业务咨询电话, published by the city.
    consult_phone = models.CharField("网上审批业务咨询电话", max_length=30, blank=True)
    consult_phone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    consult_phone_at = models.DateTimeField("咨询电话报送时间", null=True, blank=True)

    class Meta:
        verbose_name = "试运行单位"
        verbose_name_plural = "试运行单位"
        constraints = [models.UniqueConstraint(fields=["programme", "department", "system"], name="trial_participant_once")]
        indexes = [models.Index(fields=["programme", "system", "department"], name="trial_part_sys")]

    def __str__(self) -> str:
        return f"{self.department} · {self.get_system_display()}"


class WorkingGroup(models.Model):
    """应用系统试运行工作组 (seed 004 §1, §6): led by the leader in charge of IT or the business, with members
    of the department and one designated 专人 — the department's contact with the information center —
    and the 专人's phone. People, never names typed in; `legacy_text` keeps what was typed before."""

    programme = models.ForeignKey(TrialProgramme, on_delete=models.CASCADE, related_name="working_groups")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="组长（分管领导）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="成员", blank=True, related_name="+")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="专人（与市信息中心联系）", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("联系电话", max_length=30)
    legacy_text = models.CharField("原填报（文字）", max_length=120, blank=True,
                                   help_text="改为选择人员之前以文字填报、未能对应到人员的组长和联系人")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "试运行工作组"
        verbose_name_plural = "试运行工作组"
        constraints = [models.UniqueConstraint(fields=["programme", "department"], name="trial_group_once")]
        indexes = [models.Index(fields=["department", "programme"], name="trial_group_dept")]

    def __str__(self) -> str:
        return f"{self.department} 试运行工作组"

    @property
    def complete(self) -> bool:
        """Reported: a leader and a 专人 named (a group migrated from free text may lack them)."""
        return self.leader_id is not None and self.contact_id is not None


class TrainingSession(models.Model):
    programme = models.ForeignKey(TrialProgramme, on_delete=models.CASCADE, related_name="trainings")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("培训日期")
    topic = models.CharField("培训内容", max_length=120)
    expected = models.PositiveSmallIntegerField("应到人数", validators=[MinValueValidator(1), MaxValueValidator(2000)])
    attended = models.PositiveSmallIntegerField("实到人数", validators=[MaxValueValidator(2000)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["held_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(attended__lte=models.F("expected")),
                                              name="trial_training_attendance")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class TransmissionRule(models.Model):
    """网上传输和纸质同步 rule. Versions are never edited: a change is a new version with its own
    effective date, and each paper requirement keeps the version it was decided under."""

    version = models.PositiveIntegerField("版本", unique=True)
    effective_from = models.DateField("生效日期")
    text = models.TextField("规则内容")
    paper_chase_working_days = models.PositiveSmallIntegerField(
        "纸质件催收期限（工作日）", default=3, validators=[MinValueValidator(1), MaxValueValidator(30)])
    urgent_exempt = models.BooleanField("急件（加急/特急）免纸质同步", default=True)
    # Seed 004 §2: every recipient of a participant's document (versions before 0005 said: participants only).
    paper_to = models.CharField("纸质同步范围", max_length=12, choices=PaperRecipients.choices,
                                default=PaperRecipients.ALL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "传输规则"
        verbose_name_plural = "传输规则"
        ordering = ["-effective_from", "-version"]

    def __str__(self) -> str:
        return f"第{self.version}版"


class PaperRequirement(ConcurrentTransitionMixin, models.Model):
    """One delivery decided, at dispatch, to need paper as well (or to be an exempt urgent one)."""

    delivery = models.OneToOneField("documents.Delivery", verbose_name="收文", on_delete=models.PROTECT,
                                    related_name="paper_requirement")
    programme = models.ForeignKey(TrialProgramme, on_delete=models.PROTECT, related_name="paper_requirements")
    rule = models.ForeignKey(TransmissionRule, verbose_name="依据规则", on_delete=models.PROTECT, related_name="+")
    sender_department = models.ForeignKey("org.Department", verbose_name="发文单位", on_delete=models.PROTECT,
                                          related_name="+")
    receiving_department = models.ForeignKey("org.Department", verbose_name="收文单位", on_delete=models.PROTECT,
                                             related_name="+")
    dispatched_on = models.DateField("网上发送日期", db_index=True)
    state = FSMField("状态", default=P.AWAITING, choices=P.choices, protected=True)
    urgent_channel = models.CharField("急件传输方式", max_length=12, choices=UrgentChannel.choices, blank=True)
    # the sending clerk's record
    sent_count = models.PositiveSmallIntegerField("送出份数", null=True, blank=True)
    copy_range = models.CharField("份号", max_length=40, blank=True)
    sent_on = models.DateField("送出日期", null=True, blank=True)
    method = models.CharField("送达方式", max_length=14, choices=PaperMethod.choices, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # the receiving clerk's confirmation
    received_count = models.PositiveSmallIntegerField("收到份数", null=True, blank=True)
    received_on = models.DateField("收到日期", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    paper_arrival = models.OneToOneField(
        "documents.Delivery", verbose_name="先到的纸质来文登记", null=True, blank=True, on_delete=models.PROTECT,
        related_name="matched_paper_requirement")
    last_chased_at = models.DateTimeField("最近催办", null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField("催办次数", default=0)

    class Meta:
        verbose_name = "纸质同步"
        verbose_name_plural = "纸质同步"
        indexes = [
            models.Index(fields=["sender_department", "state", "-id"], name="trial_paper_sender"),
            models.Index(fields=["receiving_department", "state", "-id"], name="trial_paper_receiver"),
            models.Index(fields=["programme", "state", "dispatched_on"], name="trial_paper_prog"),
        ]

    def __str__(self) -> str:
        return f"纸质同步 #{self.pk}"

    @property
    def short_count(self) -> bool:
        return (self.state == P.CONFIRMED and self.sent_count is not None and self.received_count is not None
                and self.received_count != self.sent_count)

    @transition(field=state, source=[P.AWAITING, P.SENT], target=P.SENT)
    def record_sent(self, *, by, count, copy_range, sent_on, via):
        self.sent_by, self.sent_count, self.copy_range, self.sent_on, self.method = by, count, copy_range, sent_on, via

    @transition(field=state, source=P.CONFIRMED, target=P.CONFIRMED)
    def amend_sent(self, *, by, count, copy_range, sent_on, via):
        """Paper that arrived first (confirmed before the sender recorded it), or a corrected record."""
        self.sent_by, self.sent_count, self.copy_range, self.sent_on, self.method = by, count, copy_range, sent_on, via

    @transition(field=state, source=[P.AWAITING, P.SENT, P.CONFIRMED], target=P.CONFIRMED)
    def confirm(self, *, by, count, received_on, paper_arrival=None):
        self.confirmed_by, self.received_count, self.received_on = by, count, received_on
        if paper_arrival is not None:
            self.paper_arrival = paper_arrival

    @transition(field=state, source=P.EXEMPT, target=P.EXEMPT)
    def record_urgent_channel(self, *, channel):
        self.urgent_channel = channel


class PaperOnlyItem(models.Model):
    """A classified item that never goes online (“三密”件): counted, never described. Deliberately
    no title, no content, no document number — only date, counterpart, direction and count."""

    programme = models.ForeignKey(TrialProgramme, null=True, blank=True, on_delete=models.PROTECT, related_name="paper_only_items")
    department = models.ForeignKey("org.Department", verbose_name="本单位", on_delete=models.PROTECT, related_name="+")
    counterpart = models.ForeignKey("org.Department", verbose_name="对方单位", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField("方向", max_length=8, choices=ItemDirection.choices)
    count = models.PositiveSmallIntegerField("件数", validators=[MinValueValidator(1), MaxValueValidator(500)])
    on_date = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "纸质专递件（涉密）"
        verbose_name_plural = "纸质专递件（涉密）"
        indexes = [models.Index(fields=["department", "-on_date", "-id"], name="trial_paperonly_dept")]

    def __str__(self) -> str:  # never a title: there is none
        return f"纸质专递件 #{self.pk}（{self.count}件）"


class UsageReport(ConcurrentTransitionMixin, models.Model):
    """用户使用报告: one per listed department at the end of the trial. The department's clerk fills
    it in and submits it to the department's leader (figures computed), the leader approves it —
    the submission (报送) to the information center (figures recomputed and kept) — or returns it;
    the information center archives it as PDF and DOCX, after which nothing changes."""

    programme = models.ForeignKey(TrialProgramme, on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    state = FSMField("状态", default=R.DRAFT, choices=R.choices, protected=True)
    figures = models.JSONField("数据", default=dict, help_text="提交领导审核时生成，领导审核报送时重新生成并定稿")
    usage = models.TextField("使用情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    suggestions = models.TextField("意见建议", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核报送领导", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField("报送时间", null=True, blank=True)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="归档人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    pdf = models.BinaryField("PDF", null=True, blank=True)
    pdf_sha256 = models.CharField("PDF 摘要", max_length=64, blank=True)
    docx = models.BinaryField("DOCX", null=True, blank=True)
    docx_sha256 = models.CharField("DOCX 摘要", max_length=64, blank=True)
    last_chased_at = models.DateTimeField("最近催报", null=True, blank=True)

    class Meta:
        verbose_name = "用户使用报告"
        verbose_name_plural = "用户使用报告"
        constraints = [models.UniqueConstraint(fields=["programme", "department"], name="trial_report_once")]

    def __str__(self) -> str:
        return f"{self.department} 用户使用报告"

    def save(self, *args, **kwargs):
        """An archived report is immutable: a save of a row already archived is refused."""
        if self.pk is not None and not self._state.adding and UsageReport.objects.filter(
                pk=self.pk, state=R.ARCHIVED).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError("已归档的用户使用报告不能修改。")
        super().save(*args, **kwargs)

    @transition(field=state, source=R.DRAFT, target=R.AWAITING_LEADER)
    def submit(self, *, by, at, figures):
        self.submitted_by, self.submitted_at, self.figures = by, at, figures

    @transition(field=state, source=R.AWAITING_LEADER, target=R.DRAFT)
    def send_back(self, *, by, at, reason):
        self.returned_by, self.returned_at, self.return_reason = by, at, reason

    @transition(field=state, source=R.AWAITING_LEADER, target=R.FILED)
    def approve(self, *, by, at, figures):
        self.filed_by, self.filed_at, self.figures = by, at, figures

    @transition(field=state, source=R.FILED, target=R.ARCHIVED)
    def archive(self, *, by, at, pdf: bytes, docx: bytes):
        import hashlib

        self.archived_by, self.archived_at = by, at
        self.pdf, self.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        self.docx, self.docx_sha256 = docx, hashlib.sha256(docx).hexdigest()


class UsageReportAttachment(GatedFile):
    """A file the department attaches to its report (a scanned signed copy, a spreadsheet) — through
    the classification gate, only while the report is 填写中."""

    UPLOAD_TO = "trial/reports/%Y/%m/"

    report = models.ForeignKey(UsageReport, on_delete=models.PROTECT, related_name="attachments")

    class Meta(GatedFile.Meta):
        verbose_name = "用户使用报告附件"
        verbose_name_plural = "用户使用报告附件"


from oa.trial.models_outage import Outage, OutagePaperItem, OutageState  # noqa: E402,F401  停机与补登
from oa.trial.models_people import CoordinationContact, CoordinationGroup  # noqa: E402,F401  统筹协调小组
