"""The receiving side's models (收文), in the `documents` app.

A delivery: one document on its way to, and through, one receiving department. The outgoing side
creates deliveries at 核发 (or a clerk registers a paper document by hand); the receiving side's
steps — 签收, 登记, 初审 (办件 or 阅件, or back to the sender), 拟办, the leaders' 批示 in rounds, 承办
with 主办 and 协办, 转办, 办结, 归档 — are transitions here. Its trail (DeliveryStep); the leaders' turns
(LeaderTurn: one row per leader asked, in rounds — the same round is parallel, the next waits); the
协办 (Assist); and 传阅: a delivery circulated to chosen readers, each reader 待阅 → 已阅 with an
optional 圈阅 or 批示; a 阅件 is a circulation that closes the delivery once everyone has read it.
"""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from documents.choices import RecipientKind, Urgency
from oa.uploads.models import GatedFile


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待签收"
    RETURNED = "returned", "已退回"
    SIGNED = "signed", "待登记"
    REGISTERED = "registered", "待初审"
    PROPOSING = "proposing", "待拟办"
    PROPOSED = "proposed", "领导批示中"
    READING = "reading", "阅件传阅中"
    HANDLING = "handling", "承办中"
    DONE = "done", "已办结"
    TRANSFERRED = "transferred", "已转办"
    ARCHIVED = "archived", "已归档"
    # A paper arrival that turned out to be the paper copy of an online delivery: closed into it (the
    # paper is recorded on that delivery), never handled as a 收文 of its own.
    MERGED = "merged", "已并入网上来文"


class Handling(models.TextChoices):
    """初审's sorting: what the delivery needs."""

    TASK = "task", "办件"
    READING = "reading", "阅件"


D = DeliveryState
# Still waiting for the receiving side (what 电子监察 chases and counts, and the 黄牌/红牌 frozen at a period's
# close): a returned delivery waits for the sender; 已办结, 已转办, 已归档 and 已并入网上来文 are closed.
OPEN_STATES = (D.PENDING, D.SIGNED, D.REGISTERED, D.PROPOSING, D.PROPOSED, D.READING, D.HANDLING)


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
    # A paper arrival from a department of this system (its name or short name as typed, resolved at
    # registration): such paper should have come online, so while it stays unmatched it lowers 使用率.
    sender_department = models.ForeignKey("org.Department", verbose_name="来文单位（系统内）", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    # The paper copy of an online delivery (双轨): what arrived and when, recorded on the online delivery
    # when the receiving clerk confirms it (or merges a paper arrival into it).
    paper_copies = models.PositiveSmallIntegerField("纸质件份数", null=True, blank=True)
    paper_received_on = models.DateField("纸质件收到日期", null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name="并入的网上来文", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_paper")
    reply_requested = models.BooleanField("需答复", default=False)
    # The receiving side's record
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    register_year = models.PositiveSmallIntegerField("收文年份", null=True, blank=True)
    register_seq = models.PositiveIntegerField("收文序号", null=True, blank=True)
    handling = models.CharField("办件/阅件", max_length=8, choices=Handling.choices, blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="初审人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField("初审时间", null=True, blank=True)
    proposal = models.CharField("拟办意见", max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("拟办时间", null=True, blank=True)
    # What the 拟办意见 proposes: who handles it (主办) and who helps (协办); 同意拟办 takes these.
    proposed_assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟主办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_assistants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="拟协办人", blank=True, related_name="+")
    instruction = models.CharField("领导批示", max_length=500, blank=True, help_text="最近一条批示（全部批示见领导批示记录）")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="主办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    transferred_to = models.ForeignKey("org.Department", verbose_name="转办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    transferred_from = models.ForeignKey("self", verbose_name="转办自", null=True, blank=True, on_delete=models.PROTECT, related_name="transfers")
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

    @transition(field=state, source=[D.PENDING, D.REGISTERED], target=D.RETURNED)
    def return_to_sender(self, *, reason: str, at):
        """At 签收, or at 初审 after 登记 (should it come here, is it complete, is the form right)."""
        self.return_reason, self.returned_at = reason, at

    @transition(field=state, source=D.RETURNED, target=D.PENDING)
    def resend(self, *, paused_days: int):
        self.paused_days += paused_days
        self.returned_at = None

    @transition(field=state, source=D.SIGNED, target=D.REGISTERED)
    def register(self, *, year: int, seq: int):
        if not self.register_seq:  # a delivery returned at 初审 and sent again keeps its 收文编号
            self.register_year, self.register_seq = year, seq

    @transition(field=state, source=D.REGISTERED, target=D.PROPOSING)
    def screen_as_task(self, *, by, at):
        self.handling, self.screened_by, self.screened_at = Handling.TASK, by, at

    @transition(field=state, source=D.REGISTERED, target=D.READING)
    def screen_as_reading(self, *, by, at):
        self.handling, self.screened_by, self.screened_at = Handling.READING, by, at

    @transition(field=state, source=D.READING, target=D.PROPOSING)
    def make_task(self):
        """Any reader of a 阅件 may find that it needs handling after all."""
        self.handling = Handling.TASK

    @transition(field=state, source=D.READING, target=D.DONE)
    def finish_reading(self, *, at):
        self.done_at = at

    @transition(field=state, source=D.PROPOSING, target=D.PROPOSED)
    def propose(self, *, proposal: str, by, at, assignee):
        self.proposal, self.proposed_by, self.proposed_at, self.proposed_assignee = proposal, by, at, assignee

    @transition(field=state, source=D.PROPOSED, target=D.PROPOSING)
    def send_back(self):
        """A leader returns it to the office for a new 拟办."""

    @transition(field=state, source=D.PROPOSED, target=D.HANDLING)
    def instructions_done(self, *, assignee, due):
        """The last leader asked has written: to the 主办 (the last 批示 naming one, else the 拟办's)."""
        self.assignee, self.instructed_due = assignee, due

    @transition(field=state, source=D.HANDLING, target=D.PROPOSING)
    def hand_back(self):
        self.assignee = None

    @transition(field=state, source=D.HANDLING, target=D.DONE)
    def complete(self, *, result: str, reply: str, at):
        self.result, self.reply, self.done_at = result, reply, at

    @transition(field=state, source=[D.REGISTERED, D.PROPOSING, D.PROPOSED], target=D.TRANSFERRED)
    def transfer(self, *, to, at):
        """It belongs to another department: 转办 there (a new delivery carries the trail)."""
        self.transferred_to, self.done_at = to, at

    @transition(field=state, source=D.DONE, target=D.ARCHIVED)
    def archive(self):
        pass

    @transition(field=state, source=[D.SIGNED, D.REGISTERED], target=D.MERGED)
    def merge_into(self, *, into):
        """A paper arrival that is the paper copy of an online delivery closes into it, before anyone has
        begun to handle it (待登记 or 待初审): no deadline of its own, so no 黄牌/红牌 and no 待办."""
        self.merged_into, self.due_date = into, None


class TurnKind(models.TextChoices):
    INSTRUCT = "instruct", "批示"
    AGREE = "agree", "同意拟办"
    CIRCLE = "circle", "圈阅"


class Writing(models.Model):
    """What a leader or a reader wrote on a delivery: a 批示 (with handwriting where given), 同意拟办, or
    圈阅 (read and agreed, no words)."""

    kind = models.CharField("方式", max_length=8, choices=TurnKind.choices, blank=True)
    text = models.CharField("批示", max_length=500, blank=True)
    signature_png = models.BinaryField("手写签批", null=True, blank=True)

    class Meta:
        abstract = True


class LeaderTurn(Writing):
    """One leader asked for a 批示 on a delivery. Turns of the same round are asked at once (several
    分管领导 in parallel); the next round is asked when the round before is all done (分管 → 主要).
    `current` marks the round being asked now (what the 待办 list reads)."""

    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="leader_turns")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="领导", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("批示顺序")
    current = models.BooleanField("正在批示", default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="加送人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField("批示时间", null=True, blank=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["delivery", "person"], condition=models.Q(done_at__isnull=True),
                                               name="documents_leaderturn_pending_once")]
        indexes = [models.Index(fields=["person", "current", "done_at"], name="leaderturn_waiting")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display() or '待批示'}"

    @property
    def pending(self) -> bool:
        return self.done_at is None


class Assist(models.Model):
    """Who handles a delivery (承办): its 主办 (`lead`, the same person as `Delivery.assignee`) and its
    协办人, each open until they are done — a 协办 gives their part (协办意见), the 主办 closes the delivery
    after them. The open rows are the 承办中 delivery's 待办, the 主办's and the 协办's alike (one indexed
    condition for both)."""

    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="assists")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField("主办", default=False)
    result = models.CharField("协办意见", max_length=500, blank=True)
    done_at = models.DateTimeField("反馈时间", null=True, blank=True)

    class Meta:
        verbose_name = "协办"
        verbose_name_plural = "协办"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["delivery", "person"], name="documents_assist_once")]
        indexes = [models.Index(fields=["person", "done_at"], name="assist_waiting")]

    def __str__(self) -> str:
        return f"{'主办' if self.lead else '协办'} {self.person}"


class Circulation(models.Model):
    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="circulations")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="传阅发起人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("传阅说明", max_length=300, blank=True)
    as_reading = models.BooleanField("阅件", default=False, help_text="初审定为阅件：全部阅毕即办结")
    created_at = models.DateTimeField("传阅时间", auto_now_add=True)
    recalled_at = models.DateTimeField("收回时间", null=True, blank=True)

    class Meta:
        verbose_name = "传阅"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"传阅 {self.delivery}"


class Reading(Writing):
    """A reader of a circulation: 待阅 → 已阅, and what they wrote on it (a 批示 or 圈阅), if anything."""

    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="阅读人", on_delete=models.PROTECT, related_name="readings")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    recalled = models.BooleanField("已收回", default=False)
    written_at = models.DateTimeField("批示时间", null=True, blank=True)

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


class DeliveryScan(GatedFile):
    """The scan of a paper arrival (PDF or images), kept through the classification gate like every
    upload, so that leaders read it online instead of going back to the paper."""

    UPLOAD_TO = "deliveries/%Y/%m/"

    delivery = models.ForeignKey("documents.Delivery", on_delete=models.CASCADE, related_name="scans")

    class Meta(GatedFile.Meta):
        verbose_name = "来文扫描件"
        verbose_name_plural = "来文扫描件"
