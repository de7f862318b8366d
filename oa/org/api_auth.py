"""API authentication: personal tokens, and sessions that have passed the second factor."""

from django.utils import timezone
from rest_framework import authentication, exceptions

from oa.org.models import ApiToken, hash_token
from oa.org.permissions import requires_second_factor, token_lacks_second_factor

TOKEN_KEYWORD = "Token"
RENEW_WITH_CODE = (
    "您的账号现须双因素认证，而该令牌签发时未验证动态验证码，已暂停使用。"
    "请携带该令牌和动态验证码调用 POST /api/v1/auth/token/renew/（请求体 {\"otp_code\": \"123456\"}）续期后再用。"
)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`; only the key's SHA-256 is stored. A token stands for its person
    only with the factors it was issued with: where a second factor is required (OA_REQUIRE_2FA and a
    role that needs it) a token bound to no TOTP device is refused until renewed with a code. A view
    whose `token_may_lack_second_factor` is true (renewing or revoking the token itself) accepts it."""

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
        lacking = token_lacks_second_factor(token)
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if lacking and not getattr(view, "token_may_lack_second_factor", False):
            raise exceptions.AuthenticationFailed(RENEW_WITH_CODE)
        now = timezone.now()
        today = timezone.localdate(now)
        if token.login_day != today:
            count_token_login(token, now=now, today=today)
        elif token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        # The token's requests count as verified when it carries the second factor (or none is needed).
        token.person.is_verified = lambda: not lacking
        return token.person, token

    def authenticate_header(self, request):
        return TOKEN_KEYWORD


def count_token_login(token, *, now, today) -> bool:
    """A token's first use on a day (Asia/Shanghai) counts as a login: the ledger's `auth.login` with
    {"via": "token"}, so 登录次数 and 登录人数 count it like a login through the page. The day stamp moves
    with a conditional update (in the same statement as `last_used_at`), so two first requests at once
    record it once; every later request that day compares the stamp already read with the token."""
    from django.db import transaction

    from oa.audit.services import ledger_record
    from oa.org.ledger_actions import AUTH_LOGIN

    with transaction.atomic():
        moved = ApiToken.objects.filter(pk=token.pk).exclude(login_day=today).update(login_day=today, last_used_at=now)
        if moved:
            ledger_record(actor=token.person, action=AUTH_LOGIN, data={"via": "token", "token": token.prefix})
    token.login_day = today
    return bool(moved)


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
