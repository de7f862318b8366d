"""The receiving side's forms: a step on a delivery, a paper arrival, the inbox filter."""

from django import forms

from documents.choices import Urgency
from documents.forms import PersonChoiceField
from documents.incoming.models import DeliveryState
from documents.incoming.selectors import InboxFilter
from oa.core.forms import BootstrapFormMixin, OfficeDateField
from oa.org.models import Person
from oa.uploads.forms import DeclarationForm


class DeliveryStepForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.CharField(label="答复来文单位", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.ModelChoiceField(label="承办人", queryset=Person.objects.none(), required=False)
    due = OfficeDateField(label="办理时限", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="延期工作日", required=False, min_value=1, max_value=15)
    readers = PersonChoiceField(label="传阅给", queryset=Person.objects.none(), required=False,
                                widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = Person.objects.filter(department=department, is_active=True).select_related("department")
        self.fields["assignee"].queryset = colleagues
        self.fields["readers"].queryset = colleagues


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
    scans = ScanFilesField(label="扫描件", required=False, help_text="PDF 或 JPG、PNG 图片，可选多个；图片需本单位保密员审核。")

    field_order = [*PAPER_FIELDS, "scans"]

    def arrival(self) -> dict:
        """The keyword arguments of delivery_register_paper."""
        return {**{name: self.cleaned_data[name] for name in PAPER_FIELDS}, "scans": self.cleaned_data["scans"],
                "gate": self.gate_arguments()}


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
