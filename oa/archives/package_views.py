"""Pages of archive packages and transfers: a package with its 四性检测 report (page and PDF), building a 件's
package, checking an uploaded package (on import), the transfers with the 移交清单 and 接收回执."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.archives.package.report import Report, report_html, report_pdf
from oa.archives.package_forms import PackageUploadForm, TransferAnswerForm, TransferForm
from oa.archives.package_selectors import item_of_department, items_to_transfer, package_for
from oa.archives.packaging import package_import_check, package_item, package_recheck, read_package
from oa.archives.transfer_permissions import may_transfer_step, require_sender, transfers_visible
from oa.archives.transfers import receipt, transfer_for, transfer_receive, transfer_reject, transfer_send
from oa.core.messages import attempt


def _report(data: dict) -> Report:
    """A kept report (its dict) as a Report again, for the readable page."""
    from oa.archives.package.report import Check

    report = Report(subject=data.get("subject", ""), kind=data.get("kind", "item"), context=data.get("context", ""),
                    checked_at=data.get("checked_at", ""), package_sha256=data.get("package_sha256", ""),
                    manifest_sha256=data.get("manifest_sha256", ""),
                    checks=[Check(c["aspect"], c["label"], c["status"], c["detail"], c.get("part", ""))
                            for c in data.get("checks", [])],
                    items=[_report(item) for item in data.get("items", [])])
    return report


def _attachment(content: bytes, name: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def package_detail(request, pk):
    package = package_for(request.user, pk)
    return render(request, "archives/package_detail.html", {
        "package": package, "report_html": report_html(_report(package.check_report), standalone=False)})


def package_download(request, pk):
    package = package_for(request.user, pk)
    return _attachment(read_package(package), f"{package.identifier}.zip", "application/zip")


def package_report_pdf(request, pk):
    package = package_for(request.user, pk)
    return _attachment(report_pdf(_report(package.check_report)), f"四性检测报告-{package.identifier}.pdf",
                       "application/pdf")


@require_POST
def package_check(request, pk):
    package = package_for(request.user, pk)
    report = attempt(request, lambda: package_recheck(actor=request.user, package=package), failed="未能检测",
                     done=lambda r: "复检通过。" if r.ok else "复检不通过，详见报告。")
    if report is None:
        return redirect("archives-package", pk)
    return render(request, "archives/package_detail.html", {
        "package": package, "report_html": report_html(report, standalone=False), "rechecked": True})


@require_POST
def item_package(request, pk):
    """封装 (again): a new package of the 件, checked; a POST, since it writes."""
    item = item_of_department(request.user, pk)
    package = attempt(request, lambda: package_item(actor=request.user, item=item), failed="未能封装",
                      done=lambda p: "已封装，四性检测通过。" if p.check_ok else "已封装，四性检测不通过，详见报告。")
    return redirect("archives-package", package.pk) if package else redirect("archives-transfers")


def package_import(request):
    """Check a package brought in from outside (the 档案局's side of a hand-over, or any package file)."""
    require_sender(request.user)
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = attempt(request, lambda: package_import_check(actor=request.user, content=upload.read(),
                                                               name=upload.name), failed="未能检测")
    return render(request, "archives/package_import.html", {
        "form": form, "report_html": report_html(report, standalone=False) if report else ""})


def transfer_list(request):
    require_sender(request.user)
    candidates = list(items_to_transfer(request.user)[:500])
    form = TransferForm(request.POST or None, item_ids=[item.pk for item in candidates])
    if request.method == "POST":
        if form.is_valid():
            transfer = attempt(request, lambda: transfer_send(actor=request.user, item_ids=form.cleaned_data["items"]),
                               failed="未能移交", done=lambda t: f"已移交 {t.item_count} 件（{t.number}），待档案局接收。")
            if transfer is not None:
                return redirect("archives-transfer", transfer.pk)
        else:
            from django.contrib import messages

            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    rows = transfers_visible(request.user).select_related("department", "receiver", "package")[:200]
    return render(request, "archives/transfers.html", {"rows": rows, "candidates": candidates})


def transfer_detail(request, pk):
    transfer = transfer_for(request.user, pk)
    form = TransferAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = request.POST.get("step")
        answer = {"receive": transfer_receive, "reject": transfer_reject}.get(step)
        if answer is not None and attempt(request, lambda: answer(actor=request.user, transfer_id=pk,
                                                                  note=form.cleaned_data["note"]),
                                          failed="未能办理", done="已接收。" if step == "receive" else "已退回移交单位。"):
            return redirect("archives-transfer", pk)
    return render(request, "archives/transfer_detail.html", {
        **receipt(transfer), "form": form,
        "may_answer": may_transfer_step(request.user, "receive", transfer),
        "import_report_html": report_html(_report(transfer.receipt_report), standalone=False)
        if transfer.receipt_report else ""})


def transfer_receipt_pdf(request, pk):
    from django.template.loader import render_to_string

    from oa.archives.package.report import REPORT_CSS
    from oa.rendering.pdf import html_to_pdf

    transfer = transfer_for(request.user, pk)
    html = render_to_string("archives/transfer_receipt.html", {**receipt(transfer), "standalone": True})
    return _attachment(html_to_pdf(html, REPORT_CSS), f"移交清单与接收回执-{transfer.number}.pdf", "application/pdf")
