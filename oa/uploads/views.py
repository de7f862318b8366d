"""The security officer's review queue: /uploads/review/."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.core.pagination import CURSOR
from oa.uploads.forms import ReviewForm
from oa.uploads.permissions import can_review, can_see_review_queue
from oa.uploads.review import held_content, held_refuse, held_release
from oa.uploads.screening.declarations import current_declaration
from oa.uploads.selectors import recent_decisions, review_queue


def review_list(request):
    if not can_see_review_queue(request.user):
        raise PermissionDenied
    pending = review_queue(request.user, before=request.GET.get(CURSOR))
    context = {
        "pending": [(record, can_review(request.user, record)) for record in pending.rows],
        "decided": recent_decisions(request.user),
        "form": ReviewForm(),
        "declaration": current_declaration(),
        "next_cursor": pending.next,
    }
    template = "uploads/_review_lists.html" if request.headers.get("HX-Request") else "uploads/review_queue.html"
    return render(request, template, context)


def _decide(request, pk, service, done: str):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审核意见。")
        return redirect("uploads-review")
    attempt(request, lambda: service(actor=request.user, record_id=pk, reason=form.cleaned_data["reason"]),
            failed="审核未完成", done=lambda record: f"已{done}“{record.name}”。")
    return redirect("uploads-review")


@require_POST
def review_release(request, pk):
    return _decide(request, pk, held_release, "放行")


@require_POST
def review_refuse(request, pk):
    return _decide(request, pk, held_refuse, "拒绝并删除")


def review_file(request, pk):
    record, content = held_content(actor=request.user, record_id=pk)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(record.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
