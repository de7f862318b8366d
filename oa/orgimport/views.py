"""Organisation import: the system admin's departments and people, the security admin's roles."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from oa.org.choices import Role
from oa.org.permissions import may_import
from oa.orgimport.forms import OrgImportForm
from oa.orgimport.services import columns
from oa.orgimport.services.service import may_import_kind
from oa.orgimport.services.service import org_import as run_import
from oa.uploads.exceptions import UploadNotAccepted


def org_import(request):
    if not may_import(request.user):
        raise PermissionDenied
    form = OrgImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run_import(
                actor=request.user, filename=upload.name, content=upload.read(), size=upload.size,
                dry_run=form.cleaned_data["dry_run"], gate=form.gate_arguments(),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except UploadNotAccepted as exc:
            form.add_error(None, exc)
            status = 400
    kinds = [
        kind for kind in (columns.DEPARTMENTS, columns.PEOPLE, columns.ROLES)
        if may_import_kind(request.user, kind)
    ]
    response = render(
        request,
        "org/import.html",
        {
            "form": form,
            "result": result,
            "sections": [(kind, columns.KIND_LABELS[kind], columns.COLUMNS[kind]) for kind in kinds],
            "role_labels": Role.labels,
            "max_megabytes": f"{settings.OA_IMPORT_MAX_BYTES / 1024 / 1024:.0f}",
            "max_rows": columns.MAX_ROWS,
        },
        status=status,
    )
    if result is not None:
        add_never_cache_headers(response)  # the page may carry initial passwords
    return response


def org_import_template(request, kind: str):
    if kind not in columns.KIND_LABELS:
        raise Http404
    if not may_import_kind(request.user, kind):
        raise PermissionDenied
    response = HttpResponse(columns.import_template_csv(kind=kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{columns.KIND_LABELS[kind]}导入模板.csv")
    return response
