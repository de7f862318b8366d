"""Working hours (工作时间) on the Chinese statutory calendar, for ticket deadlines.

Which *days* are working days is decided by `oa.calendar.is_working_day` (holidays off,
调休 make-up weekend days on) — not duplicated here. This module adds the hours of a working day:
by default 9:00–12:00 and 13:30–17:30 (7 working hours a day), settings.OA_FEEDBACK_WORKING_HOURS.

Pure functions, no database; settings are read at call time. Times are taken on the administration's
clock (settings.TIME_ZONE); a naive datetime is taken to be local already.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from oa.calendar import is_working_day

DEFAULT_WORKING_HOURS = "09:00-12:00,13:30-17:30"
MAX_DAYS = 3660  # never walk further than ten years looking for working time


def _minute(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not 0 <= value <= 24 * 60:
        raise ValueError(text)
    return value


def working_periods() -> list[tuple[int, int]]:
    """The working periods of a working day as (start, end) minutes after midnight, in order."""
    raw = getattr(settings, "OA_FEEDBACK_WORKING_HOURS", DEFAULT_WORKING_HOURS) or DEFAULT_WORKING_HOURS
    try:
        periods = []
        for part in str(raw).split(","):
            start, _, end = part.partition("-")
            periods.append((_minute(start), _minute(end)))
    except ValueError:
        raise ImproperlyConfigured(f"OA_FEEDBACK_WORKING_HOURS must look like 09:00-12:00,13:30-17:30, got {raw!r}") from None
    periods.sort()
    if any(s >= e for s, e in periods) or any(a[1] > b[0] for a, b in zip(periods, periods[1:], strict=False)):
        raise ImproperlyConfigured(f"OA_FEEDBACK_WORKING_HOURS periods must be increasing and not overlap: {raw!r}")
    return periods


def minutes_per_day() -> int:
    return sum(end - start for start, end in working_periods())


def _local(moment: datetime) -> datetime:
    zone = timezone.get_default_timezone()
    return timezone.make_aware(moment, zone) if timezone.is_naive(moment) else timezone.localtime(moment, zone)


def _at(day, minute: int) -> datetime:
    zone = timezone.get_default_timezone()
    return timezone.make_aware(datetime.combine(day, time()) + timedelta(minutes=minute), zone)


def add_working_minutes(start: datetime, minutes: int) -> datetime:
    """The moment `minutes` working minutes after `start`. Time outside working hours does not count:
    a ticket filed at 17:00 on a Friday with 30 minutes to answer is due at 9:30 on the next working day."""
    if minutes <= 0:
        return _local(start)
    local = _local(start)
    day = local.date()
    cursor = local.hour * 60 + local.minute + local.second / 60
    remaining = minutes
    for _ in range(MAX_DAYS):
        if is_working_day(day):
            for begin, end in working_periods():
                begin = max(begin, cursor)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return _at(day, 0) + timedelta(minutes=begin + remaining)
                remaining -= end - begin
        day += timedelta(days=1)
        cursor = 0
    raise ValueError("no working time found")


def working_minutes_between(a: datetime, b: datetime) -> int:
    """Working minutes in [a, b) (0 when b <= a)."""
    a, b = _local(a), _local(b)
    if b <= a:
        return 0
    total = 0.0
    day = a.date()
    while day <= b.date():
        if is_working_day(day):
            for begin, end in working_periods():
                lo = max(_at(day, begin), a)
                hi = min(_at(day, end), b)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
        day += timedelta(days=1)
    return int(total)


def in_working_hours(moment: datetime) -> bool:
    local = _local(moment)
    minute = local.hour * 60 + local.minute
    return is_working_day(local.date()) and any(s <= minute < e for s, e in working_periods())
