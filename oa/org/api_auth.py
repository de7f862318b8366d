"""API authentication: personal tokens, and sessions that have passed the second factor."""

from django.utils import timezone
from rest_framework import authentication, exceptions

from oa.org.models import ApiToken, hash_token
from oa.org.permissions import requires_second_factor

TOKEN_KEYWORD = "Token"


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`; only the key's SHA-256 is stored."""

    def authenticate(self, request):
        header = str(request.META.get("HTTP_AUTHORIZATION", "")).split()
        if not header or header[0].lower() != TOKEN_KEYWORD.lower():
            return None
        if len(header) != 2 or not header[1].isascii():
            raise exceptions.AuthenticationFailed("令牌格式应为：Authorization: Token <令牌>")
        key = header[1]
        token = ApiToken.objects.select_related("person", "person__department").filter(key_hash=hash_token(key)).first()
        if token is None or not token.is_usable or not token.person.is_active:
            raise exceptions.AuthenticationFailed("令牌无效、已过期或已吊销。")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        # A token is only issued after the second factor, so its requests count as verified.
        token.person.is_verified = lambda: True
        return token.person, token

    def authenticate_header(self, request):
        return TOKEN_KEYWORD


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once the person has passed the second factor if they must."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        if requires_second_factor(user) and not user.is_verified():
            raise exceptions.PermissionDenied("需要先完成双因素认证。")
        return user, auth
