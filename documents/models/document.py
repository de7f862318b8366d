"""The outgoing document (发文) with the GB/T 33480 core elements and its state graph."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from documents.choices import Direction, DocType, DocumentState, JointMark, Publicity, RecipientKind, Urgency
from oa.uploads.models import GatedFile, UploadRecord

S = DocumentState
RETURNABLE = [S.REVIEW, S.COUNTERSIGN, S.SIGNING, S.CHECK]
WITHDRAWABLE = [S.REVIEW, S.COUNTERSIGN, S.SIGNING]
VOIDABLE = [S.DRAFT, S.REVIEW, S.COUNTERSIGN, S.SIGNING, S.CHECK, S.NUMBERING, S.SEALING, S.DISPATCH]


class Document(ConcurrentTransitionMixin, models.Model):
    # --- GB/T 33480 core elements ---------------------------------------------------------------
    doc_type = models.CharField("文种", max_length=10, choices=DocType.choices, default=DocType.NOTICE)
    direction = models.CharField("行文方向", max_length=10, choices=Direction.choices, default=Direction.DOWNWARD)
    copy_number = models.PositiveIntegerField("份号", null=True, blank=True)
    print_copies = models.PositiveSmallIntegerField("印制份数", null=True, blank=True,
                                                    help_text="纸质件印制的份数（发文稿纸所载）；不印制纸质件时留空")
    urgency = models.CharField("紧急程度", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    issuing_department = models.ForeignKey(
        "org.Department", verbose_name="发文机关（主办机关）", on_delete=models.PROTECT, related_name="issued_documents"
    )
    # 联合行文: the co-issuing organs are JointIssuer rows; `joint` says whether there are any, so that a
    # document of one organ never pays a query to find out (kept by services/drafting.py).
    joint = models.BooleanField("联合行文", default=False, editable=False)
    joint_mark = models.CharField("联合行文的发文机关标志", max_length=10, choices=JointMark.choices, default=JointMark.ALL)
    organ_mark = models.CharField("发文机关标志", max_length=60, help_text="如“韶关市经济贸易局文件”")
    number_code = models.CharField("机关代字", max_length=20, blank=True)
    number_year = models.PositiveSmallIntegerField("发文年份", null=True, blank=True)
    number_seq = models.PositiveIntegerField("发文序号", null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_as_standin = models.BooleanField("代签", default=False)
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    recipients = models.ManyToManyField(
        "org.Department", verbose_name="主送/抄送机关", through="documents.Recipient", related_name="+", blank=True
    )
    recipients_note = models.CharField("其他主送机关", max_length=200, blank=True, help_text="系统外单位，如“各县（市、区）人民政府”")
    body = models.TextField("正文", blank=True)
    attachment_note = models.TextField("附件说明", blank=True, help_text="每行一个附件名称")
    signature_name = models.CharField("发文机关署名", max_length=100)
    written_date = models.DateField("成文日期", null=True, blank=True)
    remark = models.CharField("附注", max_length=200, blank=True)
    # 纪要 (GB/T 9704 §10.3): who attended, who was excused, who sat in — one line each, after the text
    minutes_present = models.CharField("出席", max_length=500, blank=True, help_text="纪要：出席人员的单位、姓名，以顿号分隔")
    minutes_absent = models.CharField("请假", max_length=500, blank=True, help_text="纪要：请假人员的单位、姓名")
    minutes_attending = models.CharField("列席", max_length=500, blank=True, help_text="纪要：列席人员的单位、姓名")
    printing_org = models.CharField("印发机关", max_length=100)
    printed_date = models.DateField("印发日期", null=True, blank=True)
    publicity = models.CharField("发布层次", max_length=12, choices=Publicity.choices, default=Publicity.NOT_PUBLIC)
    # --- who and where --------------------------------------------------------------------------
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+")
    drafting_department = models.ForeignKey(
        "org.Department", verbose_name="拟稿单位", on_delete=models.PROTECT, related_name="drafted_documents"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)
    sealed = models.BooleanField("已用印", default=False)
    state = FSMField("状态", default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    void_reason = models.CharField("作废原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "发文"
        verbose_name_plural = "发文"
        indexes = [
            models.Index(fields=["drafting_department", "state", "-id"], name="doc_dept_state"),
            models.Index(fields=["drafter", "state", "-id"], name="doc_drafter_state"),
            models.Index(fields=["number_code", "number_year", "number_seq"], name="doc_number"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number_code", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="documents_document_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def doc_number(self) -> str:
        """发文字号: 机关代字〔年〕序号号 — hexagonal brackets, no leading zeros, no 第."""
        if self.number_seq is None:
            return ""
        return f"{self.number_code}〔{self.number_year}〕{self.number_seq}号"

    def co_issuers(self) -> list:
        """The co-issuing organs (JointIssuer) in order, read once per instance; none, and no query, for
        a document of one organ."""
        if not self.joint:
            return []
        if "_co_issuers" not in self.__dict__:
            self.__dict__["_co_issuers"] = list(
                self.joint_issuers.select_related("department", "countersigned_by").order_by("position", "id"))
        return self.__dict__["_co_issuers"]

    @property
    def copy_number_text(self) -> str:
        return f"{self.copy_number:06d}" if self.copy_number else ""

    # --- the state graph: fields only, no side effects (services do the rest) -------------------
    @transition(field=state, source=S.DRAFT, target=S.REVIEW)
    def submit(self):
        self.return_reason = ""

    @transition(field=state, source=S.REVIEW, target=S.COUNTERSIGN)
    def review_to_countersign(self):
        pass

    @transition(field=state, source=S.REVIEW, target=S.SIGNING)
    def review_to_signing(self):
        pass

    @transition(field=state, source=S.COUNTERSIGN, target=S.SIGNING)
    def countersign_complete(self):
        pass

    @transition(field=state, source=S.SIGNING, target=S.CHECK)
    def sign(self, *, signer, as_standin: bool, at):
        self.signer = signer
        self.signed_as_standin = as_standin
        self.signed_at = at
        self.written_date = at.date()

    @transition(field=state, source=S.CHECK, target=S.NUMBERING)
    def recheck(self):
        """复核 passed."""
        pass

    @transition(field=state, source=S.CHECK, target=S.SIGNING)
    def resign(self):
        """复核 found a substantive change: back to the signer."""
        self.signer = None
        self.signed_at = None
        self.signed_as_standin = False

    @transition(field=state, source=S.NUMBERING, target=S.SEALING)
    def assign_number(self, *, code: str, year: int, seq: int):
        self.number_code, self.number_year, self.number_seq = code, year, seq

    @transition(field=state, source=S.SEALING, target=S.DISPATCH)
    def seal(self, *, on, print_copies=None):
        self.sealed = True
        self.printed_date = on
        if print_copies is not None:  # 印制份数, recorded by whoever prints and seals
            self.print_copies = print_copies

    @transition(field=state, source=S.DISPATCH, target=S.DISPATCHED)
    def dispatch(self):
        pass

    @transition(field=state, source=S.DISPATCHED, target=S.ARCHIVED)
    def archive(self):
        pass

    @transition(field=state, source=RETURNABLE, target=S.DRAFT)
    def return_to_drafter(self, *, reason: str):
        self.return_reason = reason
        self.signer = None
        self.signed_at = None

    @transition(field=state, source=WITHDRAWABLE, target=S.DRAFT)
    def withdraw(self):
        pass

    @transition(field=state, source=VOIDABLE, target=S.VOIDED)
    def void(self, *, reason: str):
        self.void_reason = reason


class Recipient(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipient_rows")
    department = models.ForeignKey("org.Department", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=6, choices=RecipientKind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "主送/抄送机关"
        ordering = ["kind", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "department"], name="documents_recipient_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.department}"


class Countersign(models.Model):
    """One co-signer chosen for 会签; the document moves on when every row is signed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="countersigns")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="会签人", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("会签时间", null=True, blank=True)
    opinion = models.CharField("会签意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "会签"
        constraints = [models.UniqueConstraint(fields=["document", "person"], name="documents_countersign_once")]

    def __str__(self) -> str:
        return f"会签 {self.person}"


class JointIssuer(models.Model):
    """A co-issuing organ (联署机关) of a joint document (联合行文), after the lead organ (the document's
    issuing_department): its 署名 and seal stand in `position` order after the lead's, and its head
    countersigns (联署机关负责人会签) before the lead's head signs. The handwritten signature of that
    会签 is kept with its step in the approval trail (ApprovalStep), as every 会签's is."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="joint_issuers")
    department = models.ForeignKey("org.Department", verbose_name="联署机关", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("排列顺序", default=0)
    signature_name = models.CharField("署名", max_length=100)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="会签人", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    countersigned_at = models.DateTimeField("会签时间", null=True, blank=True)
    opinion = models.CharField("会签意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "联署机关"
        verbose_name_plural = "联署机关"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "department"], name="documents_jointissuer_once")]

    def __str__(self) -> str:
        return f"联署 {self.department}"


class Attachment(GatedFile):
    UPLOAD_TO = "documents/%Y/%m/"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    # Nullable: attachments kept before the classification gate existed have no record.
    upload_record = models.ForeignKey(UploadRecord, verbose_name="上传记录", on_delete=models.PROTECT, null=True,
                                      related_name="+")

    class Meta(GatedFile.Meta):
        verbose_name = "附件"
