"""Finding 1 of issue 15: a token is bound to the factors it was issued with. A token issued without
a TOTP code stops working once a second factor is required of its person — OA_REQUIRE_2FA switched
on, or a role that needs it granted later — until it is renewed with a code."""

import pytest

from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.models import ApiToken
from oa.org.services.roles import role_grant
from oa.org.services.second_factor import second_factor_reset
from tests.org.conftest import bearer, enrol, fresh_code, issued_key

pytestmark = pytest.mark.django_db

GUARDED = ("/api/v1/me/", "/api/v1/documents/")


def _refused(client, key):
    for url in GUARDED:
        response = client.get(url, **bearer(key))
        assert response.status_code in (401, 403), (url, response.status_code)
        detail = response.json()["detail"]
        assert "动态验证码" in detail and "续期" in detail and "/api/v1/auth/token/renew/" in detail, detail


def _accepted(client, key):
    for url in GUARDED:
        assert client.get(url, **bearer(key)).status_code == 200, url


def test_a_token_issued_before_2fa_was_switched_on_is_refused_after(settings, personas, client, password):
    settings.OA_REQUIRE_2FA = False
    key = issued_key(client, "a_leader", password)
    _accepted(client, key)
    settings.OA_REQUIRE_2FA = True  # the restart with two-factor login on
    _refused(client, key)


def test_a_token_of_a_person_later_given_a_2fa_role_is_refused(settings, personas, client, password):
    settings.OA_REQUIRE_2FA = True
    key = issued_key(client, "a_staff", password)  # 科员: no second factor asked, none given
    _accepted(client, key)
    role_grant(actor=personas.security_admin, person=personas.staff_a, role=Role.LEADER)
    _refused(client, key)


def test_renewing_with_a_code_binds_the_token_to_the_device(settings, personas, client, password):
    settings.OA_REQUIRE_2FA = False
    key = issued_key(client, "a_leader", password)
    settings.OA_REQUIRE_2FA = True
    enrol(personas.leader_a)
    without = client.post("/api/v1/auth/token/renew/", {}, content_type="application/json", **bearer(key))
    assert without.status_code == 401 and "otp_code" in without.json()["detail"]
    wrong = client.post("/api/v1/auth/token/renew/", {"otp_code": "000000"}, content_type="application/json", **bearer(key))
    assert wrong.status_code == 401
    _refused(client, key)
    renewed = client.post("/api/v1/auth/token/renew/", {"otp_code": fresh_code(personas.leader_a)},
                          content_type="application/json", **bearer(key))
    assert renewed.status_code == 200, renewed.content
    assert renewed.json()["second_factor"] is True and renewed.json()["usable"] is True
    _accepted(client, key)
    assert LedgerEntry.objects.filter(action="auth.token.renew", actor=personas.leader_a).exists()


def test_a_token_issued_with_a_code_works_while_2fa_is_required(require_2fa, personas, client, password):
    enrol(personas.leader_a)
    key = issued_key(client, "a_leader", password, otp_code=fresh_code(personas.leader_a))
    _accepted(client, key)
    assert ApiToken.objects.get(person=personas.leader_a).has_second_factor


def test_resetting_the_device_unbinds_the_tokens_issued_with_it(require_2fa, personas, client, password):
    enrol(personas.leader_a)
    key = issued_key(client, "a_leader", password, otp_code=fresh_code(personas.leader_a))
    second_factor_reset(actor=personas.security_admin, person=personas.leader_a)
    _refused(client, key)


def test_a_token_lacking_the_second_factor_may_still_revoke_itself(settings, personas, client, password):
    settings.OA_REQUIRE_2FA = False
    key = issued_key(client, "a_leader", password)
    settings.OA_REQUIRE_2FA = True
    assert client.delete("/api/v1/auth/token/", **bearer(key)).status_code == 204
    assert ApiToken.objects.get(person=personas.leader_a).revoked_at is not None
