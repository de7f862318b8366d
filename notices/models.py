"""The notice (通知公告), its attachments, per-person read receipts, and the portal's notice page.

The state graph lives here as small @transition methods that change fields only; everything
else a step does (permission, ledger, recipients, live hints) is in services/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from notices.choices import Audience, Category, NoticeState
from oa.uploads.models import GatedFile

S = NoticeState


class Notice(ConcurrentTransitionMixin, models.Model):
    title = models.CharField("标题", max_length=200)
    body = models.TextField(
        "正文", blank=True,
        help_text="每行一段。以“一、”“（一）”“1.”“（1）”开头的行为各级标题；以 | 开头和结尾的连续行为表格。",
    )
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.NOTICE)
    pinned = models.BooleanField("置顶", default=False)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True, help_text="到期后自动转为“已过期”，不再显示在门户上")
    requires_receipt = models.BooleanField("需要回执", default=False, help_text="勾选后，阅读人须点击“确认回执”，可附简短回复")
    audience = models.CharField("发布范围", max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    audience_departments = models.ManyToManyField("org.Department", verbose_name="指定单位", blank=True, related_name="+")
    audience_people = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="指定人员", blank=True, related_name="+")
    publisher_department = models.ForeignKey(
        "org.Department", verbose_name="发布单位", on_delete=models.PROTECT, related_name="published_notices"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField("状态", default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=300, blank=True)
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    ended_at = models.DateTimeField("撤回/过期时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)
    # Counters kept by the services, so that lists never COUNT(*) the receipts.
    recipient_count = models.PositiveIntegerField("应阅人数", default=0)
    read_count = models.PositiveIntegerField("已阅人数", default=0)

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        indexes = [
            models.Index(fields=["state", "-pinned", "-published_at"], name="notice_state_pinned"),
            models.Index(fields=["publisher_department", "state", "-id"], name="notice_dept_state"),
            models.Index(fields=["author", "-id"], name="notice_author"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_expiry(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def current_state(self) -> str:
        """The state as people should see it: a published notice past its expiry is expired even
        before `expire_notices` has run."""
        if self.state == S.PUBLISHED and self.is_past_expiry:
            return S.EXPIRED
        return self.state

    @property
    def current_state_label(self) -> str:
        return S(self.current_state).label

    @property
    def unread_count(self) -> int:
        return max(self.recipient_count - self.read_count, 0)

    # --- the state graph: fields only ---------------------------------------------------------
    @transition(field=state, source=S.DRAFT, target=S.PENDING)
    def submit(self, *, at):
        self.submitted_at = at
        self.return_reason = ""

    @transition(field=state, source=S.PENDING, target=S.PUBLISHED)
    def approve(self, *, approver, at):
        self.approver = approver
        self.published_at = at

    @transition(field=state, source=S.PENDING, target=S.DRAFT)
    def return_to_author(self, *, reason: str):
        self.return_reason = reason

    @transition(field=state, source=S.PUBLISHED, target=S.WITHDRAWN)
    def withdraw(self, *, reason: str, at):
        self.withdraw_reason = reason
        self.ended_at = at

    @transition(field=state, source=S.PUBLISHED, target=S.EXPIRED)
    def expire(self, *, at):
        self.ended_at = at


class NoticeAttachment(GatedFile):
    UPLOAD_TO = "notices/%Y/%m/"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")

    class Meta(GatedFile.Meta):
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"


class NoticeRead(models.Model):
    """One person who should read a published notice: made for the whole audience at publication
    (and for anyone in the audience who opens it later). 已阅 = opened_at, 回执 = confirmed_at."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", on_delete=models.CASCADE, related_name="notice_reads")
    department = models.ForeignKey("org.Department", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    opened_at = models.DateTimeField("阅读时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("回执时间", null=True, blank=True)
    reply = models.CharField("回复", max_length=200, blank=True)
    reminded_at = models.DateTimeField("最近提醒时间", null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField("提醒次数", default=0)

    class Meta:
        verbose_name = "阅读回执"
        verbose_name_plural = "阅读回执"
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="notices_read_once_per_person")]
        indexes = [
            models.Index(fields=["person", "opened_at"], name="notice_read_person"),
            models.Index(fields=["notice", "department", "person"], name="notice_read_dept"),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.person}"

    @property
    def is_read(self) -> bool:
        return self.opened_at is not None


class NoticeIndexPage(RoutablePageMixin, Page):
    """通知公告 on the portal: the list (pinned first, unread marked) and each notice on its own
    page, both scoped to the person asking — outside the audience is a 404."""

    intro = RichTextField("说明", blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "通知公告栏目"
        verbose_name_plural = "通知公告栏目"

    @path("")
    def notice_index(self, request):
        from notices.views.portal import portal_index

        return portal_index(request, self)

    @path("<int:notice_id>/")
    def notice_page(self, request, notice_id: int):
        from notices.views.portal import portal_notice

        return portal_notice(request, self, notice_id)

    def notice_url(self, notice_id: int) -> str:
        return self.url + self.reverse_subpage("notice_page", args=[notice_id])
