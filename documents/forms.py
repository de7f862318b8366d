from django import forms

from documents.choices import Direction, DocType, JointMark, Publicity, Urgency
from documents.models import Document
from oa.core.forms import BootstrapFormMixin
from oa.org.models import Department, Person
from oa.uploads.forms import DeclarationForm


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.department} · {person.name}（{person.position}）" if person.position else f"{person.department} · {person.name}"


class DocumentForm(BootstrapFormMixin, forms.ModelForm):
    main_departments = forms.ModelMultipleChoiceField(
        label="主送机关", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}), help_text="按住 Ctrl 可多选",
    )
    copy_departments = forms.ModelMultipleChoiceField(
        label="抄送机关", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    countersigners = PersonChoiceField(
        label="会签人（可选）",
        queryset=Person.objects.filter(is_active=True, role_grants__role__in=["leader", "principal_head", "office_director"])
        .select_related("department").order_by("department__sort_order", "id").distinct(),
        required=False, widget=forms.SelectMultiple(attrs={"size": 6}), help_text="选择后须全部会签完毕才进入签发",
    )
    co_issuers = forms.ModelMultipleChoiceField(
        label="联署机关（联合行文，可选）", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="本单位为主办机关；所选机关按单位排序列在其后，各由其主要负责人会签，并各自署名、用印",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = ["doc_type", "direction", "urgency", "title", "recipients_note", "body", "attachment_note",
                  "organ_mark", "joint_mark", "signature_name", "printing_org", "remark", "publicity", "copy_number",
                  "print_copies", "minutes_present", "minutes_absent", "minutes_attending"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16, "class": "oa-body-editor"}),
            "attachment_note": forms.Textarea(attrs={"rows": 2}),
            "doc_type": forms.Select(choices=DocType.choices),
            "direction": forms.Select(choices=Direction.choices),
            "urgency": forms.Select(choices=Urgency.choices),
            "publicity": forms.Select(choices=Publicity.choices),
            "joint_mark": forms.Select(choices=JointMark.choices),
        }
        help_texts = {
            "body": "每行一段。以“一、”“（一）”“1.”“（1）”开头的行为各级标题；以 | 开头和结尾的连续行为表格。",
        }

    HEADER_FIELDS = ("organ_mark", "signature_name", "printing_org")

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        for name in self.HEADER_FIELDS:
            self.fields[name].required = False
            self.fields[name].help_text = "留空则按拟稿单位自动填写"
        self.fields["title"].error_messages["required"] = "请填写标题。"
        self.fields["joint_mark"].help_text = "仅联合行文适用：版头并列各联署机关名称，或只用主办机关名称"
        self.fields["joint_mark"].required = False

    def clean(self):
        from documents.services.drafting import header_defaults

        cleaned = super().clean()
        defaults = header_defaults(self.department, cleaned.get("doc_type") or "") if self.department else {}
        for name in self.HEADER_FIELDS:
            if not cleaned.get(name):
                cleaned[name] = getattr(self.instance, name, "") or defaults.get(name, "")
        if not cleaned.get("joint_mark"):
            cleaned["joint_mark"] = self.instance.joint_mark or JointMark.ALL
        return cleaned


class StepForm(BootstrapFormMixin, forms.Form):
    opinion = forms.CharField(label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="原因", required=False, max_length=300)
    confirmation = forms.CharField(label="签发密码、动态验证码或登录密码", required=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    signature = forms.CharField(required=False, widget=forms.HiddenInput)


class DocxImportForm(DeclarationForm):
    file = forms.FileField(label="从 Word 文档导入正文（.docx）", error_messages={"required": "请选择 .docx 文件。"})
