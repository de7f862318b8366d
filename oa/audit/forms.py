from django import forms

from oa.audit.actions import registry
from oa.audit.choices import Outcome
from oa.audit.models import LedgerEntry
from oa.audit.selectors import LedgerFilter
from oa.core.forms import BootstrapFormMixin, OfficeDateField

# The ledger's own department (org's Department): audit sits below org and names it through the FK.
Department = LedgerEntry._meta.get_field("department").related_model


class ActionPrefixField(forms.ChoiceField):
    """Offers the registered actions (oa/audit/actions.py), grouped, with their Chinese labels; accepts
    any code or prefix as before (`auth.`), so an entry whose code is no longer registered can be found."""

    def __init__(self, **kwargs):
        super().__init__(choices=lambda: [("", "全部动作"), *registry.choices()], **kwargs)

    def valid_value(self, value) -> bool:
        return len(value) <= 80


class LedgerFilterForm(BootstrapFormMixin, forms.Form):
    action = ActionPrefixField(label="动作", required=False)
    actor = forms.CharField(label="账号", required=False, max_length=150)
    department = forms.ModelChoiceField(label="单位", queryset=Department.objects.all(), required=False, empty_label="全部单位")
    outcome = forms.ChoiceField(label="结果", choices=[("", "全部"), *Outcome.choices], required=False)
    since = OfficeDateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = OfficeDateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def criteria(self) -> LedgerFilter:
        data = self.cleaned_data if self.is_valid() else {}
        department = data.get("department")
        return LedgerFilter(
            action=data.get("action", ""),
            actor=data.get("actor", ""),
            department_id=department.pk if department else None,
            outcome=data.get("outcome", ""),
            since=data.get("since"),
            until=data.get("until"),
        )
