"""How a signer confirms who they are at 签发: a personal 签发密码 (six digits, hashed with Django's password
hashers), the TOTP code, or the login password — and the login password once per window (OA_SIGN_WINDOW_MINUTES):
after a password login or a confirmed 签发 in this browser session, further 签发 within the window need no code.

Who may sign is the workflow table's business (documents/permissions.py); this only decides how identity is
confirmed. The API never uses the window: a token request always carries a PIN, a TOTP code or the password.
Wrong codes at 签发 count towards the same lockout as wrong TOTP codes (second_factor)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_SIGN_PIN_SET
from oa.org.models import Person

PIN_LENGTH = 6
SESSION_KEY = "oa_sign_identity"  # {"person": pk, "at": epoch seconds} — when identity was last confirmed here


def window_minutes() -> int:
    return max(0, int(getattr(settings, "OA_SIGN_WINDOW_MINUTES", 15)))


def _weak(pin: str) -> bool:
    """Six equal digits, or a run up or down (123456, 987654): the first a stranger would try."""
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


def has_sign_pin(person) -> bool:
    return bool(getattr(person, "sign_pin", ""))


def sign_pin_matches(person, code: str) -> bool:
    code = (code or "").strip()
    return has_sign_pin(person) and code.isdigit() and len(code) == PIN_LENGTH and check_password(code, person.sign_pin)


def set_sign_pin(*, person: Person, password: str, pin: str, pin_again: str | None = None) -> None:
    """Set or change the person's 签发密码; the login password confirms it is really them. Ledgered either way."""
    errors = {}
    if not password or not person.check_password(password):
        errors["password"] = "登录密码不正确，请重新输入。"
    pin = (pin or "").strip()
    if not (pin.isdigit() and len(pin) == PIN_LENGTH):
        errors["pin"] = f"签发密码须为 {PIN_LENGTH} 位数字。"
    elif _weak(pin):
        errors["pin"] = "签发密码过于简单（如 111111、123456），请换一组数字。"
    elif pin_again is not None and pin_again.strip() != pin:
        errors["pin_again"] = "两次输入的签发密码不一致。"
    if errors:
        ledger_record(actor=person, action=AUTH_SIGN_PIN_SET, outcome=Outcome.FAILURE, data={"fields": sorted(errors)})
        raise ValidationError(errors)
    with transaction.atomic():
        changed = has_sign_pin(person)
        person.sign_pin, person.sign_pin_set_at = make_password(pin), timezone.now()
        Person.objects.filter(pk=person.pk).update(sign_pin=person.sign_pin, sign_pin_set_at=person.sign_pin_set_at)
        ledger_record(actor=person, action=AUTH_SIGN_PIN_SET, data={"changed": changed})


# --- the window, kept in the browser session ---------------------------------------------------------------------

def mark_identity_confirmed(request) -> None:
    """A password login or a confirmed 签发 just happened in this session, by the session's own person."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        request.session[SESSION_KEY] = {"person": user.pk, "at": int(time.time())}


def identity_fresh(request) -> bool:
    """True within the window after this session's own person confirmed who they are (0 minutes: never)."""
    minutes = window_minutes()
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not minutes or session is None or user is None or not user.is_authenticated:
        return False
    mark = session.get(SESSION_KEY) or {}
    if not isinstance(mark, dict) or mark.get("person") != user.pk or str(session.get("_auth_user_id")) != str(user.pk):
        return False
    at = mark.get("at")
    return isinstance(at, int) and 0 <= time.time() - at <= minutes * 60
