from django import forms

from oa.core.forms import BootstrapFormMixin
from oa.feedback.choices import Category, Severity
from oa.org.models import Person
from oa.uploads.forms import DeclarationForm


class ReporterField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.position}）" if person.position else person.name


class TicketForm(DeclarationForm):
    """The reporting form. The page, document, browser, person and time are not typed: the page comes
    from the hidden `page` field (filled by the 问题反馈 button), the rest from the request."""

    category = forms.ChoiceField(label="问题类别", choices=[("", "请选择"), *Category.choices],
                                 error_messages={"required": "请选择问题类别。"})
    severity = forms.ChoiceField(label="紧急程度", choices=Severity.choices, initial=Severity.NORMAL,
                                 widget=forms.RadioSelect, error_messages={"required": "请选择紧急程度。"})
    description = forms.CharField(label="问题描述", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="发生了什么、您在做什么、提示了什么（如有）",
                                  error_messages={"required": "请描述遇到的问题。", "max_length": "问题描述不能超过 4000 字。"})
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    page = forms.CharField(widget=forms.HiddenInput, required=False)
    reporter = ReporterField(label="反映人", queryset=Person.objects.none(), required=False,
                             help_text="作为本单位报障联系人，可代同事反馈", empty_label="本人")

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if colleagues is None:
            del self.fields["reporter"]
        else:
            self.fields["reporter"].queryset = colleagues

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("category", "severity", "description", "contact_phone")}


class StepForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assignee = forms.ModelChoiceField(label="处理人", queryset=Person.objects.none(), required=False, empty_label="本人")
    to_vendor = forms.BooleanField(label="转厂商处理", required=False)
    into = forms.IntegerField(label="合并到", required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["assignee"].queryset = handlers


class CommentForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="留言", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "请填写留言。", "max_length": "留言不能超过 2000 字。"})


class FaqForm(BootstrapFormMixin, forms.Form):
    question = forms.CharField(label="问题", max_length=200)
    answer = forms.CharField(label="解答", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
