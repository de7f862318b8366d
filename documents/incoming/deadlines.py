"""收文 deadlines and supervision grades (办理时限与电子监察), counted in working days.

Pure functions: no database access. Settings are read at call time, so tests (and an operator
changing the environment between runs) see the current values. Working days are those of the
statutory calendar, oa.calendar (its conventions for counting and adding working days apply here).

Grades are for open items as of ``today``; an item that is done is graded as of the day it was done.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from documents.choices import Urgency
from oa.calendar import ONE_DAY, add_working_days, is_working_day, next_working_day, working_days_between

MAX_EXTENSION_DAYS = 15
"""Extensions (延期) add at most this many working days in total."""

DEFAULT_ALLOWANCE_DAYS = {Urgency.MOST_URGENT: 1, Urgency.URGENT: 2, Urgency.NORMAL: 7}
_ALLOWANCE_SETTINGS = {
    Urgency.MOST_URGENT: "OA_DEADLINE_DAYS_MOST_URGENT",
    Urgency.URGENT: "OA_DEADLINE_DAYS_URGENT",
    Urgency.NORMAL: "OA_DEADLINE_DAYS_NORMAL",
}
DEFAULT_EXCHANGE_CUTOFF_HOUR = 17
DEFAULT_WARNING_WORKING_DAYS = 1
DEFAULT_RED_CARD_WORKING_DAYS = 3


class Grade(models.TextChoices):
    NONE = "", "正常"
    WARNING = "warning", "预警"
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


def _setting(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    value = getattr(settings, name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and {maximum}" if maximum is not None else ""
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


# --- the exchange day -----------------------------------------------------------------------------

def exchange_day(sent_at: datetime) -> date:
    """The day a document counts as exchanged (交换): the local send date when it completed before the
    cut-off hour (17:00) on a working day; otherwise the next working day.

    Local means the administration's clock (settings.TIME_ZONE, Asia/Shanghai), whatever time zone
    the current request has activated. A naive datetime is taken to be local already.
    """
    zone = timezone.get_default_timezone()
    local = timezone.make_aware(sent_at, zone) if timezone.is_naive(sent_at) else timezone.localtime(sent_at, zone)
    cutoff = _setting("OA_EXCHANGE_CUTOFF_HOUR", DEFAULT_EXCHANGE_CUTOFF_HOUR, minimum=0, maximum=24)
    day = local.date()
    if is_working_day(day) and local.hour < cutoff:
        return day
    return next_working_day(day)


# --- deadlines ------------------------------------------------------------------------------------

def default_allowance(urgency: str) -> int:
    """Working days allowed after the exchange day: 特急 1, 加急 2, 平件 7 (configurable)."""
    try:
        key = Urgency(urgency)
    except ValueError:
        raise ValueError(f"unknown urgency {urgency!r}") from None
    return _setting(_ALLOWANCE_SETTINGS[key], DEFAULT_ALLOWANCE_DAYS[key], minimum=0)


def due_date(*, sent_at: datetime, urgency: str, instructed_due: date | None = None, paused_working_days: int = 0,
             extension_days: int = 0) -> date:
    """办理时限: the instruction's date when a leader gave one, else the exchange day plus the allowance
    for the urgency; then later by the working days the document spent returned (the clock pauses)
    and by the extensions granted (at most MAX_EXTENSION_DAYS in total)."""
    base = instructed_due if instructed_due is not None else add_working_days(
        exchange_day(sent_at), default_allowance(urgency)
    )
    shift = max(0, paused_working_days) + min(max(0, extension_days), MAX_EXTENSION_DAYS)
    return add_working_days(base, shift)


# --- grading --------------------------------------------------------------------------------------

def working_days_late(due: date, today_or_done: date) -> int:
    """Working days past ``due`` up to and including ``today_or_done``; 0 when not late."""
    return max(0, working_days_between(due, today_or_done))


def _warning_days() -> int:
    return _setting("OA_WARNING_WORKING_DAYS", DEFAULT_WARNING_WORKING_DAYS, minimum=0)


def _red_days() -> int:
    return _setting("OA_RED_CARD_WORKING_DAYS", DEFAULT_RED_CARD_WORKING_DAYS, minimum=0)


def grade(*, due: date, today: date, done_on: date | None = None) -> Grade:
    """预警 when due within OA_WARNING_WORKING_DAYS working days (today counts as 0); 黄牌 once past the
    due date; 红牌 when late by more than OA_RED_CARD_WORKING_DAYS working days. Done items: none when
    done by the due date, otherwise yellow or red as of the day they were done."""
    if done_on is not None:
        if done_on <= due:
            return Grade.NONE
        today = done_on
    if due < today:
        return Grade.RED if working_days_late(due, today) > _red_days() else Grade.YELLOW
    if working_days_between(today, due) <= _warning_days():
        return Grade.WARNING
    return Grade.NONE


def grade_thresholds(today: date) -> dict[str, date]:
    """Date boundaries for filtering open items in the database, in agreement with ``grade()``:

    * RED     ⇔ ``due < red_before``
    * YELLOW  ⇔ ``red_before <= due < yellow_before``   (``yellow_before == today``)
    * WARNING ⇔ ``yellow_before <= due <= warning_until``
    * NONE    ⇔ ``due > warning_until``
    """
    # Red: more than R working days in (due, today] ⇔ due is before the (R+1)-th working day
    # on or before today.
    red_before = add_working_days(today + ONE_DAY, -(_red_days() + 1))
    # Warning: at most W working days in (today, due] ⇔ due is before the (W+1)-th working day after today.
    warning_until = add_working_days(today, _warning_days() + 1) - ONE_DAY
    return {"today": today, "warning_until": warning_until, "yellow_before": today, "red_before": red_before}
