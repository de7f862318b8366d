"""The feedback ticket (问题反馈/报障单), its screenshots and its thread (steps and comments).

The state graph lives here as small @transition methods that change fields only; everything else a
step does (permission, ledger, live hints, SLA clocks) is in services/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from oa.feedback import sla
from oa.feedback.choices import FAULTS, Category, EntryKind, Severity, SlaBadge, TicketState
from oa.uploads.models import GatedFile, gated_upload_to

S = TicketState
OPEN_STATES = (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS)


class Ticket(ConcurrentTransitionMixin, models.Model):
    # Who and where
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反映人", on_delete=models.PROTECT,
                                 related_name="feedback_tickets")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                    related_name="+", help_text="单位报障联系人代为填报时与反映人不同")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT,
                                   related_name="feedback_tickets")
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    severity = models.CharField("紧急程度", max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    description = models.TextField("问题描述", max_length=4000)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # The page it was reported from, captured by the form (not typed)
    page_url = models.CharField("所在页面", max_length=500, blank=True)
    page_label = models.CharField("页面", max_length=100, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name="相关公文", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    delivery = models.ForeignKey("documents.Delivery", verbose_name="相关收文", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    object_title = models.CharField("公文标题", max_length=200, blank=True)
    object_state = models.CharField("当时状态", max_length=30, blank=True)
    user_agent = models.CharField("浏览器", max_length=400, blank=True)
    # Handling
    state = FSMField("状态", default=S.SUBMITTED, choices=S.choices, protected=True, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="feedback_assigned")
    to_vendor = models.BooleanField("转厂商处理", default=False)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="受理人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField("处理结果", blank=True, max_length=4000)
    merged_into = models.ForeignKey("self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="duplicates")
    reopen_count = models.PositiveSmallIntegerField("重新打开次数", default=0)
    auto_confirmed = models.BooleanField("自动确认", default=False)
    faq_published_at = models.DateTimeField("发布到常见问题", null=True, blank=True)
    # Times
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    started_at = models.DateTimeField("开始处理时间", null=True, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    clock_started_at = models.DateTimeField("解决时限起算", default=timezone.now,
                                            help_text="提交时间；重新打开后从重新打开时起算")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # SLA: deadlines fixed when the clock starts; each warning and escalation is sent once
    respond_warn_at = models.DateTimeField("响应预警时间", null=True, blank=True)
    respond_due_at = models.DateTimeField("响应时限", null=True, blank=True)
    resolve_warn_at = models.DateTimeField("解决预警时间", null=True, blank=True)
    resolve_due_at = models.DateTimeField("解决时限", null=True, blank=True)
    respond_warned_at = models.DateTimeField(null=True, blank=True)
    respond_escalated_at = models.DateTimeField(null=True, blank=True)
    resolve_warned_at = models.DateTimeField(null=True, blank=True)
    resolve_escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "问题反馈"
        verbose_name_plural = "问题反馈"
        indexes = [
            models.Index(fields=["state", "-id"], name="ticket_state"),
            models.Index(fields=["department", "-id"], name="ticket_department"),
            models.Index(fields=["reporter", "-id"], name="ticket_reporter"),
            models.Index(fields=["department", "created_at"], name="ticket_dept_created"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def number(self) -> str:
        return f"FK{self.pk:06d}" if self.pk else "FK"

    @property
    def summary(self) -> str:
        first = (self.description or "").strip().splitlines()[0] if (self.description or "").strip() else ""
        return first[:40] + ("…" if len(first) > 40 else "")

    @property
    def is_fault(self) -> bool:
        return self.category in FAULTS

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def handler_label(self) -> str:
        if self.to_vendor:
            return "厂商" + (f"（跟进：{self.assignee.name}）" if self.assignee_id else "")
        return self.assignee.name if self.assignee_id else ""

    def start_clocks(self, at) -> None:
        """Fix the response and resolution deadlines from `at` (filing; or reopening for resolution)."""
        respond = sla.respond_clock(severity=self.severity, start=at)
        resolve = sla.resolve_clock(severity=self.severity, start=at)
        if self.state == S.SUBMITTED:
            self.respond_warn_at, self.respond_due_at = respond.warn_at, respond.due_at
        self.clock_started_at = at
        self.resolve_warn_at, self.resolve_due_at = resolve.warn_at, resolve.due_at
        self.resolve_warned_at = self.resolve_escalated_at = None

    def sla_badge(self, now=None) -> str:
        """预警 / 超时 for the clock that is running: the response clock until accepted, then the
        resolution clock until resolved."""
        now = now or timezone.now()
        if self.state == S.SUBMITTED:
            response = sla.badge(warn_at=self.respond_warn_at, due_at=self.respond_due_at, now=now)
            resolution = sla.badge(warn_at=self.resolve_warn_at, due_at=self.resolve_due_at, now=now)
            return SlaBadge.OVERDUE if SlaBadge.OVERDUE in (response, resolution) else response or resolution
        if self.state in (S.ACCEPTED, S.IN_PROGRESS):
            return sla.badge(warn_at=self.resolve_warn_at, due_at=self.resolve_due_at, now=now)
        return SlaBadge.NONE

    @property
    def sla_badge_label(self) -> str:
        return SlaBadge(self.sla_badge()).label if self.sla_badge() else ""

    # --- the state graph: fields only ---------------------------------------------------------
    @transition(field=state, source=S.SUBMITTED, target=S.ACCEPTED)
    def accept(self, *, by, assignee, to_vendor: bool, at):
        self.accepted_by = by
        self.assignee = assignee
        self.to_vendor = to_vendor
        self.accepted_at = at

    @transition(field=state, source=S.ACCEPTED, target=S.IN_PROGRESS)
    def start(self, *, at):
        self.started_at = at

    @transition(field=state, source=[S.ACCEPTED, S.IN_PROGRESS], target=S.RESOLVED)
    def resolve(self, *, resolution: str, at):
        self.resolution = resolution
        self.resolved_at = at

    @transition(field=state, source=S.RESOLVED, target=S.CONFIRMED)
    def confirm(self, *, at, automatic: bool = False):
        self.confirmed_at = at
        self.auto_confirmed = automatic

    @transition(field=state, source=[S.RESOLVED, S.CONFIRMED], target=S.IN_PROGRESS)
    def reopen(self, *, at):
        self.reopen_count += 1
        self.resolved_at = None
        self.confirmed_at = None
        self.auto_confirmed = False
        self.start_clocks(at)

    @transition(field=state, source=list(OPEN_STATES), target=S.MERGED)
    def merge(self, *, into, at):
        self.merged_into = into
        self.confirmed_at = None


class TicketScreenshot(GatedFile):
    UPLOAD_TO = "feedback/%Y/%m/"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="screenshots")
    # Pictures have no text layer: the gate holds most of them for the security officer. Until released
    # the row has no file (hence blank); the release handler (services/reporting.py) stores the bytes then.
    file = models.FileField("文件", upload_to=gated_upload_to, blank=True)
    pending_review = models.BooleanField("待保密员审核", default=False)

    class Meta(GatedFile.Meta):
        verbose_name = "问题截图"
        verbose_name_plural = "问题截图"

    @property
    def review_refused(self) -> bool:
        record = self.upload_record
        return self.pending_review and record.reviewed_at is not None and not record.released


class TicketEntry(models.Model):
    """The thread of a ticket: every step (受理、解决 …) and every comment, in order; visible to the
    reporter's side and the handlers."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    action = models.CharField("办理", max_length=30, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=50, blank=True)
    text = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "反馈记录"
        verbose_name_plural = "反馈记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"], name="ticket_entry_order")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action or self.kind}"
