"""Wrong TOTP codes lock the second factor like wrong passwords lock the account: django-axes'
numbers (AXES_FAILURE_LIMIT in a row → AXES_COOLOFF_TIME), per person, the lockout ledgered —
on the login's second step, the token endpoint and token renewal alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.org.models import Person
from oa.org.services.second_factor import second_factor_reset
from tests.org.conftest import enrol, fresh_code, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(require_2fa, personas):
    enrol(personas.leader_a)
    return personas.leader_a


def _cooled_off(settings, person):
    Person.objects.filter(pk=person.pk).update(otp_failed_at=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))


def test_the_token_endpoint_locks_after_the_password_limit_of_wrong_codes(settings, leader, client, password):
    answers = [issue(client, "a_leader", password, otp_code="000000") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [a.status_code for a in answers] == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert "已被锁定" in answers[-1].json()["detail"]
    right = issue(client, "a_leader", password, otp_code=fresh_code(leader))
    assert right.status_code == 429 and "动态验证码" in right.json()["detail"]
    assert LedgerEntry.objects.filter(action="auth.otp.lockout", actor=leader).count() == 1
    assert LedgerEntry.objects.filter(action="auth.otp.verify", actor=leader, outcome="denied").exists()
    _cooled_off(settings, leader)
    assert issue(client, "a_leader", password, otp_code=fresh_code(leader)).status_code == 201


def test_a_right_code_resets_the_count(settings, leader, client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        issue(client, "a_leader", password, otp_code="000000")
    assert issue(client, "a_leader", password, otp_code=fresh_code(leader)).status_code == 201
    assert issue(client, "a_leader", password, otp_code="000000").status_code == 401  # one, not five


def test_failures_older_than_the_cool_off_no_longer_count(settings, leader, client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        issue(client, "a_leader", password, otp_code="000000")
    _cooled_off(settings, leader)
    assert issue(client, "a_leader", password, otp_code="000000").status_code == 401


def test_the_login_second_step_locks_too(settings, leader, client, login):
    login(leader)
    pages = [client.post("/accounts/otp/", {"code": "000000"}) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [p.status_code for p in pages] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert "已被锁定" in pages[-1].content.decode()
    right = client.post("/accounts/otp/", {"code": fresh_code(leader)})
    assert right.status_code == 429
    assert client.get("/todo/").status_code == 302  # still not through the second step
    assert LedgerEntry.objects.filter(action="auth.otp.lockout", actor=leader).exists()


def test_renewal_counts_toward_the_same_lockout(settings, leader, client, password):
    key = issue(client, "a_leader", password, otp_code=fresh_code(leader)).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    answers = [client.post("/api/v1/auth/token/renew/", {"otp_code": "000000"}, content_type="application/json", **auth)
               for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers[-1].status_code == 429
    assert issue(client, "a_leader", password, otp_code=fresh_code(leader)).status_code == 429


def test_the_security_admin_lifts_the_lockout_with_a_reset(settings, personas, leader, client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        issue(client, "a_leader", password, otp_code="000000")
    second_factor_reset(actor=personas.security_admin, person=leader)
    enrol(leader)
    assert issue(client, "a_leader", password, otp_code=fresh_code(leader)).status_code == 201
