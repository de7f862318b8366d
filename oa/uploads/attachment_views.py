"""The three attachment pages every gated owner (a 公文, a notice …) has: download, upload
through the classification gate, delete — built once from the owner's selector and services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from oa.core.messages import attempt
from oa.uploads.forms import GatedFileForm
from oa.uploads.serving import attachment_response


def attachment_views(*, owner_for: Callable, add: Callable, remove: Callable, owner_id: str, edit_url: str):
    """`owner_for(person, pk)` finds the visible owner (404 otherwise); `add(actor=…, <owner_id>=…,
    upload=…, gate=…)` and `remove(actor=…, <owner_id>=…, attachment_id=…)` are its services;
    `edit_url` the url name of its edit page. Returns (download, upload, delete) views."""

    def download(request, pk, attachment_id):
        return attachment_response(owner_for(request.user, pk), attachment_id)

    @require_POST
    def upload(request, pk):
        form = GatedFileForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "；".join(form.errors.get("file", ["请选择文件。"])))
            return redirect(edit_url, pk)
        attempt(request, lambda: add(actor=request.user, **{owner_id: pk}, upload=form.cleaned_data["file"],
                                     gate=form.gate_arguments()),
                failed="附件未添加", done=lambda attachment: f"已添加附件“{attachment.name}”。")
        return redirect(edit_url, pk)

    @require_POST
    def delete(request, pk, attachment_id):
        attempt(request, lambda: remove(actor=request.user, **{owner_id: pk}, attachment_id=attachment_id), failed="")
        return redirect(edit_url, pk)

    return download, upload, delete
