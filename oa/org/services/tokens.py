"""Personal API tokens: issued for username + password (+ TOTP where required), bound to the device
whose code was presented, expiring after OA_API_TOKEN_DAYS, renewable, revocable."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_TOKEN_ISSUE, AUTH_TOKEN_RENEW, AUTH_TOKEN_REVOKE
from oa.org.models import ApiToken, Person, hash_token
from oa.org.permissions import can_manage_token, requires_second_factor


def _expiry():
    return timezone.now() + timedelta(days=settings.OA_API_TOKEN_DAYS)


@transaction.atomic
def api_token_issue(*, person: Person, name: str = "", device: TOTPDevice | None = None) -> tuple[ApiToken, str]:
    """Create a token; returns it with the plain key, which is never stored or shown again. `device`
    is the TOTP device whose code was just accepted, if one was presented."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name[:60], prefix=key[:8], key_hash=hash_token(key), expires_at=_expiry(), otp_device=device,
    )
    ledger_record(actor=person, action=AUTH_TOKEN_ISSUE, target=token,
                  data={"prefix": token.prefix, "name": name, "second_factor": device is not None})
    return token, key


@transaction.atomic
def api_token_renew(*, person: Person, token: ApiToken, device: TOTPDevice | None = None) -> ApiToken:
    """The owner extends a usable token by OA_API_TOKEN_DAYS from now; with a device whose code was
    just accepted the token is bound to it (and so works again where a second factor is required)."""
    if token.person_id != person.pk or not token.is_usable:
        raise PermissionDenied("只能续期本人未过期、未吊销的令牌。")
    if device is None and requires_second_factor(person):
        raise PermissionDenied("续期须提供有效的动态验证码（otp_code）。")
    token.expires_at, token.renewed_at = _expiry(), timezone.now()
    token.otp_device = device or token.otp_device
    token.save(update_fields=["expires_at", "renewed_at", "otp_device"])
    ledger_record(actor=person, action=AUTH_TOKEN_RENEW, target=token,
                  data={"prefix": token.prefix, "second_factor": token.has_second_factor})
    return token


@transaction.atomic
def api_token_revoke(*, actor: Person, token: ApiToken) -> None:
    """The owner or the security admin revokes a token; revoking it again changes nothing."""
    if not can_manage_token(actor, token):
        raise PermissionDenied("只能吊销本人的令牌。")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
        ledger_record(actor=actor, action=AUTH_TOKEN_REVOKE, target=token,
                      data={"prefix": token.prefix, "owner": token.person.username})
