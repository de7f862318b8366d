"""Personal tokens expire, are renewed, and are listed and revoked by their owner and the security
admin; for anyone else another person's token does not exist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.org.models import ApiToken
from tests.org.conftest import bearer, issued_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(personas, client, password):
    """Two tokens of a_clerk, one of b_clerk."""
    keys = {"a1": issued_key(client, "a_clerk", password), "a2": issued_key(client, "a_clerk", password),
            "b": issued_key(client, "b_clerk", password)}
    return {name: ApiToken.objects.get(prefix=key[:8]) for name, key in keys.items()} | {"keys": keys}


def test_a_token_lasts_the_configured_days(settings, personas, client, password):
    settings.OA_API_TOKEN_DAYS = 7
    issued_key(client, "a_clerk", password)
    left = ApiToken.objects.get(person=personas.clerk_a).expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)


def test_an_expired_token_is_refused_and_cannot_be_renewed(personas, client, tokens):
    ApiToken.objects.filter(pk=tokens["a1"].pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    key = tokens["keys"]["a1"]
    refused = client.get("/api/v1/me/", **bearer(key))
    assert refused.status_code == 401 and "过期" in refused.json()["detail"]
    assert client.post("/api/v1/auth/token/renew/", {}, content_type="application/json", **bearer(key)).status_code == 401


def test_renewal_extends_a_usable_token(settings, personas, client, tokens):
    ApiToken.objects.filter(pk=tokens["a1"].pk).update(expires_at=timezone.now() + timedelta(hours=1))
    settings.OA_API_TOKEN_DAYS = 30
    renewed = client.post("/api/v1/auth/token/renew/", {}, content_type="application/json", **bearer(tokens["keys"]["a1"]))
    assert renewed.status_code == 200, renewed.content
    token = ApiToken.objects.get(pk=tokens["a1"].pk)
    assert token.expires_at > timezone.now() + timedelta(days=29) and token.renewed_at is not None
    assert renewed.json()["id"] == token.pk and renewed.json()["usable"] is True
    assert LedgerEntry.objects.filter(action="auth.token.renew", target_id=str(token.pk)).exists()
    # Renewal takes a token, not a session.
    assert client.post("/api/v1/auth/token/renew/", {}, content_type="application/json").status_code in (401, 403)


def test_the_owner_lists_their_own_tokens_and_never_a_key(personas, client, tokens):
    body = client.get("/api/v1/auth/tokens/", **bearer(tokens["keys"]["a1"])).json()
    assert {row["id"] for row in body["results"]} == {tokens["a1"].pk, tokens["a2"].pk}
    assert not any(key in str(body) for key in tokens["keys"].values())
    assert {row["prefix"] for row in body["results"]} == {tokens["a1"].prefix, tokens["a2"].prefix}


def test_the_security_admin_lists_everybodys_tokens(personas, client, login, tokens):
    login(personas.security_admin)
    every = {row["id"] for row in client.get("/api/v1/auth/tokens/").json()["results"]}
    assert every == {tokens["a1"].pk, tokens["a2"].pk, tokens["b"].pk}
    of_b = client.get(f"/api/v1/auth/tokens/?person={personas.clerk_b.pk}").json()["results"]
    assert [row["username"] for row in of_b] == ["b_clerk"]


def test_the_owner_revokes_one_of_their_tokens(personas, client, tokens):
    mine = bearer(tokens["keys"]["a1"])
    assert client.delete(f"/api/v1/auth/tokens/{tokens['a2'].pk}/", **mine).status_code == 204
    assert client.get("/api/v1/me/", **bearer(tokens["keys"]["a2"])).status_code == 401
    row = client.get(f"/api/v1/auth/tokens/{tokens['a2'].pk}/", **mine).json()
    assert row["revoked_at"] and row["usable"] is False
    assert client.get("/api/v1/me/", **mine).status_code == 200


def test_the_security_admin_revokes_anybodys_token(personas, client, login, tokens):
    login(personas.security_admin)
    assert client.delete(f"/api/v1/auth/tokens/{tokens['b'].pk}/").status_code == 204
    assert client.get("/api/v1/me/", **bearer(tokens["keys"]["b"])).status_code == 401
    entry = LedgerEntry.objects.get(action="auth.token.revoke", target_id=str(tokens["b"].pk))
    assert entry.actor_id == personas.security_admin.pk and entry.data["owner"] == "b_clerk"


@pytest.mark.parametrize("who", ["clerk_b", "staff_a", "system_admin", "audit_admin"])
def test_nobody_else_sees_or_revokes_a_token(personas, client, login, tokens, who):
    login(getattr(personas, who))
    url = f"/api/v1/auth/tokens/{tokens['a1'].pk}/"
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404
    assert tokens["a1"].pk not in {row["id"] for row in client.get("/api/v1/auth/tokens/").json()["results"]}
    assert client.get("/api/v1/me/", **bearer(tokens["keys"]["a1"])).status_code == 200
