from django import forms

from notices.models import Notice
from oa.core.forms import BootstrapFormMixin, OfficeDateTimeField
from oa.org.models import Department, Person


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.department} · {person.name}" if person.department_id else person.name


class NoticeForm(BootstrapFormMixin, forms.ModelForm):
    audience_departments = forms.ModelMultipleChoiceField(
        label="指定单位", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}), help_text="发布范围为“指定单位”时选择；按住 Ctrl 可多选",
    )
    audience_people = PersonChoiceField(
        label="指定人员", queryset=Person.objects.filter(is_active=True).select_related("department")
        .order_by("department__sort_order", "id"), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="发布范围为“指定人员”时选择",
    )
    expires_at = OfficeDateTimeField(
        label="有效期至", required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="留空则长期有效；到期后自动转为“已过期”",
        error_messages={"invalid": "有效期格式有误，请选择日期和时间。"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Notice
        fields = ["title", "category", "body", "audience", "audience_departments", "audience_people", "pinned",
                  "requires_receipt", "expires_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12, "class": "oa-body-editor"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "请填写标题。"

    def fields_for_service(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("title", "body", "category", "pinned", "expires_at",
                                                  "requires_receipt", "audience")}


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="原因", required=False, max_length=300)


class ReceiptForm(BootstrapFormMixin, forms.Form):
    reply = forms.CharField(label="回复（可选）", required=False, max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "如：已收到，将按时参加"}),
                            error_messages={"max_length": "回复不能超过 200 字。"})


