"""发文字号序列: an organ's number series — list, add, stop and start again. The system admin sees every
organ's; an 办公室主任 their own organ's. The same services answer /api/v1/number-series/ (oa/org/api_series.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.forms import form_save
from oa.core.messages import attempt
from oa.core.refusals import record_denied
from oa.org.choices import Role
from oa.org.forms import NumberSeriesForm
from oa.org.permissions import may_manage_series
from oa.org.selectors import series_visible_to
from oa.org.services.series import series_create, series_set_active


def _create(request, form):
    try:
        return series_create(actor=request.user, kind=form.cleaned_data["kind"], code=form.cleaned_data["code"],
                             organs=list(form.cleaned_data["organs"]))
    except PermissionDenied as refusal:  # an organ not the director's own: on record, and said on the form
        record_denied(request, refusal)
        raise ValidationError(str(refusal)) from None


def series_page(request):
    if not may_manage_series(request.user):
        raise PermissionDenied
    initial = {} if request.user.has_role(Role.SYSTEM_ADMIN) else {"organs": [request.user.department_id]}
    form = NumberSeriesForm(request.POST or None, initial=initial)
    if form_save(request, form, lambda: _create(request, form), done="已添加发文字号序列。"):
        return redirect("org-number-series")
    rows = sorted(series_visible_to(request.user), key=lambda s: ([o.sort_order for o in s.organs.all()][:1], s.code))
    return render(request, "org/series.html", {"form": form, "rows": rows})


@require_POST
def series_active_view(request, pk: int, active: bool):
    if not may_manage_series(request.user):
        raise PermissionDenied
    attempt(request, lambda: series_set_active(actor=request.user, series_id=pk, active=active),
            failed="未能启用" if active else "未能停用", done="已启用该序列。" if active else "已停用该序列，已编的号仍在登记簿中。")
    return redirect("org-number-series")
