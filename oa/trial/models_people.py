"""The trial's 统筹协调小组 (seed 004 §7): recorded on the programme — 组长, 副组长 and members as persons,
the 报障电话 and the contacts with their phones; the information center keeps it, the portal publishes
it and missed ticket deadlines escalate to its 组长 and 副组长. Imported by oa.trial.models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CoordinationGroup(models.Model):
    programme = models.OneToOneField("trial.TrialProgramme", on_delete=models.CASCADE, related_name="coordination")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="组长", on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="副组长", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="成员", blank=True, related_name="+")
    fault_phone = models.CharField("报障电话", max_length=30, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "试运行统筹协调小组"
        verbose_name_plural = "试运行统筹协调小组"

    def __str__(self) -> str:
        return f"{self.programme} 统筹协调小组"


class CoordinationContact(models.Model):
    """A 联系人 of the group with a phone (seed 004: 谢金保 13826313052 …); a name, not necessarily an account."""

    group = models.ForeignKey(CoordinationGroup, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("电话", max_length=30)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "统筹协调小组联系人"
        verbose_name_plural = "统筹协调小组联系人"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.phone}"
