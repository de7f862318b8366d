"""/api/v1/ for the person, departments, people, tokens and role grants."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.params import whole_number
from oa.org.choices import Role
from oa.org.models import ApiToken, Department, Person, RoleGrant
from oa.org.permissions import can_grant_roles, requires_second_factor
from oa.org.selectors import departments_active, people_directory, role_grants_list
from oa.org.services import second_factor
from oa.org.services.roles import role_grant, role_revoke
from oa.org.services.tokens import api_token_issue, api_token_revoke
from oa.org.views.auth import lockout_message


class DepartmentSerializer(serializers.ModelSerializer):
    pilots = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "organ_code", "slug", "parent", "kind", "pilot_office",
                  "pilot_approval", "pilot_convenience", "pilots"]


class PersonSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", default="", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "username", "name", "department", "department_name", "position", "phone", "roles"]

    def get_roles(self, person) -> list[str]:
        return sorted(grant.role for grant in person.role_grants.all())


class MeSerializer(PersonSerializer):
    requires_second_factor = serializers.SerializerMethodField()
    todo_count = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "requires_second_factor", "todo_count"]

    def get_requires_second_factor(self, person) -> bool:
        return requires_second_factor(person)

    def get_todo_count(self, person) -> int:
        from oa.core.todo import todo_count

        return todo_count(person)


class MeView(generics.RetrieveAPIView):
    """The person the request is authenticated as."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class DepartmentList(generics.ListAPIView):
    serializer_class = DepartmentSerializer
    queryset = departments_active()
    ordering = "sort_order"
    pagination_class = None


class DepartmentDetail(generics.RetrieveAPIView):
    serializer_class = DepartmentSerializer
    queryset = departments_active()


@extend_schema(parameters=[
    OpenApiParameter("department", int, description="单位编号"),
    OpenApiParameter("q", str, description="姓名、账号或职务"),
])
class PersonList(generics.ListAPIView):
    serializer_class = PersonSerializer

    def get_queryset(self):
        department = self.request.query_params.get("department", "")
        return people_directory(
            department_id=whole_number(department), q=self.request.query_params.get("q", "")[:50]
        )


class PersonDetail(generics.RetrieveAPIView):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return people_directory()


TokenRequest = inline_serializer("TokenRequest", {
    "username": serializers.CharField(),
    "password": serializers.CharField(),
    "otp_code": serializers.CharField(required=False, help_text="领导和管理员在启用双因素时必填"),
    "name": serializers.CharField(required=False, help_text="令牌用途"),
})
TokenResponse = inline_serializer("TokenResponse", {
    "token": serializers.CharField(), "prefix": serializers.CharField(), "expires_at": serializers.DateTimeField(),
})


class TokenView(APIView):
    """Exchange username + password (+ TOTP code where required) for a personal token."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequest, responses={201: TokenResponse, 401: None, 429: None})
    def post(self, request):
        username = str(request.data.get("username", ""))[:150]
        password = str(request.data.get("password", ""))
        if not username or not password:
            raise ValidationError({"detail": "请提供账号和密码。"})
        http_request = request._request
        person = authenticate(http_request, username=username, password=password)
        if getattr(http_request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if person is None:
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            return Response(
                {"detail": f"用户名或密码错误。连续失败 {settings.AXES_FAILURE_LIMIT} 次后，该账户将被锁定 {minutes} 分钟。"},
                status=status.HTTP_401_UNAUTHORIZED,
            )
        if requires_second_factor(person) and not second_factor.token_for_api(person, str(request.data.get("otp_code", ""))):
            return Response({"detail": "需要有效的动态验证码（otp_code）。"}, status=status.HTTP_401_UNAUTHORIZED)
        token, key = api_token_issue(person=person, name=str(request.data.get("name", "")))
        return Response({"token": key, "prefix": token.prefix, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None, 400: None, 401: None})
    def delete(self, request):
        """Revoke the token this request is authenticated with."""
        from oa.org.api_auth import PersonalTokenAuthentication

        result = PersonalTokenAuthentication().authenticate(request)
        if result is None:
            raise ValidationError({"detail": "请在 Authorization 头中提供要吊销的令牌。"})
        person, token = result
        api_token_revoke(actor=person, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoleGrantSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleGrant
        fields = ["id", "person", "person_name", "role", "role_label", "granted_by", "granted_at"]
        read_only_fields = ["granted_by", "granted_at"]
        validators = []  # uniqueness and 三员分立 are the service's (and the database's) to judge


def _security_admin_only(request):
    if not can_grant_roles(request.user):
        raise PermissionDenied("只有安全管理员可以管理角色。")


@extend_schema_view(get=extend_schema(parameters=[OpenApiParameter("role", str, enum=Role.values, description="只看这一角色")]))
class RoleGrantList(generics.ListCreateAPIView):
    """Role grants. Security admin only; every grant is ledgered."""

    serializer_class = RoleGrantSerializer

    def get_queryset(self):
        _security_admin_only(self.request)
        role = self.request.query_params.get("role", "")
        return role_grants_list(role=role if role in Role.values else "").order_by("-id")

    def create(self, request, *args, **kwargs):
        _security_admin_only(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            grant = role_grant(actor=request.user, person=serializer.validated_data["person"], role=serializer.validated_data["role"])
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(self.get_serializer(grant).data, status=status.HTTP_201_CREATED)


class RoleGrantDetail(generics.RetrieveDestroyAPIView):
    serializer_class = RoleGrantSerializer

    def get_object(self):
        _security_admin_only(self.request)
        return get_object_or_404(RoleGrant.objects.select_related("person"), pk=self.kwargs["pk"])

    def perform_destroy(self, instance):
        role_revoke(actor=self.request.user, person=instance.person, role=instance.role)


__all__ = ["ApiToken"]
