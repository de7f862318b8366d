"""The project's URLs plus a gated upload endpoint and the uploads routes (the lead wires the real
ones into oa/urls.py and oa/api_urls.py)."""

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from oa import urls as project_urls
from oa.uploads import api
from oa.uploads.exceptions import UploadNotAccepted
from oa.uploads.forms import DeclarationForm
from oa.uploads.gate import upload_accept_file


@require_POST
def gated_upload(request):
    form = DeclarationForm(request.POST)
    form.is_valid()
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"reasons": ["请选择文件。"]}, status=400)
    try:
        record, _content = upload_accept_file(actor=request.user, upload=upload, purpose="test.gate", **form.gate_arguments())
    except UploadNotAccepted as exc:
        return JsonResponse({"reasons": exc.messages, "record": exc.record.pk if exc.record else None}, status=400)
    return JsonResponse({"record": record.pk})


urlpatterns = [
    path("test-gate/", gated_upload),
    path("uploads/", include("oa.uploads.urls")),
    path("api/v1/uploads/declaration/", api.DeclarationView.as_view()),
    path("api/v1/uploads/records/<int:pk>/", api.UploadRecordDetail.as_view()),
    path("api/v1/uploads/review/", api.ReviewQueue.as_view()),
    path("api/v1/uploads/review/<int:pk>/release/", api.ReviewRelease.as_view()),
    path("api/v1/uploads/review/<int:pk>/refuse/", api.ReviewRefuse.as_view()),
    *project_urls.urlpatterns,
]
