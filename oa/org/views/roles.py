"""The security admin's page: grant and revoke roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from oa.core.params import whole_number
from oa.org.choices import Role
from oa.org.forms import RoleGrantForm
from oa.org.models import Person
from oa.org.permissions import can_grant_roles
from oa.org.selectors import departments_active, role_grants_list
from oa.org.services.roles import role_grant, role_revoke
from oa.org.services.second_factor import second_factor_reset


def roles_page(request):
    if not can_grant_roles(request.user):
        raise PermissionDenied
    department_id = whole_number(request.GET.get("department"))
    role = request.GET.get("role") if request.GET.get("role") in Role.values else ""
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role_grant(actor=request.user, person=form.cleaned_data["person"], role=form.cleaned_data["role"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, f"已授予 {form.cleaned_data['person']}「{Role(form.cleaned_data['role']).label}」角色。")
            return redirect(request.get_full_path())
    return render(
        request,
        "org/roles.html",
        {
            "form": form,
            "grants": role_grants_list(department_id=department_id, role=role)[:500],
            "departments": departments_active(),
            "roles": Role.choices,
            "selected_department": department_id,
            "selected_role": role,
        },
    )


@require_POST
def role_revoke_view(request, person_id: int, role: str):
    if not can_grant_roles(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id)
    if role not in Role.values:
        messages.error(request, "未知的角色。")
    else:
        role_revoke(actor=request.user, person=person, role=role)
        messages.success(request, f"已撤销 {person}「{Role(role).label}」角色。")
    return redirect("org-roles")


@require_POST
def second_factor_reset_view(request, person_id: int):
    if not can_grant_roles(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id)
    second_factor_reset(actor=request.user, person=person)
    messages.success(request, f"已重置 {person} 的双因素认证，其下次登录时需重新绑定。")
    return redirect("org-roles")
