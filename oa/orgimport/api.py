"""/api/v1/org/import/: the organisation import over the API — the same service as the page."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.org.permissions import may_import
from oa.orgimport.services.columns import KIND_LABELS
from oa.orgimport.services.service import org_import
from oa.uploads.api import DeclarationSerializer, gate_arguments


class OrgImportSerializer(DeclarationSerializer):
    file = serializers.FileField(
        help_text="CSV（UTF-8 或 GB18030）或 XLSX 文件；根据表头识别为单位表、人员表或角色表",
        error_messages={"required": "请上传要导入的文件（字段名 file）。", "empty": "上传的文件是空的。"},
    )
    dry_run = serializers.BooleanField(required=False, default=False, help_text="为 true 时只校验，不写入")


OrgImportResponse = inline_serializer("OrgImportResponse", {
    "kind": serializers.ChoiceField(choices=list(KIND_LABELS)),
    "dry_run": serializers.BooleanField(),
    "rows": serializers.IntegerField(),
    "created": serializers.IntegerField(),
    "updated": serializers.IntegerField(),
    "unchanged": serializers.IntegerField(),
    "errors": serializers.ListField(child=serializers.CharField()),
    "initial_passwords": inline_serializer("OrgImportInitialPassword", {
        "username": serializers.CharField(), "name": serializers.CharField(), "password": serializers.CharField(),
    }, many=True, help_text="系统生成的初始密码，仅在这一次响应中返回"),
})
OrgImportError = inline_serializer("OrgImportError", {
    "detail": serializers.CharField(), "errors": serializers.ListField(child=serializers.CharField()),
})


class OrgImportView(APIView):
    """Import departments (system admin), people (system admin) or role assignments (security admin).

    All or nothing: with any error nothing is written and the answer is 400 with every error,
    each naming its row ("第3行：…").
    """

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": OrgImportSerializer},
        responses={
            200: OrgImportResponse,
            400: OrgImportError,
            403: OpenApiResponse(description="无权导入（单位、人员须系统管理员；角色须安全管理员）"),
        },
    )
    def post(self, request):
        if not may_import(request.user):
            raise PermissionDenied("只有系统管理员（单位、人员）或安全管理员（角色）可以导入组织机构数据。")
        serializer = OrgImportSerializer(data=request.data)
        if not serializer.is_valid():
            errors = [str(message) for messages in serializer.errors.values() for message in messages]
            return Response({"detail": "请求无效。", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        upload = serializer.validated_data["file"]
        try:
            result = org_import(
                actor=request.user, filename=upload.name, content=upload.read(), size=upload.size,
                dry_run=serializer.validated_data["dry_run"], via="api", gate=gate_arguments(request.data),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        if result.errors:
            return Response(
                {"detail": result.summary, "kind": result.kind, "errors": result.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        response = Response(result.as_dict())
        response["Cache-Control"] = "no-store"  # may carry initial passwords
        return response
