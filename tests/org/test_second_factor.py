"""TOTP for leaders and admins when OA_REQUIRE_2FA is on."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from oa.audit.models import LedgerEntry
from oa.org.services.second_factor import second_factor_reset
from tests.org.conftest import totp_code as _code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["leader_a", "head_a", "system_admin", "security_admin", "audit_admin"])
def test_leaders_and_admins_must_enrol_before_seeing_anything(require_2fa, personas, client, login, who):
    person = getattr(personas, who)
    login(person)
    response = client.get("/todo/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    enrol = client.get(response["Location"])
    assert "绑定手机身份验证器" in enrol.content.decode()
    assert client.get("/api/v1/me/").status_code == 403


@pytest.mark.parametrize("who", ["staff_a", "clerk_a", "director_a", "info_center"])
def test_other_roles_are_not_asked_for_a_second_factor(require_2fa, personas, client, login, who):
    login(getattr(personas, who))
    assert client.get("/todo/").status_code == 200


def test_second_factor_is_off_unless_configured(settings, personas, client, login):
    settings.OA_REQUIRE_2FA = False
    login(personas.leader_a)
    assert client.get("/todo/").status_code == 200


def test_enrol_then_verify_at_the_next_login(require_2fa, personas, client, login):
    login(personas.leader_a)
    client.get("/accounts/otp/")
    wrong = client.post("/accounts/otp/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    # django-otp throttles after a failure (1 s, doubling); a person would wait a moment.
    TOTPDevice.objects.filter(user=personas.leader_a).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    done = client.post("/accounts/otp/", {"code": _code(personas.leader_a), "next": "/todo/"})
    assert done.status_code == 302 and done["Location"] == "/todo/"
    assert client.get("/todo/").status_code == 200
    assert client.get("/api/v1/me/").json()["requires_second_factor"] is True
    client.post("/accounts/logout/")

    login(personas.leader_a)
    page = client.get("/accounts/otp/")
    assert "输入当前显示的 6 位动态验证码" in page.content.decode()
    # A code is accepted once only; the next login in real life comes in a later 30-second step.
    TOTPDevice.objects.filter(user=personas.leader_a).update(last_t=-1)
    assert client.post("/accounts/otp/", {"code": _code(personas.leader_a)}).status_code == 302
    assert client.get("/todo/").status_code == 200
    actions = list(LedgerEntry.objects.filter(actor=personas.leader_a).values_list("action", "outcome"))
    assert ("auth.otp.enrol", "failure") in actions and ("auth.otp.enrol", "success") in actions
    assert ("auth.otp.verify", "success") in actions


def test_token_endpoint_demands_the_code_from_those_who_need_it(require_2fa, personas, client, password):
    TOTPDevice.objects.create(user=personas.leader_a, name="手机令牌", confirmed=True)
    without = client.post("/api/v1/auth/token/", {"username": "a_leader", "password": password}, content_type="application/json")
    assert without.status_code == 401 and "otp_code" in without.json()["detail"]
    ok = client.post(
        "/api/v1/auth/token/",
        {"username": "a_leader", "password": password, "otp_code": _code(personas.leader_a)},
        content_type="application/json",
    )
    assert ok.status_code == 201
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert me.status_code == 200 and me.json()["username"] == "a_leader"


def test_a_wrong_code_is_throttled_even_if_the_next_is_right(require_2fa, personas, client, login):
    login(personas.leader_a)
    client.get("/accounts/otp/")
    client.post("/accounts/otp/", {"code": "000000"})
    assert client.post("/accounts/otp/", {"code": _code(personas.leader_a)}).status_code == 200
    assert client.get("/todo/").status_code == 302


def test_security_admin_resets_a_lost_phone(personas):
    TOTPDevice.objects.create(user=personas.leader_a, name="手机令牌", confirmed=True)
    second_factor_reset(actor=personas.security_admin, person=personas.leader_a)
    assert not TOTPDevice.objects.filter(user=personas.leader_a).exists()
    assert LedgerEntry.objects.filter(action="auth.otp.reset", target_id=str(personas.leader_a.pk)).exists()
