"""Outages (系统停机): declared by the information center; paper-only sending inside a declared
outage window is excused and back-registered afterwards (停机补登). Imported by oa.trial.models."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class OutageState(models.TextChoices):
    ONGOING = "ongoing", "进行中"
    ENDED = "ended", "已结束"
    WITHDRAWN = "withdrawn", "已撤销"


OS = OutageState
# A withdrawn outage excuses nothing and is not shown; it is never deleted.
IN_FORCE = (OS.ONGOING, OS.ENDED)


class Outage(ConcurrentTransitionMixin, models.Model):
    starts_at = models.DateTimeField("停机开始", db_index=True)
    ends_at = models.DateTimeField("恢复时间", null=True, blank=True, help_text="空：停机仍在进行中")
    reason = models.TextField("原因", max_length=500)
    state = FSMField("状态", default=OS.ONGOING, choices=OS.choices, protected=True, db_index=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    declared_at = models.DateTimeField("登记时间", default=timezone.now)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤销原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "系统停机"
        verbose_name_plural = "系统停机"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                                   name="trial_outage_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"系统停机 #{self.pk}"

    @transition(field=state, source=OS.ONGOING, target=OS.ENDED)
    def end(self, *, by, at):
        self.ended_by, self.ends_at = by, at

    @transition(field=state, source=[OS.ONGOING, OS.ENDED], target=OS.WITHDRAWN)
    def withdraw(self, *, by, at, reason):
        self.withdrawn_by, self.withdrawn_at, self.withdraw_reason = by, at, reason

    @property
    def window_text(self) -> str:
        """2026年11月3日 9:00 至 11:30 (the end's date repeated only when it is another day)."""
        start = timezone.localtime(self.starts_at)
        text = f"{start.year}年{start.month}月{start.day}日 {start.hour}:{start:%M}"
        if self.ends_at is None:
            return f"{text} 起（进行中）"
        end = timezone.localtime(self.ends_at)
        end_text = f"{end.hour}:{end:%M}"
        if end.date() != start.date():
            end_text = f"{end.year}年{end.month}月{end.day}日 {end_text}"
        return f"{text} 至 {end_text}"

    @property
    def notice_text(self) -> str:
        return (f"系统停机公告：{self.window_text}，原因：{self.reason}；"
                "停机期间以纸质方式发送的公文，请于恢复后补登。")


class OutagePaperItem(models.Model):
    """停机补登: a document the department sent on paper only while the system was down. Unlike the
    classified PaperOnlyItem it may name the 公文 later registered online; it carries no title of its own."""

    outage = models.ForeignKey(Outage, verbose_name="停机", on_delete=models.PROTECT, related_name="paper_items")
    department = models.ForeignKey("org.Department", verbose_name="发文单位", on_delete=models.PROTECT, related_name="+")
    counterparts = models.ManyToManyField("org.Department", verbose_name="对方单位", related_name="+")
    sent_at = models.DateTimeField("纸质送出时间")
    count = models.PositiveSmallIntegerField("件数", validators=[MinValueValidator(1), MaxValueValidator(500)])
    document = models.ForeignKey("documents.Document", verbose_name="事后网上登记的公文", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("补登时间", default=timezone.now)

    class Meta:
        verbose_name = "停机补登"
        verbose_name_plural = "停机补登"
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["department", "-sent_at"], name="trial_outage_item_dept")]

    def __str__(self) -> str:
        return f"停机补登 #{self.pk}（{self.count}件）"
