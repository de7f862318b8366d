"""/api/v1/auth/…: personal tokens — issue, renew, list, revoke.

A token is issued for username + password (+ a TOTP code where one is required) and bound to the
device whose code was presented; it expires after OA_API_TOKEN_DAYS and is renewed with the token
itself (+ a code where required). The owner and the security admin list and revoke tokens; for anyone
else a token does not exist (404).
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.params import whole_number
from oa.org.api_auth import PersonalTokenAuthentication
from oa.org.models import ApiToken
from oa.org.permissions import requires_second_factor, token_lacks_second_factor
from oa.org.selectors import api_tokens_visible
from oa.org.services import second_factor
from oa.org.services.tokens import api_token_issue, api_token_renew, api_token_revoke
from oa.org.views.auth import lockout_message

OTP_NEEDED = "需要有效的动态验证码（otp_code）。"


class ApiTokenSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    username = serializers.CharField(source="person.username", read_only=True)
    second_factor = serializers.BooleanField(source="has_second_factor", read_only=True,
                                             help_text="签发或最近续期时是否验证了动态验证码")
    usable = serializers.SerializerMethodField(help_text="现在能否用于认证：未过期、未吊销，且在须双因素时已绑定动态验证码")

    class Meta:
        model = ApiToken
        fields = ["id", "person", "person_name", "username", "name", "prefix", "created_at", "expires_at", "renewed_at",
                  "last_used_at", "revoked_at", "second_factor", "usable"]
        read_only_fields = fields

    def get_usable(self, token) -> bool:
        return token.is_usable and not token_lacks_second_factor(token)


TokenRequest = inline_serializer("TokenRequest", {
    "username": serializers.CharField(),
    "password": serializers.CharField(),
    "otp_code": serializers.CharField(required=False, help_text="领导和管理员在启用双因素时必填"),
    "name": serializers.CharField(required=False, help_text="令牌用途"),
})
TokenResponse = inline_serializer("TokenResponse", {
    "token": serializers.CharField(), "prefix": serializers.CharField(), "expires_at": serializers.DateTimeField(),
})
RenewRequest = inline_serializer("TokenRenewRequest", {
    "otp_code": serializers.CharField(required=False, help_text="须双因素认证的账号必填；续期后令牌绑定该动态验证码设备"),
})
Detail = inline_serializer("TokenRefusal", {"detail": serializers.CharField()})


def _device_or_refusal(person, code: str, *, required: bool):
    """(device, None) when the code is right or not needed; (None, Response) otherwise."""
    if not required and not code:
        return None, None
    try:
        device = second_factor.device_for_api(person, code)
    except second_factor.SecondFactorLockedOut as locked:
        return None, Response({"detail": str(locked)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if device is None:
        return None, Response({"detail": OTP_NEEDED}, status=status.HTTP_401_UNAUTHORIZED)
    return device, None


class TokenView(APIView):
    """Exchange username + password (+ TOTP code where required) for a personal token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    token_may_lack_second_factor = True

    @extend_schema(request=TokenRequest, responses={201: TokenResponse, 401: Detail, 429: Detail})
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
        code = str(request.data.get("otp_code", ""))
        device, refusal = _device_or_refusal(person, code, required=requires_second_factor(person))
        if refusal:
            return refusal
        token, key = api_token_issue(person=person, name=str(request.data.get("name", "")), device=device)
        return Response({"token": key, "prefix": token.prefix,
                         "expires_at": serializers.DateTimeField().to_representation(token.expires_at)},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token this request is authenticated with (also one that lacks the second factor)."""
        result = PersonalTokenAuthentication().authenticate(request)
        if result is None:
            raise ValidationError({"detail": "请在 Authorization 头中提供要吊销的令牌。"})
        person, token = result
        api_token_revoke(actor=person, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRenew(APIView):
    """Renew the token this request is authenticated with: it lasts OA_API_TOKEN_DAYS from now. Where
    a second factor is required, `otp_code` is too, and a token issued without one works again."""

    authentication_classes = [PersonalTokenAuthentication]
    token_may_lack_second_factor = True

    @extend_schema(request=RenewRequest, responses={200: ApiTokenSerializer, 401: Detail, 429: Detail})
    def post(self, request):
        person, token = request.user, request.auth
        code = str(request.data.get("otp_code", ""))
        device, refusal = _device_or_refusal(person, code, required=requires_second_factor(person))
        if refusal:
            return refusal
        try:
            token = api_token_renew(person=person, token=token, device=device)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(ApiTokenSerializer(token).data)


@extend_schema_view(get=extend_schema(parameters=[OpenApiParameter("person", int, description="人员编号（仅安全管理员）")]))
class TokenList(generics.ListAPIView):
    """The person's own tokens, newest first; the security admin sees everybody's."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return api_tokens_visible(self.request.user, person_id=whole_number(self.request.query_params.get("person", "")))


class TokenDetail(generics.RetrieveDestroyAPIView):
    """One token; DELETE revokes it (kept in the list with its revocation time)."""

    serializer_class = ApiTokenSerializer

    def get_object(self):
        return get_object_or_404(api_tokens_visible(self.request.user), pk=self.kwargs["pk"])

    def perform_destroy(self, instance):
        api_token_revoke(actor=self.request.user, token=instance)
