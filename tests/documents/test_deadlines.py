"""Deadlines in working days on the Chinese statutory calendar, and the 电子监察 grades.

Pure functions: no database. The 2026 holiday dates used below are checked against the installed
chinesecalendar data in `test_the_2026_calendar_facts_we_rely_on` first, so a package upgrade that
changes them fails there, with a clear message, rather than somewhere obscure.
"""

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays, workdays
from django.utils import timezone

from documents.choices import Urgency
from documents.incoming.deadlines import (
    MAX_EXTENSION_DAYS,
    Grade,
    default_allowance,
    due_date,
    exchange_day,
    grade,
    grade_thresholds,
    working_days_late,
)
from oa import calendar
from oa.calendar import add_working_days, is_working_day, next_working_day, working_days_between

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = date.fromisoformat


def at(text: str, zone=SHANGHAI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def days(start: date, end: date):
    """Every date from start to end inclusive."""
    return [start + timedelta(n) for n in range((end - start).days + 1)]


@pytest.fixture
def fresh_calendar(monkeypatch):
    """Forget cached year tables and which fallback years were already warned about."""
    monkeypatch.setattr(calendar, "_fallback_years_warned", set())
    calendar._year_table.cache_clear()
    yield
    calendar._year_table.cache_clear()


# --- the calendar -----------------------------------------------------------------------------------

def test_the_2026_calendar_facts_we_rely_on():
    # National Day: 1–7 October off (Thursday to Wednesday); Sunday 20 September and Saturday
    # 10 October are 调休 make-up working days. Mid-Autumn: 25–27 September off.
    assert all(holidays.get(day) for day in days(D("2026-10-01"), D("2026-10-07")))
    assert all(holidays.get(day) for day in days(D("2026-09-25"), D("2026-09-27")))
    # Spring Festival: 15–23 February off; Saturdays 14 and 28 February are make-up working days.
    assert all(holidays.get(day) for day in days(D("2026-02-15"), D("2026-02-23")))
    # New Year: 1–3 January off, Sunday 4 January worked.
    assert all(holidays.get(day) for day in days(D("2026-01-01"), D("2026-01-03")))
    make_up = sorted(day for day in workdays if day.year == 2026)
    assert make_up == [D("2026-01-04"), D("2026-02-14"), D("2026-02-28"), D("2026-05-09"), D("2026-09-20"),
                       D("2026-10-10")]
    assert all(day.weekday() >= 5 for day in make_up)
    # The same, found by scanning rather than from the table: weekend days that are workdays.
    scanned = [day for day in days(D("2026-01-01"), D("2026-12-31"))
               if day.weekday() >= 5 and chinese_calendar.is_workday(day)]
    assert scanned == make_up
    # No March 2026 holidays: the plain-week grading tests below rely on it.
    assert not any(day.month == 3 and day.year == 2026 for day in holidays)


def test_is_working_day_follows_the_statutory_calendar():
    for day in days(D("2026-10-01"), D("2026-10-07")):
        assert not is_working_day(day), day
    assert is_working_day(D("2026-09-30"))  # Wednesday before the holiday
    assert is_working_day(D("2026-10-08")) and is_working_day(D("2026-10-09"))
    assert is_working_day(D("2026-10-10"))  # Saturday, 调休
    assert is_working_day(D("2026-09-20"))  # Sunday, 调休
    assert not is_working_day(D("2026-10-11"))  # an ordinary Sunday
    assert not is_working_day(D("2026-10-17"))  # an ordinary Saturday
    assert is_working_day(D("2026-02-14")) and is_working_day(D("2026-02-28"))
    assert not is_working_day(D("2026-02-16"))  # Monday in the Spring Festival
    # Agrees with the package for every day it has data for in 2025–2026.
    for day in days(D("2025-01-01"), D("2026-12-31")):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day


def test_add_working_days_across_national_day():
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert add_working_days(D("2026-09-30"), 3) == D("2026-10-10")  # the make-up Saturday counts
    assert add_working_days(D("2026-09-30"), 4) == D("2026-10-12")  # Sunday 11 October does not
    assert add_working_days(D("2026-10-08"), -1) == D("2026-09-30")
    assert add_working_days(D("2026-10-04"), 0) == D("2026-10-04")
    assert add_working_days(D("2026-10-04"), 1) == D("2026-10-08")
    assert add_working_days(D("2026-10-04"), -1) == D("2026-09-30")
    assert next_working_day(D("2026-09-30")) == D("2026-10-08")
    assert next_working_day(D("2026-10-09")) == D("2026-10-10")
    assert next_working_day(D("2026-10-10")) == D("2026-10-12")


def test_add_working_days_across_the_new_year():
    assert add_working_days(D("2025-12-31"), 1) == D("2026-01-04")  # Sunday, worked
    assert working_days_between(D("2025-12-31"), D("2026-01-05")) == 2
    assert working_days_between(D("2026-01-05"), D("2025-12-31")) == -2


def test_working_days_between_is_signed():
    assert working_days_between(D("2026-09-30"), D("2026-09-30")) == 0
    assert working_days_between(D("2026-09-30"), D("2026-10-08")) == 1
    assert working_days_between(D("2026-09-30"), D("2026-10-07")) == 0
    assert working_days_between(D("2026-09-30"), D("2026-10-12")) == 4
    assert working_days_between(D("2026-10-12"), D("2026-09-30")) == -4
    # Backwards the landing day counts and the starting day does not: [b, a).
    assert working_days_between(D("2026-10-04"), D("2026-09-30")) == -1


@pytest.mark.parametrize("start", [D("2026-09-15"), D("2026-10-03"), D("2026-10-10"), D("2026-02-14"),
                                   D("2026-02-20"), D("2025-12-28")])
def test_add_and_between_are_inverse(start):
    for n in range(-30, 31):
        assert working_days_between(start, add_working_days(start, n)) == n, n


def test_working_days_between_matches_counting_one_by_one():
    window = days(D("2026-09-01"), D("2026-10-31"))
    for a in window[::3]:
        for b in window:
            if b >= a:
                expected = sum(is_working_day(day) for day in days(a + timedelta(1), b))
            else:
                expected = -sum(is_working_day(day) for day in days(b, a - timedelta(1)))
            assert working_days_between(a, b) == expected, (a, b)


# --- the exchange day (17:00) -------------------------------------------------------------------------

def test_sent_before_five_counts_that_day():
    assert exchange_day(at("2026-03-10T16:59:59")) == D("2026-03-10")
    assert exchange_day(at("2026-03-10T08:00")) == D("2026-03-10")


def test_sent_at_or_after_five_counts_the_next_working_day():
    assert exchange_day(at("2026-03-10T17:00")) == D("2026-03-11")
    assert exchange_day(at("2026-03-10T23:59")) == D("2026-03-11")


def test_friday_evening_counts_monday():
    assert D("2026-03-13").weekday() == 4
    assert exchange_day(at("2026-03-13T18:30")) == D("2026-03-16")
    assert exchange_day(at("2026-03-14T10:00")) == D("2026-03-16")  # Saturday morning, not a make-up day


def test_friday_evening_before_spring_festival_counts_the_make_up_saturday():
    assert exchange_day(at("2026-02-13T18:00")) == D("2026-02-14")
    assert exchange_day(at("2026-02-14T18:00")) == D("2026-02-24")  # after 17:00 on the make-up Saturday
    assert exchange_day(at("2026-02-18T10:00")) == D("2026-02-24")  # sent during the holiday


def test_exchange_day_uses_shanghai_time_whatever_the_input_zone():
    utc = ZoneInfo("UTC")
    assert exchange_day(at("2026-03-10T08:59", utc)) == D("2026-03-10")  # 16:59 in Shanghai
    assert exchange_day(at("2026-03-10T09:00", utc)) == D("2026-03-11")  # 17:00 in Shanghai
    assert exchange_day(at("2026-03-09T20:00", utc)) == D("2026-03-10")  # 04:00 next morning in Shanghai
    with timezone.override(ZoneInfo("America/New_York")):
        assert exchange_day(at("2026-03-10T16:30")) == D("2026-03-10")


def test_naive_datetimes_are_taken_as_local():
    assert exchange_day(datetime(2026, 3, 10, 16, 0)) == D("2026-03-10")
    assert exchange_day(datetime(2026, 3, 10, 17, 0)) == D("2026-03-11")


def test_cut_off_hour_is_configurable(settings):
    settings.OA_EXCHANGE_CUTOFF_HOUR = 16
    assert exchange_day(at("2026-03-10T16:30")) == D("2026-03-11")
    settings.OA_EXCHANGE_CUTOFF_HOUR = 24
    assert exchange_day(at("2026-03-10T23:59")) == D("2026-03-10")


# --- due dates ----------------------------------------------------------------------------------------

def test_default_allowances(settings):
    assert default_allowance(Urgency.MOST_URGENT) == 1
    assert default_allowance(Urgency.URGENT) == 2
    assert default_allowance(Urgency.NORMAL) == 7
    assert default_allowance("urgent") == 2
    assert MAX_EXTENSION_DAYS == 15
    settings.OA_DEADLINE_DAYS_NORMAL = 5
    assert default_allowance(Urgency.NORMAL) == 5
    with pytest.raises(ValueError):
        default_allowance("平件")


def test_due_dates_across_national_day():
    sent = at("2026-09-30T10:00")
    assert due_date(sent_at=sent, urgency=Urgency.MOST_URGENT) == D("2026-10-08")
    assert due_date(sent_at=sent, urgency=Urgency.URGENT) == D("2026-10-09")
    # 8, 9, 10 (Saturday, 调休), 12, 13, 14, 15 October.
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL) == D("2026-10-15")
    # Tuesday evening: exchanged Wednesday 30 September, so the same deadlines.
    assert due_date(sent_at=at("2026-09-29T18:00"), urgency=Urgency.URGENT) == D("2026-10-09")
    # An urgent document sent on the holiday: exchanged 8 October; due the make-up Saturday.
    assert due_date(sent_at=at("2026-10-03T09:00"), urgency=Urgency.URGENT) == D("2026-10-10")


def test_due_dates_across_spring_festival():
    # Friday evening before the holiday: exchanged on the make-up Saturday, 14 February.
    sent = at("2026-02-13T17:30")
    assert due_date(sent_at=sent, urgency=Urgency.MOST_URGENT) == D("2026-02-24")
    assert due_date(sent_at=sent, urgency=Urgency.URGENT) == D("2026-02-25")
    # 24, 25, 26, 27, 28 (Saturday, 调休) February, 2 and 3 March.
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL) == D("2026-03-03")


def test_instructed_due_date_wins():
    sent = at("2026-03-10T10:00")
    assert due_date(sent_at=sent, urgency=Urgency.URGENT, instructed_due=D("2026-03-20")) == D("2026-03-20")
    # Even on a non-working day: the leader's date stands as given.
    assert due_date(sent_at=sent, urgency=Urgency.URGENT, instructed_due=D("2026-03-21")) == D("2026-03-21")
    # Extensions and pauses still move it, in working days.
    assert due_date(sent_at=sent, urgency=Urgency.URGENT, instructed_due=D("2026-10-09"),
                    extension_days=1) == D("2026-10-10")


def test_paused_working_days_shift_the_due_date():
    sent = at("2026-03-09T10:00")  # Monday
    assert due_date(sent_at=sent, urgency=Urgency.URGENT) == D("2026-03-11")
    assert due_date(sent_at=sent, urgency=Urgency.URGENT, paused_working_days=3) == D("2026-03-16")
    # A pause across National Day.
    base = due_date(sent_at=at("2026-09-28T10:00"), urgency=Urgency.URGENT)
    assert base == D("2026-09-30")
    assert due_date(sent_at=at("2026-09-28T10:00"), urgency=Urgency.URGENT, paused_working_days=2) == D("2026-10-09")
    assert due_date(sent_at=sent, urgency=Urgency.URGENT, paused_working_days=-5) == D("2026-03-11")


def test_extensions_are_capped_at_fifteen_working_days():
    sent = at("2026-03-09T10:00")
    base = due_date(sent_at=sent, urgency=Urgency.NORMAL)
    assert base == D("2026-03-18")
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL, extension_days=5) == add_working_days(base, 5)
    capped = add_working_days(base, MAX_EXTENSION_DAYS)
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL, extension_days=15) == capped
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL, extension_days=40) == capped
    # 15 working days after 18 March crosses Qingming (4–6 April).
    assert capped == D("2026-04-09")
    assert due_date(sent_at=sent, urgency=Urgency.NORMAL, extension_days=15, paused_working_days=1) == D("2026-04-10")


# --- grading ------------------------------------------------------------------------------------------

TODAY = D("2026-03-11")  # Wednesday of a plain week


def test_grade_values_match_the_badges():
    assert (Grade.NONE, Grade.WARNING, Grade.YELLOW, Grade.RED) == ("", "warning", "yellow", "red")
    assert [Grade.WARNING.label, Grade.YELLOW.label, Grade.RED.label] == ["预警", "黄牌", "红牌"]


def test_grade_boundaries():
    assert grade(due=D("2026-03-13"), today=TODAY) == Grade.NONE  # two working days ahead
    assert grade(due=D("2026-03-12"), today=TODAY) == Grade.WARNING  # tomorrow
    assert grade(due=TODAY, today=TODAY) == Grade.WARNING  # due today
    assert grade(due=D("2026-03-10"), today=TODAY) == Grade.YELLOW  # due yesterday
    assert grade(due=D("2026-03-06"), today=TODAY) == Grade.YELLOW  # late by 3 working days
    assert working_days_late(D("2026-03-05"), TODAY) == 4
    assert grade(due=D("2026-03-05"), today=TODAY) == Grade.RED  # late by 4


def test_warning_reaches_the_next_working_day_over_a_weekend():
    friday = D("2026-03-13")
    assert grade(due=D("2026-03-16"), today=friday) == Grade.WARNING
    assert grade(due=D("2026-03-14"), today=friday) == Grade.WARNING  # an instructed Saturday
    assert grade(due=D("2026-03-17"), today=friday) == Grade.NONE


def test_grading_across_national_day():
    assert grade(due=D("2026-10-08"), today=D("2026-09-30")) == Grade.WARNING
    assert grade(due=D("2026-10-09"), today=D("2026-09-30")) == Grade.NONE
    after = D("2026-10-08")
    assert grade(due=D("2026-09-30"), today=after) == Grade.YELLOW
    assert working_days_late(D("2026-09-28"), after) == 3  # 29, 30 September and 8 October
    assert grade(due=D("2026-09-28"), today=after) == Grade.YELLOW
    assert working_days_late(D("2026-09-24"), after) == 4  # the Mid-Autumn days in between do not count
    assert grade(due=D("2026-09-24"), today=after) == Grade.RED
    # Overdue during the holiday itself, but no working day has passed: yellow, not red.
    assert grade(due=D("2026-09-30"), today=D("2026-10-05")) == Grade.YELLOW


def test_done_items_are_graded_by_when_they_were_done():
    due = D("2026-03-05")
    later = D("2026-06-01")
    assert grade(due=due, today=later, done_on=due) == Grade.NONE
    assert grade(due=due, today=later, done_on=D("2026-03-02")) == Grade.NONE
    assert grade(due=due, today=later, done_on=D("2026-03-06")) == Grade.YELLOW
    assert grade(due=due, today=later, done_on=D("2026-03-11")) == Grade.RED
    # Done on time is never 预警, even when it was done on the due day.
    assert grade(due=TODAY, today=TODAY, done_on=TODAY) == Grade.NONE


def test_working_days_late_is_never_negative():
    assert working_days_late(D("2026-03-20"), TODAY) == 0
    assert working_days_late(TODAY, TODAY) == 0
    assert working_days_late(D("2026-03-10"), TODAY) == 1


def test_grading_is_configurable(settings):
    settings.OA_WARNING_WORKING_DAYS = 2
    settings.OA_RED_CARD_WORKING_DAYS = 1
    assert grade(due=D("2026-03-13"), today=TODAY) == Grade.WARNING
    assert grade(due=D("2026-03-10"), today=TODAY) == Grade.YELLOW
    assert grade(due=D("2026-03-09"), today=TODAY) == Grade.RED


def _by_thresholds(due: date, limits: dict) -> Grade:
    if due < limits["red_before"]:
        return Grade.RED
    if due < limits["yellow_before"]:
        return Grade.YELLOW
    if due <= limits["warning_until"]:
        return Grade.WARNING
    return Grade.NONE


def test_thresholds_on_a_plain_wednesday():
    assert grade_thresholds(TODAY) == {
        "today": TODAY, "warning_until": D("2026-03-12"), "yellow_before": TODAY, "red_before": D("2026-03-06"),
    }


@pytest.mark.parametrize("warning_days, red_days", [(1, 3), (0, 0), (2, 1), (3, 5)])
@pytest.mark.parametrize("first_day", [D("2026-09-01"), D("2026-02-01"), D("2025-12-10")])
def test_thresholds_agree_with_grade_over_sixty_days(settings, warning_days, red_days, first_day):
    """For every today in a 60-day window and every due date within 30 days of it, either side."""
    settings.OA_WARNING_WORKING_DAYS = warning_days
    settings.OA_RED_CARD_WORKING_DAYS = red_days
    for today in days(first_day, first_day + timedelta(59)):
        limits = grade_thresholds(today)
        for due in days(today - timedelta(30), today + timedelta(30)):
            assert grade(due=due, today=today) == _by_thresholds(due, limits), (today, due)


# --- years the package does not know --------------------------------------------------------------------

def test_unsupported_year_falls_back_to_monday_to_friday(fresh_calendar, caplog):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D("2099-01-01"))
    caplog.set_level(logging.WARNING, logger="oa.calendar")
    assert D("2099-01-01").weekday() == 3
    assert is_working_day(D("2099-01-01"))  # 元旦 would be off, but we have no data: a plain Thursday
    assert is_working_day(D("2099-01-02"))
    assert not is_working_day(D("2099-01-03"))
    assert not is_working_day(D("2099-01-04"))
    assert add_working_days(D("2099-01-02"), 1) == D("2099-01-05")
    assert exchange_day(at("2099-01-02T17:30")) == D("2099-01-05")
    assert due_date(sent_at=at("2099-01-02T10:00"), urgency=Urgency.NORMAL) == D("2099-01-13")
    warnings = [r for r in caplog.records if r.name == "oa.calendar"]
    assert len(warnings) == 1 and "2099" in warnings[0].getMessage()
    # Once per year, even after the cache is dropped; another year warns for itself.
    calendar._year_table.cache_clear()
    assert is_working_day(D("2099-06-01"))
    assert not is_working_day(D("2098-06-01"))  # a Sunday
    warnings = [r.getMessage() for r in caplog.records if r.name == "oa.calendar"]
    assert len(warnings) == 2 and "2098" in warnings[1]


def test_counting_into_an_unsupported_year(fresh_calendar):
    last = D(f"{max(holidays).year}-12-31")
    following = last + timedelta(1)
    n = add_working_days(last, 10)
    assert working_days_between(last, n) == 10
    expected = [day for day in days(following, n) if day.weekday() < 5]
    assert len(expected) == 10 and expected[-1] == n
