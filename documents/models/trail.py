"""The approval trail: every step with the person, full time, opinion and optional handwriting."""

from django.conf import settings
from django.db import models

from documents.choices import Step


class ApprovalStep(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("环节", max_length=12, choices=Step.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("姓名", max_length=50)
    actor_position = models.CharField("职务", max_length=50, blank=True)
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    as_standin = models.BooleanField("代", default=False)
    # 代签: the authorisation the stand-in signed under (documents/models/signing.py).
    authority = models.ForeignKey("documents.SigningAuthority", verbose_name="签发授权", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("意见", max_length=500, blank=True)
    signature_png = models.BinaryField("手写签名", null=True, blank=True)
    at = models.DateTimeField("时间")
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)

    class Meta:
        verbose_name = "审批记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["actor", "-at"], name="step_actor_at")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.actor_name}"
