"""The receiving side's forms: a step on a delivery, a paper arrival, the inbox filter."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from documents.choices import Urgency
from documents.forms import PersonChoiceField
from documents.incoming.models import Delivery, DeliveryState, Handling
from documents.incoming.selectors import InboxFilter
from oa.core.forms import BootstrapFormMixin, OfficeDateField, WholeNumberChoice, WholeNumberChoices
from oa.org.actors import LEADERS
from oa.org.models import Department, Person
from oa.uploads.forms import DeclarationForm

# A handwritten 批示 from the pad: a PNG data URL of at most 300 KB (base64: 4/3 of that, and the prefix).
MAX_SIGNATURE_CHARS = 300 * 1024 * 4 // 3 + 64


# The leader fields offer the department's leaders only; anyone else named (through the API) is refused so.
NOT_A_LEADER = {"invalid_choice": "只能送本单位领导批示：所选人员不是本单位在职领导。"}


class _Colleague(WholeNumberChoice, forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.position}）" if person.position else person.name


class _Colleagues(WholeNumberChoices, forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.position}）" if person.position else person.name


class _Department(WholeNumberChoice, forms.ModelChoiceField):
    pass


class _Readers(WholeNumberChoices, PersonChoiceField):
    pass


PAIRING_DAYS = 180  # 并入网上来文: the online deliveries of the last half year are offered


class _OnlineDelivery(WholeNumberChoice, forms.ModelChoiceField):
    def label_from_instance(self, delivery):
        sent = timezone.localtime(delivery.sent_at)
        return f"{delivery.title}（{delivery.sender_name} {sent.year}年{sent.month}月{sent.day}日）"


class DeliveryStepForm(BootstrapFormMixin, forms.Form):
    """Every input a 收文 step may take; each step's service reads the ones it needs and checks them."""

    text = forms.CharField(label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(label="答复来文单位", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handling = forms.ChoiceField(label="初审结果", choices=[("", "——"), *Handling.choices], required=False)
    assignee = _Colleague(label="主办人", queryset=Person.objects.none(), required=False,
                          error_messages={"invalid_choice": "主办人须是本单位在职人员，请从列表中选择。"})
    assistants = _Colleagues(label="协办人", queryset=Person.objects.none(), required=False,
                             widget=forms.SelectMultiple(attrs={"size": 4}),
                             error_messages={"invalid_choice": "协办人须是本单位在职人员，请从列表中选择。"})
    leaders = _Colleagues(label="送批领导（同时批示）", queryset=Person.objects.none(), required=False,
                          widget=forms.SelectMultiple(attrs={"size": 4}), error_messages=NOT_A_LEADER)
    final_leader = _Colleague(label="再送（主要负责人）", queryset=Person.objects.none(), required=False,
                              error_messages=NOT_A_LEADER)
    leader = _Colleague(label="加送领导", queryset=Person.objects.none(), required=False, error_messages=NOT_A_LEADER)
    alongside = forms.BooleanField(label="与我同时批示（不选则在我之后）", required=False)
    department = _Department(label="转办单位", queryset=Department.objects.none(), required=False,
                             error_messages={"invalid_choice": "转办单位须是另一在用单位，请从列表中选择。"})
    due = OfficeDateField(label="办理时限", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="延期工作日", required=False, min_value=1, max_value=15)
    readers = _Readers(label="传阅给", queryset=Person.objects.none(), required=False,
                                widget=forms.SelectMultiple(attrs={"size": 6}))
    circle = forms.BooleanField(label="圈阅", required=False)
    signature = forms.CharField(label="手写签批", required=False, max_length=MAX_SIGNATURE_CHARS, widget=forms.HiddenInput)
    into = _OnlineDelivery(label="并入的网上来文", queryset=Delivery.objects.none(), required=False,
                           empty_label="请选择本单位近半年的网上来文",
                           error_messages={"invalid_choice": "所选网上来文不存在或不属本单位。"})
    copies = forms.IntegerField(label="纸质件份数", required=False, min_value=1, max_value=999,
                                help_text="不填按本纸质来文登记的份数")
    received_on = OfficeDateField(label="纸质件收到日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text="不填按本纸质来文的签收日期")

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = Person.objects.filter(department=department, is_active=True).select_related("department")
        leaders = colleagues.filter(role_grants__role__in=LEADERS).distinct()
        for name in ("assignee", "assistants", "readers"):
            self.fields[name].queryset = colleagues
        for name in ("leaders", "final_leader", "leader"):
            self.fields[name].queryset = leaders
        self.fields["department"].queryset = Department.objects.filter(is_active=True).exclude(
            pk=getattr(department, "pk", None))
        since = timezone.now() - timedelta(days=PAIRING_DAYS)
        self.fields["into"].queryset = (Delivery.objects.filter(
            department=department, document__isnull=False, on_paper=False, sent_at__gte=since)
            .exclude(state=DeliveryState.RETURNED).order_by("-sent_at", "-id"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScanFilesField(forms.FileField):
    """Several files under one name (`<input type=file multiple>`, or the field repeated in a multipart
    body): a list, empty when none was chosen."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(ScanFilesField, self).clean(upload, initial) for upload in files]


PAPER_FIELDS = ("title", "sender_name", "sender_number", "urgency", "copies", "reply_requested")


class PaperArrivalForm(DeclarationForm):
    """A paper arrival, with its scans and the declaration every upload carries."""

    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题。"})
    sender_name = forms.CharField(label="来文单位", max_length=100, error_messages={"required": "请填写来文单位。"})
    sender_number = forms.CharField(label="来文字号", max_length=60, required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999, initial=1)
    reply_requested = forms.BooleanField(label="需答复", required=False)
    received_on = OfficeDateField(label="收文日期", required=False, initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  help_text="来文送达本单位的日期，默认今天")
    scans = ScanFilesField(label="扫描件", required=False, help_text="PDF 或 JPG、PNG 图片，可选多个；图片需本单位保密员审核。")

    field_order = [*PAPER_FIELDS, "received_on", "scans"]

    def clean(self):
        """收文日期 → the service's `received_at` (its 签收 time): today is now; an earlier day is that day
        (00:00, the register keeps the day); a day to come is refused."""
        data = super().clean()
        day = data.pop("received_on", None)
        today = timezone.localdate()
        if day and day > today:
            self.add_error("received_on", "收文日期不能晚于今天。")
        elif day and day < today:
            data["received_at"] = timezone.make_aware(datetime.combine(day, time.min))
        return data

    def arrival(self) -> dict:
        """The keyword arguments of delivery_register_paper."""
        return {**{name: self.cleaned_data[name] for name in PAPER_FIELDS}, "scans": self.cleaned_data["scans"],
                "received_at": self.cleaned_data.get("received_at"), "gate": self.gate_arguments()}


class InboxFilterForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(label="状态", required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=[("", "全部"), *Urgency.choices], required=False)
    q = forms.CharField(label="标题/文号/来文单位", required=False, max_length=50)
    since = OfficeDateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = OfficeDateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部"), *DeliveryState.choices]

    def criteria(self):
        data = self.cleaned_data if self.is_valid() else {}
        return InboxFilter(state=data.get("state", ""), urgency=data.get("urgency", ""), q=data.get("q", ""),
                           since=data.get("since"), until=data.get("until"))
