"""/api/v1/signing-authorities/ — 签发授权: list (the usual {"results", "next"}), grant, revoke. The same
services and checks as the page (documents/views/signing.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.models import SigningAuthority
from documents.services.signing import authority_grant, authority_page, authority_revoke
from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.core.params import BIGINT_MAX, whole_number
from oa.core.parsers import JSONObjectParser


class _PersonRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SigningAuthoritySerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name")
    grantor = _PersonRef()
    grantee = _PersonRef()
    doc_types = serializers.ListField(child=serializers.CharField(), source="kinds",
                                      help_text="授权的文种；空列表表示全部文种")
    status = serializers.SerializerMethodField(help_text="有效、未生效、已过期或已撤销")
    created_by = serializers.IntegerField(source="created_by_id")
    revoked_by = serializers.IntegerField(source="revoked_by_id", allow_null=True)

    class Meta:
        model = SigningAuthority
        fields = ["id", "department", "department_name", "grantor", "grantee", "valid_from", "valid_until",
                  "doc_types", "status", "created_by", "created_at", "revoked_at", "revoked_by"]
        read_only_fields = fields

    def get_status(self, authority) -> str:
        from django.utils import timezone

        return authority.status(timezone.localdate())


# Who, which department, which dates and kinds are the service's to check, in Chinese; these read the types.
class SigningAuthorityCreateSerializer(serializers.Serializer):
    grantee = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX, help_text="被授权的分管领导（人员 id）")
    valid_from = serializers.DateField(help_text="生效日期（含）")
    valid_until = serializers.DateField(help_text="截止日期（含），最长一年")
    doc_types = serializers.ListField(child=serializers.CharField(), required=False,
                                      help_text="授权的文种，如 [\"请示\", \"报告\"]；不填或空列表为全部文种")
    department = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX, help_text="单位 id：系统管理员代为登记时必填，主要负责人为本单位")


class SigningAuthorityList(APIView):
    """Authorisations the caller may see, newest first; POST grants one (主要负责人, or the system admin)."""

    pagination_class = KeysetPagination
    parser_classes = [JSONObjectParser]

    @extend_schema(operation_id="signing_authorities_list", responses=SigningAuthoritySerializer(many=True))
    def get(self, request):
        page = authority_page(request.user, **api_window(request))
        return paged_response(request, SigningAuthoritySerializer(page.rows, many=True).data, page)

    @extend_schema(operation_id="signing_authorities_create", request=SigningAuthorityCreateSerializer,
                   responses={201: SigningAuthoritySerializer})
    def post(self, request):
        serializer = SigningAuthorityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        authority = authority_grant(
            actor=request.user, grantee_id=data["grantee"], valid_from=data["valid_from"],
            valid_until=data["valid_until"], doc_types=data.get("doc_types"), department_id=data.get("department"),
        )
        return Response(SigningAuthoritySerializer(authority).data, status=status.HTTP_201_CREATED)


class SigningAuthorityRevoke(APIView):
    """POST /api/v1/signing-authorities/{id}/revoke/ — from now on nobody signs under it."""

    @extend_schema(operation_id="signing_authorities_revoke", request=None, responses=SigningAuthoritySerializer)
    def post(self, request, pk):
        return Response(SigningAuthoritySerializer(authority_revoke(actor=request.user, authority_id=whole_number(pk))).data)
