"""签发授权 page: the 主要负责人 (for the department) and the system admin (for any) grant a 分管领导 the
right to sign 上行文 for a while, and revoke it. The services are documents/services/signing.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.choices import DocType
from documents.permissions import may_manage_signing
from documents.services.signing import (
    authorities_visible_to,
    authority_grant,
    authority_revoke,
    grantable_people,
)
from oa.core.forms import BootstrapFormMixin, OfficeDateField, form_save
from oa.core.params import whole_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Grantee(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.department} · {person.name}（{person.position or '分管领导'}）"


class SigningAuthorityForm(BootstrapFormMixin, forms.Form):
    grantee = _Grantee(label="被授权人（分管领导）", queryset=None,
                       error_messages={"invalid_choice": "被授权人须为本单位在职的分管领导。"})
    valid_from = OfficeDateField(label="生效日期", widget=DATE)
    valid_until = OfficeDateField(label="截止日期", widget=DATE, help_text="含当日；一次授权最长一年")
    doc_types = forms.MultipleChoiceField(label="文种", choices=DocType.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple, help_text="不选表示全部文种")

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = grantable_people(person)
        self.fields["doc_types"].widget.attrs["class"] = "form-check-input"


def signing_page(request):
    if not may_manage_signing(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = SigningAuthorityForm(request.user, request.POST or None, initial={"valid_from": today})
    created = form_save(request, form, lambda: authority_grant(
        actor=request.user, grantee_id=form.cleaned_data["grantee"].pk, valid_from=form.cleaned_data["valid_from"],
        valid_until=form.cleaned_data["valid_until"], doc_types=form.cleaned_data["doc_types"],
        department_id=form.cleaned_data["grantee"].department_id,
    ), done="已授权签发，授权期间该分管领导可签发本单位上行文（显示为代签）。")
    if created is not None:
        return redirect("document-signing")
    rows = list(authorities_visible_to(request.user)[:200])
    return render(request, "documents/signing.html", {
        "form": form, "rows": [(row, row.status(today)) for row in rows],
    })


@require_POST
def signing_revoke(request, pk: int):
    if not may_manage_signing(request.user):
        raise PermissionDenied
    try:
        authority = authority_revoke(actor=request.user, authority_id=whole_number(str(pk)))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已撤销对 {authority.grantee} 的签发授权。")
    return redirect("document-signing")
