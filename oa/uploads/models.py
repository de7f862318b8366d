"""What the gate keeps: a record of every upload (never its bytes, unless held for review)."""

from __future__ import annotations

import datetime
import posixpath
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from oa.uploads.choices import FileType, Level, Source, Verdict

# The only fields of an UploadRecord that may ever change after it is written, and only once:
# the security officer's decision on a held upload.
REVIEW_FIELDS = frozenset({"reviewed_by", "reviewed_at", "review_reason", "released"})


class ImmutableRecord(Exception):
    pass


class UploadRecordQuerySet(models.QuerySet):
    def delete(self):
        raise ImmutableRecord("上传记录不可删除。")

    def update(self, **kwargs):
        if set(kwargs) - REVIEW_FIELDS:
            raise ImmutableRecord("上传记录不可修改。")
        return super().update(**kwargs)


class UploadRecord(models.Model):
    """One screened upload (or one refused piece of typed text): who, when, from where, what the
    bytes were (type, size, SHA-256), what was declared, the verdict and why."""

    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.FILE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    person_username = models.CharField("账号", max_length=150)
    person_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.ForeignKey(
        "org.Department", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField("客户端IP", null=True, blank=True)
    name = models.CharField("文件名", max_length=255)
    size = models.BigIntegerField("大小（字节）")
    declared_type = models.CharField("声明类型", max_length=100, blank=True)
    detected_type = models.CharField("检测类型", max_length=10, choices=FileType.choices)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    declared_level = models.CharField("声明密级", max_length=4, choices=Level.choices, blank=True)
    declaration_version = models.CharField("承诺版本", max_length=20, blank=True)
    detector_version = models.CharField("检测规则版本", max_length=20)
    verdict = models.CharField("结论", max_length=10, choices=Verdict.choices)
    reasons = models.JSONField("原因", default=list, blank=True)
    text_found = models.BooleanField("含文字层", default=False)
    purpose = models.CharField("用途", max_length=100, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_reason = models.CharField("审核意见", max_length=500, blank=True)
    released = models.BooleanField("已放行", default=False)

    objects = UploadRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "上传记录"
        verbose_name_plural = "上传记录"
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["person", "verdict", "at"], name="uploads_person_verdict_at"),
            models.Index(fields=["department", "verdict", "id"], name="uploads_dept_verdict_id"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_verdict_display()}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - REVIEW_FIELDS:
                raise ImmutableRecord("上传记录不可修改，只能记录保密员的审核结论。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("上传记录不可删除。")

    @property
    def pending_review(self) -> bool:
        return self.verdict == Verdict.REVIEW and self.reviewed_at is None

    @property
    def review_state(self) -> str:
        if self.verdict != Verdict.REVIEW:
            return ""
        if self.reviewed_at is None:
            return "待审核"
        return "已放行" if self.released else "已拒绝"


def held_path(instance, filename) -> str:
    """No trace of the original name on disk: a random name under held/ in the media storage."""
    return f"held/{uuid.uuid4().hex}"


class HeldUpload(models.Model):
    """The bytes of a file in review, until the security officer decides. Refused → deleted;
    released → handed to the release handler of its purpose (if any), then deleted."""

    record = models.OneToOneField(UploadRecord, verbose_name="上传记录", on_delete=models.PROTECT, related_name="held")
    file = models.FileField("文件", upload_to=held_path)
    stored_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "待审核文件"
        verbose_name_plural = "待审核文件"

    def __str__(self) -> str:
        return f"待审核：{self.record.name}"


def gated_upload_to(instance, filename) -> str:
    """<the owner's UPLOAD_TO, dated>/<name> — e.g. documents/2026/05/<sha256[:16]>."""
    return posixpath.join(datetime.datetime.now().strftime(instance.UPLOAD_TO), filename)


class GatedFile(models.Model):
    """A file kept on something (a 公文, a notice, a department report, a ticket) after the
    classification gate accepted it, with the gate's record of the upload (declaration, 密级,
    verdict), kept for ever. A concrete model adds the foreign key to its owner and says where its
    files go (`UPLOAD_TO`, a strftime pattern); oa/uploads/attachments.py stores and removes them."""

    UPLOAD_TO = "files/%Y/%m/"

    file = models.FileField("文件", upload_to=gated_upload_to)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    upload_record = models.ForeignKey(UploadRecord, verbose_name="上传记录", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def store(self, content: bytes) -> None:
        """Put the accepted bytes on disk (not yet the row) under a name made of their SHA-256 —
        never the uploaded name."""
        self.file.save(self.sha256[:16], ContentFile(content), save=False)
