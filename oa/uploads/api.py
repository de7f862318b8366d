"""/api/v1/uploads/ — the declaration, upload records and the security officer's review.

Routes (in oa/api_urls.py):
    uploads/declaration/                 GET   current declaration text, version, accepted levels
    uploads/records/<id>/                GET   one record (uploader, the department's officer, info center)
    uploads/review/                      GET   held uploads waiting for a decision
    uploads/review/<id>/release/         POST  {"reason": "…"}
    uploads/review/<id>/refuse/          POST  {"reason": "…"}
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.uploads.choices import ACCEPTED_LEVELS, CLASSIFIED_LEVELS
from oa.uploads.models import UploadRecord
from oa.uploads.permissions import can_see_review_queue
from oa.uploads.review import held_refuse, held_release
from oa.uploads.screening.declarations import WHERE_CLASSIFIED_GOES, current_declaration
from oa.uploads.selectors import held_records, record_for
from oa.uploads.serving import DOWNLOAD, MEDIA_TYPES

# A kept file's download in the schema: one of the media types oa.uploads.serving answers with.
GATED_FILE_RESPONSES = {(200, media_type): OpenApiTypes.BINARY for media_type in (*MEDIA_TYPES.values(), DOWNLOAD)}


class UploadRecordSerializer(serializers.ModelSerializer):
    review_state = serializers.CharField(read_only=True)

    class Meta:
        model = UploadRecord
        fields = ["id", "source", "person", "person_username", "person_name", "department", "at", "ip", "name", "size",
                  "declared_type", "detected_type", "sha256", "declared_level", "declaration_version",
                  "detector_version", "verdict", "reasons", "text_found", "purpose", "reviewed_by", "reviewed_at",
                  "review_reason", "released", "review_state"]


class DeclarationSerializer(serializers.Serializer):
    """Fields an upload endpoint accepts next to `file` (multipart)."""

    declaration_accepted = serializers.BooleanField(required=False, default=False, help_text="已勾选承诺")
    declaration_version = serializers.CharField(required=False, default="", help_text="承诺版本（见 uploads/declaration/）")
    declared_level = serializers.ChoiceField(choices=[*ACCEPTED_LEVELS, *CLASSIFIED_LEVELS], required=False, default="",
                                             allow_blank=True, help_text="密级：非密、内部或公开")


class GatedFileSerializer(DeclarationSerializer):
    """A multipart upload through the classification gate: the file and the declaration."""

    file = serializers.FileField(help_text="文件（经密级检查）")


# What the API shows of a kept gated file (oa.uploads.models.GatedFile) on any owner.
GATED_FILE_FIELDS = ("id", "name", "size", "sha256", "uploaded_at")


def uploaded_file(request, what: str = "文件"):
    """The `file` of a multipart upload request; a 400 naming `what` when there is none."""
    upload = request.FILES.get("file")
    if upload is None:
        raise serializers.ValidationError({"file": f"请上传{what}（字段名 file）。"})
    return upload


def gate_arguments(data) -> dict:
    """The declaration fields of a multipart upload request, for upload_accept/upload_accept_file;
    a malformed value is a 400 before anything is read."""
    declaration = DeclarationSerializer(data=data)
    declaration.is_valid(raise_exception=True)
    values = declaration.validated_data
    return {"declaration_accepted": values["declaration_accepted"], "declaration_version": values["declaration_version"],
            "declared_level": values["declared_level"]}


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class DeclarationView(APIView):
    @extend_schema(responses=inline_serializer("UploadDeclaration", {
        "version": serializers.CharField(), "text": serializers.CharField(),
        "accepted_levels": serializers.ListField(child=serializers.CharField()),
        "refused_levels": serializers.ListField(child=serializers.CharField()),
        "classified_documents": serializers.CharField(),
    }))
    def get(self, request):
        return Response({**current_declaration(), "accepted_levels": [str(v) for v in ACCEPTED_LEVELS],
                         "refused_levels": [str(v) for v in CLASSIFIED_LEVELS], "classified_documents": WHERE_CLASSIFIED_GOES})


class UploadRecordDetail(generics.RetrieveAPIView):
    serializer_class = UploadRecordSerializer

    def get_object(self):
        return record_for(self.request.user, self.kwargs["pk"])


class ReviewQueue(generics.ListAPIView):
    serializer_class = UploadRecordSerializer

    def get_queryset(self):
        if not can_see_review_queue(self.request.user):
            raise PermissionDenied("只有保密员和信息中心可以查看上传审核队列。")
        return held_records(self.request.user)


class _Decide(APIView):
    service = None

    @extend_schema(request=ReasonSerializer, responses=UploadRecordSerializer)
    def post(self, request, pk):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = type(self).service(actor=request.user, record_id=pk, reason=data.validated_data["reason"])
        return Response(UploadRecordSerializer(record).data)


class ReviewRelease(_Decide):
    service = staticmethod(held_release)


class ReviewRefuse(_Decide):
    service = staticmethod(held_refuse)
