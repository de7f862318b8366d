"""The receiving side's models (收文), in the `documents` app.

A delivery: one document on its way to, and through, one receiving department. The outgoing side
creates deliveries at 核发 (or a clerk registers a paper document by hand); the receiving side's
steps — 签收, 登记, 拟办, 批办, 承办, 办结, 归档 — are transitions here. Its trail (DeliveryStep), and
传阅: a delivery circulated to chosen readers; each reader 待阅 → 已阅; the sender may recall.
"""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from documents.choices import RecipientKind, Urgency


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待签收"
    RETURNED = "returned", "已退回"
    SIGNED = "signed", "待登记"
    REGISTERED = "registered", "待拟办"
    PROPOSED = "proposed", "待批办"
    HANDLING = "handling", "承办中"
    DONE = "done", "已办结"
    ARCHIVED = "archived", "已归档"


D = DeliveryState


class Delivery(ConcurrentTransitionMixin, models.Model):
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries",
        help_text="系统内发文；纸质来文手工登记时为空",
    )
    department = models.ForeignKey("org.Department", verbose_name="收文单位", on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField("类别", max_length=6, choices=RecipientKind.choices, default=RecipientKind.MAIN)
    sent_at = models.DateTimeField("发送时间")
    state = FSMField("状态", default=D.PENDING, choices=D.choices, protected=True, db_index=True)
    # What the receiving side sees of the document (copied for paper arrivals and for the registers).
    title = models.CharField("标题", max_length=200)
    sender_name = models.CharField("来文单位", max_length=100)
    sender_number = models.CharField("来文字号", max_length=60, blank=True)
    urgency = models.CharField("紧急程度", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    on_paper = models.BooleanField("纸质来文", default=False)
    reply_requested = models.BooleanField("需答复", default=False)
    # The receiving side's record
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    register_year = models.PositiveSmallIntegerField("收文年份", null=True, blank=True)
    register_seq = models.PositiveIntegerField("收文序号", null=True, blank=True)
    proposal = models.CharField("拟办意见", max_length=500, blank=True)
    instruction = models.CharField("领导批示", max_length=500, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("办理时限", null=True, blank=True, db_index=True)
    instructed_due = models.DateField("批示时限", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField("退回暂停工作日", default=0)
    extension_days = models.PositiveSmallIntegerField("延期工作日", default=0)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    result = models.TextField("办理结果", blank=True)
    reply = models.TextField("答复", blank=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    last_chased_at = models.DateTimeField("最近催办", null=True, blank=True)

    class Meta:
        verbose_name = "收文"
        verbose_name_plural = "收文"
        constraints = [
            models.UniqueConstraint(fields=["document", "department"], condition=models.Q(document__isnull=False),
                                    name="documents_delivery_once"),
            models.UniqueConstraint(fields=["department", "register_year", "register_seq"],
                                    condition=models.Q(register_seq__isnull=False), name="documents_delivery_register_once"),
        ]
        indexes = [
            models.Index(fields=["department", "state", "-id"], name="delivery_dept_state"),
            models.Index(fields=["department", "-id"], name="delivery_dept_newest"),
            models.Index(fields=["assignee", "state", "-id"], name="delivery_assignee_state"),
            models.Index(fields=["department", "register_year", "register_seq"], name="delivery_register"),
            # Open deliveries past a deadline (黄牌/红牌 counts frozen at a period's close, 电子监察):
            # a range of due dates per open state, covering the department it is counted for.
            models.Index(fields=["state", "due_date", "department"], name="delivery_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.department}"

    @property
    def register_number(self) -> str:
        return f"收〔{self.register_year}〕{self.register_seq}号" if self.register_seq else ""

    # --- the receiving side's graph: fields only ---------------------------------------------
    @transition(field=state, source=D.PENDING, target=D.SIGNED)
    def sign_for(self, *, by, at):
        self.signed_by, self.signed_at = by, at

    @transition(field=state, source=D.PENDING, target=D.RETURNED)
    def return_to_sender(self, *, reason: str, at):
        self.return_reason, self.returned_at = reason, at

    @transition(field=state, source=D.RETURNED, target=D.PENDING)
    def resend(self, *, paused_days: int):
        self.paused_days += paused_days
        self.returned_at = None

    @transition(field=state, source=D.SIGNED, target=D.REGISTERED)
    def register(self, *, year: int, seq: int):
        self.register_year, self.register_seq = year, seq

    @transition(field=state, source=D.REGISTERED, target=D.PROPOSED)
    def propose(self, *, proposal: str):
        self.proposal = proposal

    @transition(field=state, source=D.PROPOSED, target=D.HANDLING)
    def instruct(self, *, instruction: str, assignee, due):
        self.instruction, self.assignee, self.instructed_due = instruction, assignee, due

    @transition(field=state, source=D.HANDLING, target=D.PROPOSED)
    def hand_back(self):
        self.assignee = None

    @transition(field=state, source=D.HANDLING, target=D.DONE)
    def complete(self, *, result: str, reply: str, at):
        self.result, self.reply, self.done_at = result, reply, at

    @transition(field=state, source=D.DONE, target=D.ARCHIVED)
    def archive(self):
        pass


class Circulation(models.Model):
    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="circulations")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="传阅发起人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("传阅说明", max_length=300, blank=True)
    created_at = models.DateTimeField("传阅时间", auto_now_add=True)
    recalled_at = models.DateTimeField("收回时间", null=True, blank=True)

    class Meta:
        verbose_name = "传阅"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"传阅 {self.delivery}"


class Reading(models.Model):
    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", on_delete=models.PROTECT, related_name="readings")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    recalled = models.BooleanField("已收回", default=False)

    class Meta:
        verbose_name = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["circulation", "reader"], name="documents_reading_once")]
        indexes = [models.Index(fields=["reader", "read_at", "-id"], name="reading_reader_pending")]

    def __str__(self) -> str:
        return f"{self.reader} {'已阅' if self.read_at else '待阅'}"

    @property
    def pending(self) -> bool:
        return self.read_at is None and not self.recalled


class DeliveryStep(models.Model):
    """The receiving side's trail: who did what to the delivery, when, with what words."""

    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="空：系统（自动催办）")
    actor_name = models.CharField("姓名", max_length=50)
    text = models.CharField("意见", max_length=500, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "收文办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.actor_name}"
