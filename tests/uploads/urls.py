"""The project's URLs plus a bare gated upload endpoint, to test the gate apart from any feature."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from oa import urls as project_urls
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
    *project_urls.urlpatterns,
]
