"""The working-day calendar: the Chinese statutory calendar, working days between dates, adding them.

Pure functions: no database access, no settings. Used by 收文 deadlines (documents.incoming.deadlines),
ticket working hours (oa.feedback.worktime), the trial and the usage figures.

Working days follow the Chinese statutory calendar (the `chinesecalendar` package): public holidays
are off, 调休 make-up Saturdays/Sundays are on. For a year the package has no data for, Monday to
Friday are working days and a warning is logged once for that year — upgrade the pinned package
when the State Council publishes the next year's schedule (usually in November).

Conventions
-----------
* ``add_working_days(start, n)`` lands on the n-th working day strictly after ``start`` (before it
  when ``n`` is negative); ``n == 0`` returns ``start`` unchanged.
* ``working_days_between(a, b)`` counts the working days passed going from ``a`` to ``b``: the
  starting day never counts, the landing day does — working days in ``(a, b]`` when ``b >= a``, and
  minus those in ``[b, a)`` when ``b < a``. So ``working_days_between(a, add_working_days(a, n)) == n``.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar

logger = logging.getLogger(__name__)

ONE_DAY = timedelta(days=1)

_fallback_years_warned: set[int] = set()


def _statutory_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _fallback_years_warned:
            _fallback_years_warned.add(day.year)
            logger.warning(
                "chinesecalendar has no holiday data for %s: counting Monday to Friday as working days. "
                "Upgrade the chinesecalendar package once the year's schedule is published.",
                day.year,
            )
        return day.weekday() < 5


@lru_cache(maxsize=64)
def _year_table(year: int) -> tuple[int, ...]:
    """``table[k]`` = working days among the first ``k`` days of ``year`` (``table[0] == 0``)."""
    first = date(year, 1, 1)
    table = [0]
    for offset in range(366 if calendar.isleap(year) else 365):
        table.append(table[-1] + _statutory_working_day(first + timedelta(days=offset)))
    return tuple(table)


def _day_of_year(day: date) -> int:
    return day.toordinal() - date(day.year, 1, 1).toordinal() + 1


def _working_days_through(day: date, base_year: int) -> int:
    """Working days from 1 January of ``base_year`` up to and including ``day`` (``day.year >= base_year``)."""
    total = sum(_year_table(year)[-1] for year in range(base_year, day.year))
    return total + _year_table(day.year)[_day_of_year(day)]


def is_working_day(day: date) -> bool:
    """A working day on the Chinese statutory calendar (调休 make-up weekend days included)."""
    if isinstance(day, datetime):
        day = day.date()
    table = _year_table(day.year)
    doy = _day_of_year(day)
    return table[doy] > table[doy - 1]


def working_days_between(a: date, b: date) -> int:
    """Signed: working days in ``(a, b]`` when ``b >= a``; minus the working days in ``[b, a)`` otherwise."""
    if b >= a:
        base = a.year
        return _working_days_through(b, base) - _working_days_through(a, base)
    base = b.year
    # [b, a) == (b - 1, a - 1]; counted through the day before each end.
    return -(_working_days_through(a, base) - is_working_day(a) - (_working_days_through(b, base) - is_working_day(b)))


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (before it for negative ``n``); ``start`` itself for 0."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    return add_working_days(day, 1)
