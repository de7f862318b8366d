"""Forms for the trial pages; the API validates with the same forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from oa.core.forms import OfficeDateField, OfficeDateTimeField, WholeNumberChoices
from oa.org.models import Department
from oa.trial.choices import ItemDirection, PaperMethod, PaperRecipients, TrialSystem, UrgentChannel

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}


def _departments():
    return Department.objects.filter(is_active=True).order_by("sort_order", "id")


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name or obj.name


class DepartmentsChoice(WholeNumberChoices, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name or obj.name


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120, widget=forms.TextInput(attrs=TEXT))
    start_date = OfficeDateField(label="开始日期", widget=DATE)
    end_date = OfficeDateField(label="结束日期", widget=DATE)
    paperless_target = OfficeDateField(label="无纸化目标日期", required=False, widget=DATE)
    groups_due = OfficeDateField(label="工作组及咨询电话报送日期", required=False, widget=DATE,
                                 help_text="各单位报送试运行工作组名单、专人和网上审批业务咨询电话的期限")
    office = DepartmentsChoice(label="办公业务系统 重点推广单位", queryset=_departments(), required=False,
                               widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))
    approval = DepartmentsChoice(label="网上行政审批系统 重点推广单位", queryset=_departments(), required=False,
                                 widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}))
    convenience = DepartmentsChoice(label="便民服务系统 重点应用单位", queryset=_departments(), required=False,
                                    widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}))

    def participants(self) -> dict[str, list[int]]:
        return {system: [d.pk for d in self.cleaned_data.get(system) or []] for system in TrialSystem.values}


class TargetForm(forms.Form):
    paperless_target = OfficeDateField(label="无纸化目标日期", required=False, widget=DATE,
                                       help_text="留空表示尚未确定")


class ParticipantForm(forms.Form):
    department = DepartmentChoice(label="单位", queryset=_departments(), widget=forms.Select(attrs={"class": "form-select"}))
    system = forms.ChoiceField(label="系统", choices=TrialSystem.choices, widget=forms.Select(attrs={"class": "form-select"}))


class JoinForm(forms.Form):
    system = forms.ChoiceField(label="系统", choices=TrialSystem.choices, widget=forms.Select(attrs={"class": "form-select"}))


# --- the trial's people (seed 004 §1, §3, §6, §7) ------------------------------------------------------
# A person is chosen by id; the service checks who may be chosen (a person of the department for a
# working group) and refuses, in Chinese, a name typed in or another department's person.

def _person_label(person) -> str:
    return f"{person.name or person.username}（{person.position}）" if person.position else (person.name or person.username)


def person_choices(people, *, by_department: bool = False, blank: str | None = "—— 请选择 ——"):
    """Choices of people; `by_department`: grouped under each department's name (the whole city)."""
    if by_department:
        groups: dict[str, list] = {}
        for p in people:
            name = (p.department.short_name or p.department.name) if p.department_id else "—"
            groups.setdefault(name, []).append((p.pk, _person_label(p)))
        rows = list(groups.items())
    else:
        rows = [(p.pk, _person_label(p)) for p in people]
    return [("", blank), *rows] if blank is not None else rows


class PersonPick(forms.Field):
    """One person's id, passed on as given (the service validates it)."""

    widget = forms.Select(attrs={"class": "form-select"})

    def __init__(self, *, what: str, **kwargs):
        kwargs.setdefault("error_messages", {"required": f"请选择{what}。"})
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, (list, dict)):
            raise forms.ValidationError(f"{self.label}只能选择一人。")
        return value if value not in self.empty_values else None


class PeoplePick(forms.Field):
    """Several persons' ids, passed on as given (the service validates them)."""

    widget = forms.SelectMultiple(attrs={"class": "form-select", "size": 8})

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [v for v in value if v not in ("", None)]


class WorkingGroupForm(forms.Form):
    leader = PersonPick(label="组长（分管信息化或业务工作的领导）", what="组长")
    members = PeoplePick(label="成员", required=False, help_text="按住 Ctrl（平板上直接点选）可选多人")
    contact = PersonPick(label="专人（与市信息中心联系）", what="专人")
    phone = forms.CharField(label="专人联系电话", max_length=30, required=False, widget=forms.TextInput(attrs=TEXT),
                            help_text="留空则取专人本人登记的电话")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        self.fields["leader"].widget.choices = person_choices(people)
        self.fields["contact"].widget.choices = person_choices(people)
        self.fields["members"].widget.choices = person_choices(people, blank=None)


class ConsultPhoneForm(forms.Form):
    phone = forms.CharField(label="网上审批业务咨询电话", max_length=30, widget=forms.TextInput(attrs=TEXT),
                            error_messages={"required": "请填写网上审批业务咨询电话。"},
                            help_text="接受群众对网上审批的咨询，由市政府统一公布")


class GroupsDueForm(forms.Form):
    groups_due = OfficeDateField(label="工作组及咨询电话报送日期", required=False, widget=DATE,
                                 help_text="各单位应于该日前报送（留空表示不设期限）")


class CoordinationForm(forms.Form):
    leader = PersonPick(label="组长", what="组长")
    deputy = PersonPick(label="副组长", what="副组长", required=False)
    members = PeoplePick(label="成员", required=False)
    fault_phone = forms.CharField(label="报障电话", max_length=30, required=False, widget=forms.TextInput(attrs=TEXT))
    contacts = forms.CharField(label="联系人及电话", required=False, max_length=1000,
                               widget=forms.Textarea(attrs={**TEXT, "rows": 4, "placeholder": "谢金保 13826313052"}),
                               help_text="每行一人：姓名 电话")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        for name in ("leader", "deputy"):
            self.fields[name].widget.choices = person_choices(people, by_department=True)
        self.fields["members"].widget.choices = person_choices(people, by_department=True, blank=None)

    def clean_contacts(self):
        value = self.cleaned_data.get("contacts") or ""
        if not isinstance(value, str):
            raise forms.ValidationError("联系人格式应为每行“姓名 电话”。")
        rows = []
        for line in value.splitlines():
            parts = line.replace("，", " ").replace(",", " ").replace("：", " ").replace(":", " ").split()
            if not parts:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(f"“{line.strip()}”缺少电话：每行写“姓名 电话”。")
            rows.append({"name": parts[0], "phone": "".join(parts[1:])})
        return rows


class TrainingForm(forms.Form):
    held_on = OfficeDateField(label="培训日期", widget=DATE)
    topic = forms.CharField(label="培训内容", max_length=120, widget=forms.TextInput(attrs=TEXT))
    expected = forms.IntegerField(label="应到人数", min_value=1, max_value=2000, widget=forms.NumberInput(attrs=TEXT))
    attended = forms.IntegerField(label="实到人数", min_value=0, max_value=2000, widget=forms.NumberInput(attrs=TEXT))


class RuleForm(forms.Form):
    effective_from = OfficeDateField(label="生效日期", widget=DATE)
    text = forms.CharField(label="规则内容", max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    paper_chase_working_days = forms.IntegerField(label="纸质件催收期限（工作日）", min_value=1, max_value=30,
                                                  widget=forms.NumberInput(attrs=TEXT))
    urgent_exempt = forms.BooleanField(label="急件（加急/特急）免纸质同步", required=False, initial=True)
    paper_to = forms.ChoiceField(label="纸质同步范围", choices=PaperRecipients.choices, initial=PaperRecipients.ALL,
                                 required=False, widget=forms.RadioSelect,
                                 help_text="试运行单位发出的公文，纸质件送每个收文单位（含未参加试运行的单位），或仅送参加试运行的单位")

    def clean_paper_to(self):
        return self.cleaned_data.get("paper_to") or PaperRecipients.ALL


class PaperSentForm(forms.Form):
    count = forms.IntegerField(label="送出份数", min_value=1, max_value=999, widget=forms.NumberInput(attrs=TEXT))
    copy_range = forms.CharField(label="份号", max_length=40, required=False,
                                 widget=forms.TextInput(attrs={**TEXT, "placeholder": "如 000001-000003"}))
    sent_on = OfficeDateField(label="送出日期", widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(label="送达方式", choices=PaperMethod.choices, widget=forms.Select(attrs={"class": "form-select"}))


class PaperConfirmForm(forms.Form):
    count = forms.IntegerField(label="收到份数", min_value=1, max_value=999, required=False,
                               widget=forms.NumberInput(attrs=TEXT))
    received_on = OfficeDateField(label="收到日期", widget=DATE, required=False, initial=timezone.localdate)
    paper_arrival = forms.IntegerField(label="先到纸质件登记", required=False, min_value=1, widget=forms.HiddenInput)


class UrgentChannelForm(forms.Form):
    channel = forms.ChoiceField(label="传输方式", choices=[c for c in UrgentChannel.choices if c[0]],
                                widget=forms.RadioSelect)


class PaperOnlyForm(forms.Form):
    on_date = OfficeDateField(label="日期", widget=DATE, initial=timezone.localdate)
    counterpart = DepartmentChoice(label="对方单位", queryset=_departments(), widget=forms.Select(attrs={"class": "form-select"}))
    direction = forms.ChoiceField(label="方向", choices=ItemDirection.choices, widget=forms.Select(attrs={"class": "form-select"}))
    count = forms.IntegerField(label="件数", min_value=1, max_value=500, widget=forms.NumberInput(attrs=TEXT))


class ReportForm(forms.Form):
    """The three sections; blank ones may be kept in a draft, submitting needs all three (the service checks)."""

    usage = forms.CharField(label="使用情况", max_length=5000, required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 5}))
    problems = forms.CharField(label="存在问题", max_length=5000, required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    suggestions = forms.CharField(label="意见建议", max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={**TEXT, "rows": 4}))


class ReportReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300, widget=forms.TextInput(attrs=TEXT))


# --- outages (停机与补登) ----------------------------------------------------------------------------
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _when(label: str, required: bool = True) -> forms.DateTimeField:
    return OfficeDateTimeField(label=label, required=required, widget=DATETIME, input_formats=DATETIME_FORMATS,
                               error_messages={"required": f"请填写{label}。", "invalid": f"{label}格式应为“2026-11-03 09:00”。"})


class OutageForm(forms.Form):
    starts_at = _when("停机开始时间")
    ends_at = _when("恢复时间", required=False)
    reason = forms.CharField(label="停机原因", max_length=500, widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
                             error_messages={"required": "请填写停机原因。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_at"].help_text = "停机仍在进行中可不填，恢复后再登记恢复时间。"


class OutageEndForm(forms.Form):
    ends_at = _when("恢复时间")


class OutageWithdrawForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=300, widget=forms.TextInput(attrs=TEXT),
                             error_messages={"required": "请填写撤销原因。"})


class OutageItemForm(forms.Form):
    sent_at = _when("纸质送出时间")
    counterparts = DepartmentsChoice(label="对方单位", queryset=_departments(),
                                     widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
                                     error_messages={"required": "请选择对方单位。",
                                                     "invalid_choice": "所选对方单位不存在。",
                                                     "invalid_pk_value": "所选对方单位不存在。"})
    count = forms.IntegerField(label="件数", min_value=1, max_value=500, widget=forms.NumberInput(attrs=TEXT),
                               error_messages={"required": "请填写件数。"})
    document = forms.IntegerField(label="事后网上登记的公文", required=False, min_value=1,
                                  widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, documents=(), own_department_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_department_id:
            self.fields["counterparts"].queryset = _departments().exclude(pk=own_department_id)
        self.fields["document"].widget.choices = [("", "（未上网登记）"), *[(d.pk, d.title) for d in documents]]
        self.fields["document"].help_text = "停机后已把该公文录入系统的，可选择对应公文。"
