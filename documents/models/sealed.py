"""Every PDF the system sealed electronically, by its SHA-256: what the verification page looks up."""

from django.db import models


class SealedPdf(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="sealed_pdfs",
                                 verbose_name="公文")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    copy = models.PositiveIntegerField("份号", null=True, blank=True)
    size = models.PositiveIntegerField("字节数")
    signers = models.JSONField("用印机关", default=list)  # [{"organ", "certificate_sha256", "serial"}], in signing order
    signed_at = models.DateTimeField("用印时间")

    class Meta:
        verbose_name = "电子用印文件"
        verbose_name_plural = "电子用印文件"
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.document_id}:{self.sha256[:12]}"
