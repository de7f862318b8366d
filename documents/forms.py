from typing import NamedTuple

from django import forms
from django.utils.functional import cached_property

from documents.choices import Direction, DocType, JointMark, Publicity, Urgency
from documents.models import Document
from oa.core.forms import BootstrapFormMixin
from oa.org.choices import DepartmentKind
from oa.org.models import Department, Person
from oa.org.unit_groups import unit_groups
from oa.uploads.forms import DeclarationForm


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.department} · {person.name}（{person.position}）" if person.position else f"{person.department} · {person.name}"


class DocumentForm(BootstrapFormMixin, forms.ModelForm):
    # Checkboxes (templates/documents/_picker.html groups them, with search and one-tap groups): the same names
    # and values as the multi-selects they replace, so the services and the API are unchanged.
    main_departments = forms.ModelMultipleChoiceField(
        label="主送机关", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="可按组一键勾选，或输入名称、简拼搜索",
        error_messages={"invalid_choice": "主送机关中有已停用或不存在的单位，请重新选择。"},
    )
    copy_departments = forms.ModelMultipleChoiceField(
        label="抄送机关", queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "抄送机关中有已停用或不存在的单位，请重新选择。"},
    )
    countersigners = PersonChoiceField(
        label="会签人（可选）",
        queryset=Person.objects.filter(is_active=True, role_grants__role__in=["leader", "principal_head", "office_director"])
        .select_related("department").order_by("department__sort_order", "department_id", "id").distinct(),
        required=False, widget=forms.CheckboxSelectMultiple, help_text="选择后须全部会签完毕才进入签发",
        error_messages={"invalid_choice": "会签人中有已离职或不存在的人员，请重新选择。"},
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

    @cached_property
    def pickers(self) -> dict:
        """What templates/documents/_picker.html shows for 主送, 抄送 and 会签: the choices in sections (units by
        类别, people by department), the one-tap groups, what is ticked. Units read once for both pickers."""
        units = list(self.fields["main_departments"].queryset)
        kinds = dict(DepartmentKind.choices)
        unit_sections = _sections(
            [(kinds.get(d.kind, d.kind), Item(d.pk, d.name, " ".join([d.name, d.short_name, d.slug]), i))
             for i, d in enumerate(sorted(units, key=lambda d: list(kinds).index(d.kind) if d.kind in kinds else 99))],
            order={d.pk: i for i, d in enumerate(units)})
        groups = unit_groups(units, getattr(self.department, "pk", None))
        people = list(self.fields["countersigners"].queryset)
        person_sections = _sections([(
            p.department.name if p.department_id else "其他",
            Item(p.pk, f"{p.name}（{p.position}）" if p.position else p.name,
                 " ".join([p.name, p.username, p.position or "", p.department.name if p.department_id else ""]), i))
            for i, p in enumerate(people)])
        return {
            "main_departments": Picker(self["main_departments"], unit_sections, groups, "搜索单位名称或简拼", True),
            "copy_departments": Picker(self["copy_departments"], unit_sections, groups, "搜索单位名称或简拼", False),
            "countersigners": Picker(self["countersigners"], person_sections, [], "搜索姓名、职务或单位", False),
        }

    @property
    def main_line(self) -> str:
        """The 主送 line as it prints (documents.rendering.context: the chosen units in their order, then 其他主送
        机关), from what the form holds now; static/js/picker.js keeps it current as units are ticked."""
        picker = self.pickers["main_departments"]
        chosen = sorted((item for _, items in picker.sections for item in items if item.pk in picker.chosen),
                        key=lambda item: item.order)
        note = str(self["recipients_note"].value() or "").strip()
        names = [item.label for item in chosen] + ([note] if note else [])
        return f"{'、'.join(names)}：" if names else ""

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


class Item(NamedTuple):
    pk: int
    label: str
    search: str
    order: int  # the printing order (主送 is printed in the units' order)


class Picker(NamedTuple):
    field: forms.BoundField
    sections: list  # [(heading, [Item, …]), …]
    groups: list  # oa.org.unit_groups.UnitGroup
    placeholder: str
    preview: bool  # 主送: show the line as it prints

    @property
    def chosen(self) -> set[int]:
        values = self.field.value() or []
        return {int(getattr(v, "pk", v)) for v in values if str(getattr(v, "pk", v)).isdigit()}


def _sections(rows, order=None) -> list:
    """[(heading, item)] in order → [(heading, [items])], one section per heading, first seen first."""
    sections: dict[str, list] = {}
    for heading, item in rows:
        if order is not None:
            item = item._replace(order=order[item.pk])
        sections.setdefault(heading, []).append(item)
    return list(sections.items())


class StepForm(BootstrapFormMixin, forms.Form):
    opinion = forms.CharField(label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="原因", required=False, max_length=300)
    confirmation = forms.CharField(label="签发密码、动态验证码或登录密码", required=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    signature = forms.CharField(required=False, widget=forms.HiddenInput)


class DocxImportForm(DeclarationForm):
    file = forms.FileField(label="从 Word 文档导入正文（.docx）", error_messages={"required": "请选择 .docx 文件。"})
