"""Personal API tokens: issued for username + password (+ TOTP where required), revocable."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_TOKEN_ISSUE, AUTH_TOKEN_REVOKE
from oa.org.models import ApiToken, Person, hash_token


@transaction.atomic
def api_token_issue(*, person: Person, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; returns it with the plain key, which is never stored or shown again."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name[:60],
        prefix=key[:8],
        key_hash=hash_token(key),
        expires_at=timezone.now() + timedelta(days=settings.OA_API_TOKEN_DAYS),
    )
    ledger_record(actor=person, action=AUTH_TOKEN_ISSUE, target=token, data={"prefix": token.prefix, "name": name})
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Person, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        ledger_record(actor=actor, action=AUTH_TOKEN_REVOKE, target=token, data={"prefix": token.prefix})
