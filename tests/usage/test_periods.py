"""Half-month periods: naming, month ends, February, navigation."""

from datetime import UTC, date, datetime

import pytest

from oa.usage.periods import Period


def test_parse_and_name():
    p = Period.parse("2026-11-1")
    assert (p.year, p.month, p.half) == (2026, 11, 1) and p.name == "2026-11-1" == str(p)
    assert Period.parse("2026-03-2").name == "2026-3-2"
    assert p.issue_number == 21 and Period.parse("2026-1-1").issue_number == 1 and Period.parse("2026-12-2").issue_number == 24


@pytest.mark.parametrize("bad", ["", "2026-11", "2026-13-1", "2026-11-3", "2026/11/1", "abc", "2026-0-1",
                                 "2000-1-1", "2999-12-2", "２０２６-11-1", "2026-1²-1"])
def test_bad_names_give_a_chinese_message(bad):
    with pytest.raises(ValueError, match="统计周期"):
        Period.parse(bad)


@pytest.mark.parametrize("day,name", [
    (date(2026, 11, 1), "2026-11-1"), (date(2026, 11, 15), "2026-11-1"), (date(2026, 11, 16), "2026-11-2"),
    (date(2026, 11, 30), "2026-11-2"), (date(2026, 12, 31), "2026-12-2"), (date(2026, 2, 28), "2026-2-2"),
    (date(2028, 2, 29), "2028-2-2"),
])
def test_containing(day, name):
    assert Period.containing(day).name == name
    assert Period.containing(day).contains(day)


def test_month_ends_and_february():
    assert Period.parse("2026-2-2").last == date(2026, 2, 28)
    assert Period.parse("2028-2-2").last == date(2028, 2, 29)
    assert Period.parse("2026-4-2").last == date(2026, 4, 30)
    assert Period.parse("2026-1-2").last == date(2026, 1, 31)
    assert Period.parse("2026-11-1").first == date(2026, 11, 1) and Period.parse("2026-11-1").last == date(2026, 11, 15)
    assert Period.parse("2026-11-2").first == date(2026, 11, 16)


def test_next_and_previous_cross_months_and_years():
    assert Period.parse("2026-12-2").next().name == "2027-1-1"
    assert Period.parse("2027-1-1").previous().name == "2026-12-2"
    assert Period.parse("2026-2-1").next().name == "2026-2-2"
    assert Period.parse("2026-2-2").next().name == "2026-3-1"
    assert Period.parse("2026-3-1").previous().name == "2026-2-2"
    assert [p.name for p in Period.parse("2026-2-1").recent(3)] == ["2026-1-1", "2026-1-2", "2026-2-1"]


def test_local_time_decides_the_period():
    # 2026-11-15 16:30 UTC is 2026-11-16 00:30 in Asia/Shanghai: already the second half.
    assert Period.containing(datetime(2026, 11, 15, 16, 30, tzinfo=UTC)).name == "2026-11-2"
    p = Period.parse("2026-11-2")
    assert p.start.isoformat().startswith("2026-11-16T00:00:00+08:00")
    assert p.end == Period.parse("2026-12-1").start
    assert p.label == "2026年11月下半月（11月16日至30日）"
