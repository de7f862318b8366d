"""Response and resolution deadlines (响应时限、解决时限) by severity, in working minutes.

Defaults (a working day is 7 working hours, see worktime.py):

| severity | respond | resolve |
|---|---|---|
| 紧急 urgent | 30 minutes | 4 hours |
| 一般 normal | 4 hours | 2 working days (14 h) |
| 轻微 minor | 1 working day (7 h) | 5 working days (35 h) |

Each is a setting (OA_FEEDBACK_RESPOND_MINUTES_URGENT … OA_FEEDBACK_RESOLVE_MINUTES_MINOR), read at
call time. A warning (预警) is due once OA_FEEDBACK_WARN_PERCENT (75) per cent of an allowance has
passed; 超时 once the deadline has passed. Pure functions: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from oa.feedback.choices import Severity, SlaBadge
from oa.feedback.worktime import add_working_minutes

DEFAULT_RESPOND = {Severity.URGENT: 30, Severity.NORMAL: 240, Severity.MINOR: 420}
DEFAULT_RESOLVE = {Severity.URGENT: 240, Severity.NORMAL: 840, Severity.MINOR: 2100}
DEFAULT_WARN_PERCENT = 75
DEFAULT_AUTO_CONFIRM_DAYS = 3


def _setting(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    value = getattr(settings, name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name} must be a whole number from {minimum}" + (f" to {maximum}" if maximum else "")
                                   + f", got {value!r}")
    return value


def respond_minutes(severity: str) -> int:
    key = Severity(severity)
    return _setting(f"OA_FEEDBACK_RESPOND_MINUTES_{key.name}", DEFAULT_RESPOND[key], minimum=1)


def resolve_minutes(severity: str) -> int:
    key = Severity(severity)
    return _setting(f"OA_FEEDBACK_RESOLVE_MINUTES_{key.name}", DEFAULT_RESOLVE[key], minimum=1)


def warn_percent() -> int:
    return _setting("OA_FEEDBACK_WARN_PERCENT", DEFAULT_WARN_PERCENT, minimum=1, maximum=99)


def auto_confirm_days() -> int:
    """Working days after 已解决 until the ticket confirms itself when the reporter says nothing."""
    return _setting("OA_FEEDBACK_AUTO_CONFIRM_DAYS", DEFAULT_AUTO_CONFIRM_DAYS, minimum=1)


@dataclass(frozen=True)
class Clock:
    warn_at: datetime
    due_at: datetime


def respond_clock(*, severity: str, start: datetime) -> Clock:
    minutes = respond_minutes(severity)
    return Clock(add_working_minutes(start, minutes * warn_percent() // 100), add_working_minutes(start, minutes))


def resolve_clock(*, severity: str, start: datetime) -> Clock:
    minutes = resolve_minutes(severity)
    return Clock(add_working_minutes(start, minutes * warn_percent() // 100), add_working_minutes(start, minutes))


def badge(*, warn_at: datetime | None, due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return SlaBadge.NONE
    if now > due_at:
        return SlaBadge.OVERDUE
    if warn_at is not None and now >= warn_at:
        return SlaBadge.WARNING
    return SlaBadge.NONE
