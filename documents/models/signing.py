"""签发授权 (条例 art. 22): the 主要负责人 of a department lets one of its 分管领导 sign its 上行文 for a
while, for some kinds of document or all. Signing under it is 代签, recorded with the authorisation."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from documents.choices import DocType


class SigningAuthorityQuerySet(models.QuerySet):
    def in_force(self, on: date):
        return self.filter(revoked_at__isnull=True, valid_from__lte=on, valid_until__gte=on)

    def covering(self, doc_type):
        """For a kind of document: the authorisations for every kind, or naming it (`doc_type` may be an
        OuterRef). The kinds are stored as ",请示,报告,"; no kind's name holds another's."""
        return self.filter(Q(doc_types="") | Q(doc_types__contains=models.functions.Concat(
            models.Value(","), doc_type, models.Value(","), output_field=models.CharField())))


class SigningAuthority(models.Model):
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    grantor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="授权人（主要负责人）", on_delete=models.PROTECT,
                                related_name="+")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="被授权人", on_delete=models.PROTECT,
                                related_name="signing_authorities")
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("截止日期")
    # ",请示,报告," — the kinds (DocType values) it covers; "" for every kind.
    doc_types = models.CharField("文种", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = SigningAuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = "签发授权"
        verbose_name_plural = "签发授权"
        ordering = ["-id"]
        indexes = [models.Index(fields=["grantee", "department", "valid_until"], name="signing_grantee_until")]
        constraints = [models.CheckConstraint(condition=Q(valid_from__lte=models.F("valid_until")),
                                              name="signing_authority_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.grantor_id}→{self.grantee_id} {self.valid_from}–{self.valid_until}"

    @staticmethod
    def pack_kinds(kinds) -> str:
        ordered = [value for value in DocType.values if value in set(kinds)]
        return f",{','.join(ordered)}," if ordered else ""

    @property
    def kinds(self) -> list[str]:
        return [value for value in self.doc_types.split(",") if value]

    @property
    def kinds_text(self) -> str:
        return "、".join(DocType(value).label for value in self.kinds) or "全部文种"

    def covers(self, doc_type: str, on: date) -> bool:
        return (self.revoked_at is None and self.valid_from <= on <= self.valid_until
                and (not self.doc_types or f",{doc_type}," in self.doc_types))

    def status(self, on: date) -> str:
        if self.revoked_at:
            return "已撤销"
        if on < self.valid_from:
            return "未生效"
        return "已过期" if on > self.valid_until else "有效"
