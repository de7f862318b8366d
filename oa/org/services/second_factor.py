"""TOTP enrolment, verification and reset (django-otp), and the lockout after wrong codes.

Wrong codes are counted per person like django-axes counts wrong passwords per username, with its
numbers: AXES_FAILURE_LIMIT wrong codes in a row lock the second factor for AXES_COOLOFF_TIME; a right
code resets the count. django-otp's own throttle (a growing pause after each failure) applies too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_OTP_ENROL, AUTH_OTP_LOCKOUT, AUTH_OTP_RESET, AUTH_OTP_VERIFY
from oa.org.models import Person
from oa.org.permissions import can_reset_second_factor

DEVICE_NAME = "手机令牌"


class SecondFactorLockedOut(Exception):
    """Too many wrong codes in a row; the person waits like after too many wrong passwords."""

    def __init__(self):
        super().__init__(second_factor_lockout_message())


def second_factor_lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"动态验证码连续 {settings.AXES_FAILURE_LIMIT} 次错误，已被锁定 {minutes} 分钟。"
        "请稍后再试，或联系安全管理员。"
    )


def confirmed_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).first()


def pending_device(person: Person) -> TOTPDevice:
    """The unconfirmed device shown as a QR code during enrolment (created once, reused)."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)


def _failures(person: Person) -> tuple[int, object]:
    row = Person.objects.filter(pk=person.pk).values_list("otp_failures", "otp_failed_at").first()
    return row or (0, None)


def _recent(failed_at) -> bool:
    return failed_at is not None and failed_at > timezone.now() - settings.AXES_COOLOFF_TIME


def second_factor_locked(person: Person) -> bool:
    failures, failed_at = _failures(person)
    return failures >= settings.AXES_FAILURE_LIMIT and _recent(failed_at)


def _count(person: Person, ok: bool) -> bool:
    """Record the outcome of one code (one UPDATE, safe against parallel attempts); True when this
    failure reaches the limit. Failures older than the cool-off no longer count, as with django-axes."""
    people = Person.objects.filter(pk=person.pk)
    if ok:
        people.update(otp_failures=0)
        return False
    now = timezone.now()
    people.update(
        otp_failures=Case(When(otp_failed_at__gt=now - settings.AXES_COOLOFF_TIME, then=F("otp_failures") + 1), default=1),
        otp_failed_at=now,
    )
    return _failures(person)[0] >= settings.AXES_FAILURE_LIMIT


def _code_ok(device: TOTPDevice | None, code: str) -> bool:
    """Six digits that the device accepts (django-otp throttles repeated failures itself)."""
    code = (code or "").strip().replace(" ", "")
    return bool(device and code.isdigit() and device.verify_token(code))


def _attempt(person: Person, device: TOTPDevice | None, code: str, action: str, data: dict) -> bool:
    """One code presented by `person`, ledgered; raises SecondFactorLockedOut while locked (the code
    is then not even checked) and on the failure that reaches the limit."""
    if second_factor_locked(person):
        ledger_record(actor=person, action=action, outcome=Outcome.DENIED, data={**data, "locked_out": True})
        raise SecondFactorLockedOut
    ok = _code_ok(device, code)
    with transaction.atomic():
        if ok and action == AUTH_OTP_ENROL:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        ledger_record(actor=person, action=action, outcome=Outcome.SUCCESS if ok else Outcome.FAILURE, data=data)
        locks = _count(person, ok)
        if locks:
            ledger_record(actor=person, action=AUTH_OTP_LOCKOUT, outcome=Outcome.DENIED, data={"username": person.username})
    if locks:
        raise SecondFactorLockedOut
    return ok


def count_code(person: Person, ok: bool) -> bool:
    """A code presented elsewhere (签发 confirmation) counts like a TOTP code at login: a right one resets the
    count, a wrong one adds to it; True (and a lockout in the ledger) when this failure reaches the limit."""
    locks = _count(person, ok)
    if locks:
        ledger_record(actor=person, action=AUTH_OTP_LOCKOUT, outcome=Outcome.DENIED, data={"username": person.username})
    return locks


def _verify(request, person: Person, device: TOTPDevice | None, code: str, action: str) -> bool:
    ok = _attempt(person, device, code, action, {})
    if ok:
        otp_login(request, device)
    return ok


def second_factor_enrol(request, *, person: Person, code: str) -> bool:
    return _verify(request, person, pending_device(person), code, AUTH_OTP_ENROL)


def second_factor_verify(request, *, person: Person, code: str) -> bool:
    return _verify(request, person, confirmed_device(person), code, AUTH_OTP_VERIFY)


def device_for_api(person: Person, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts a code presented to the token endpoints (no session
    involved), or None; raises SecondFactorLockedOut like the login page."""
    device = confirmed_device(person)
    return device if _attempt(person, device, code, AUTH_OTP_VERIFY, {"via": "api"}) else None


@transaction.atomic
def second_factor_reset(*, actor: Person, person: Person) -> None:
    """A lost phone: the security admin removes the person's devices (their tokens lose the second
    factor they were bound to) and lifts a lockout; they enrol again at next login."""
    if not can_reset_second_factor(actor):
        raise PermissionDenied("只有安全管理员可以重置双因素认证。")
    TOTPDevice.objects.filter(user=person).delete()
    Person.objects.filter(pk=person.pk).update(otp_failures=0, otp_failed_at=None)
    ledger_record(actor=actor, action=AUTH_OTP_RESET, target=person)
