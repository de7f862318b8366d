"""The second factor in tests: switching it on, enrolling a phone, reading today's code."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def require_2fa(settings):
    settings.OA_REQUIRE_2FA = True


def totp_code(person) -> str:
    device = TOTPDevice.objects.get(user=person)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def enrol(person) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person, name="手机令牌", confirmed=True)


def fresh_code(person) -> str:
    """Today's code, accepted again: a code is good once per 30-second step, and django-otp pauses
    after a failure — a person would simply wait for the next step."""
    TOTPDevice.objects.filter(user=person).update(last_t=-1, throttling_failure_timestamp=None, throttling_failure_count=0)
    return totp_code(person)


def issue(client, username, password, **extra):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password, "name": "脚本", **extra},
                       content_type="application/json")


def issued_key(client, username, password, **extra) -> str:
    response = issue(client, username, password, **extra)
    assert response.status_code == 201, response.content
    return response.json()["token"]


def bearer(key) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}
