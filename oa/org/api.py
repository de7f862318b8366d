"""/api/v1/ for the person, departments, people and role grants (tokens: api_tokens.py)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from oa.core.params import whole_number
from oa.org.choices import Role
from oa.org.models import Department, Person, RoleGrant
from oa.org.permissions import can_grant_roles, requires_second_factor
from oa.org.selectors import departments_active, people_directory, role_grants_list
from oa.org.services.roles import role_grant, role_revoke


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



class SignPinRequest(serializers.Serializer):
    password = serializers.CharField(help_text="登录密码（确认是本人）", style={"input_type": "password"})
    pin = serializers.CharField(help_text="新的签发密码：6 位数字")


class SignPinStatus(serializers.Serializer):
    has_pin = serializers.BooleanField(help_text="是否已设置签发密码")
    set_at = serializers.DateTimeField(allow_null=True, help_text="设置时间")


def _sign_pin_status(person) -> dict:
    return {"has_pin": bool(person.sign_pin), "set_at": person.sign_pin_set_at}


class SignPinView(generics.GenericAPIView):
    """GET/POST /api/v1/me/sign-pin/ — whether the person has a 签发密码; set or change it (the login password
    confirms it is them). The PIN itself is never returned."""

    serializer_class = SignPinStatus

    @extend_schema(operation_id="me_sign_pin_retrieve", responses={200: SignPinStatus})
    def get(self, request):
        return Response(SignPinStatus(_sign_pin_status(request.user)).data)

    @extend_schema(operation_id="me_sign_pin_set", request=SignPinRequest, responses={200: SignPinStatus})
    def post(self, request):
        from oa.org.services.sign_pin import set_sign_pin

        data = request.data
        set_sign_pin(person=request.user, password=str(data.get("password", "")), pin=str(data.get("pin", "")))
        return Response(SignPinStatus(_sign_pin_status(request.user)).data)
