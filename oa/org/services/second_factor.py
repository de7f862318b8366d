"""TOTP enrolment, verification and reset (django-otp)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_OTP_ENROL, AUTH_OTP_RESET, AUTH_OTP_VERIFY
from oa.org.models import Person
from oa.org.permissions import can_reset_second_factor

DEVICE_NAME = "手机令牌"


def confirmed_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).first()


def pending_device(person: Person) -> TOTPDevice:
    """The unconfirmed device shown as a QR code during enrolment (created once, reused)."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)


def _code_ok(device: TOTPDevice | None, code: str) -> bool:
    """Six digits that the device accepts (django-otp throttles repeated failures itself)."""
    code = (code or "").strip().replace(" ", "")
    return bool(device and code.isdigit() and device.verify_token(code))


def _verify(request, person: Person, device: TOTPDevice | None, code: str, action: str) -> bool:
    ok = _code_ok(device, code)
    with transaction.atomic():
        if ok and action == AUTH_OTP_ENROL:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        ledger_record(actor=person, action=action, outcome=Outcome.SUCCESS if ok else Outcome.FAILURE)
    if ok:
        otp_login(request, device)
    return ok


def second_factor_enrol(request, *, person: Person, code: str) -> bool:
    return _verify(request, person, pending_device(person), code, AUTH_OTP_ENROL)


def second_factor_verify(request, *, person: Person, code: str) -> bool:
    return _verify(request, person, confirmed_device(person), code, AUTH_OTP_VERIFY)


def token_for_api(person: Person, code: str) -> bool:
    """Check a TOTP code presented to the token endpoint (no session involved)."""
    ok = _code_ok(confirmed_device(person), code)
    ledger_record(actor=person, action=AUTH_OTP_VERIFY, outcome=Outcome.SUCCESS if ok else Outcome.FAILURE, data={"via": "api"})
    return ok


@transaction.atomic
def second_factor_reset(*, actor: Person, person: Person) -> None:
    """A lost phone: the security admin removes the person's devices; they enrol again at next login."""
    if not can_reset_second_factor(actor):
        raise PermissionDenied("只有安全管理员可以重置双因素认证。")
    TOTPDevice.objects.filter(user=person).delete()
    ledger_record(actor=actor, action=AUTH_OTP_RESET, target=person)
