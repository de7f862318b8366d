"""/api/v1/seals/verify/ — the verification page's check (documents/seals/check.py) for programs: a PDF
(multipart, field `file`) or a SHA-256 (JSON or form, field `sha256`). Anyone logged in; nothing stored."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.seals.check import CheckRefused, check_hash, check_pdf
from oa.core.parsers import JSONObjectParser

SIGNATURE_FIELDS = {
    "field": serializers.CharField(), "signer": serializers.CharField(help_text="证书持有者（用印机关）"),
    "issuer": serializers.CharField(), "serial": serializers.CharField(),
    "certificate_sha256": serializers.CharField(), "signed_at": serializers.DateTimeField(allow_null=True),
    "timestamped": serializers.BooleanField(), "intact": serializers.BooleanField(), "valid": serializers.BooleanField(),
    "trusted": serializers.BooleanField(), "covers_whole": serializers.BooleanField(), "ok": serializers.BooleanField(),
    "verdict": serializers.CharField(),
}

SealCheckSerializer = inline_serializer("SealCheck", {
    "sha256": serializers.CharField(),
    "ok": serializers.BooleanField(),
    "headline": serializers.CharField(),
    "sealed_here": serializers.BooleanField(help_text="本系统用印记录中有这一文件（SHA-256 一致）"),
    "document": inline_serializer("SealedDocument", {
        "id": serializers.IntegerField(), "doc_number": serializers.CharField(), "title": serializers.CharField(),
        "issuer": serializers.CharField(), "copy": serializers.IntegerField(allow_null=True),
        "sealed_at": serializers.DateTimeField(),
        "organs": inline_serializer("SealedOrgan", {
            "organ": serializers.CharField(), "certificate_sha256": serializers.CharField(),
            "serial": serializers.CharField()}, many=True),
    }, allow_null=True),
    "verification": inline_serializer("SealVerification", {
        "ok": serializers.BooleanField(), "summary": serializers.CharField(),
        "signatures": inline_serializer("SealSignature", SIGNATURE_FIELDS, many=True)}, allow_null=True),
})

CheckRequest = inline_serializer("SealCheckRequest", {
    "file": serializers.FileField(required=False, help_text="PDF 文件"),
    "sha256": serializers.CharField(required=False, help_text="或文件的 SHA-256（64 位十六进制）"),
})


class SealVerify(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(operation_id="seals_verify", request={"multipart/form-data": CheckRequest, "application/json": CheckRequest},
                   responses={200: SealCheckSerializer, 400: None})
    def post(self, request):
        upload = request.FILES.get("file")
        sha256 = request.data.get("sha256") if hasattr(request.data, "get") else None
        try:
            if upload is not None:
                result = check_pdf(upload)
            elif isinstance(sha256, str) and sha256.strip():
                result = check_hash(sha256)
            else:
                raise CheckRefused("请上传 PDF 文件（字段名 file），或提供文件的 SHA-256（字段名 sha256）。")
        except CheckRefused as bad:
            return Response({"detail": str(bad)}, status=400)
        return Response(result.as_dict())
