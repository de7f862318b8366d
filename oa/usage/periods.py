"""Half-month periods (半月): the 1st–15th and the 16th–end of each month, named `2026-11-1`, `2026-11-2`.

Days are local days on the administration's clock (settings.TIME_ZONE). A period covers the local
days `first..last`; as datetimes it is the half-open interval [start, end).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_NAME = re.compile(r"([0-9]{4})-([0-9]{1,2})-([12])")
PARSE_YEARS = (2001, 2998)  # a period a person names; the constructor allows 2000–2999 for the neighbours


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int
    half: int  # 1: 1st–15th, 2: 16th–end

    def __post_init__(self):
        if not (1 <= self.month <= 12) or self.half not in (1, 2) or not (2000 <= self.year <= 2999):
            raise ValueError(f"不是有效的统计周期：{self.year}-{self.month}-{self.half}")

    # --- naming ---------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-11-1` → Period(2026, 11, 1). Raises ValueError with a Chinese message."""
        match = _NAME.fullmatch((text or "").strip())
        if not match:
            raise ValueError(f"统计周期“{text}”格式不对，应为“年-月-1”或“年-月-2”，如 2026-11-1。")
        year = int(match[1])
        if not (PARSE_YEARS[0] <= year <= PARSE_YEARS[1]):  # so that next(), previous() and recent() stay valid
            raise ValueError(f"统计周期的年份应在{PARSE_YEARS[0]}至{PARSE_YEARS[1]}年之间：{text}")
        return cls(year, int(match[2]), int(match[3]))

    @property
    def name(self) -> str:
        return f"{self.year}-{self.month}-{self.half}"

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """`2026年11月上半月（11月1日至15日）`"""
        half = "上半月" if self.half == 1 else "下半月"
        return f"{self.year}年{self.month}月{half}（{self.month}月{self.first.day}日至{self.last.day}日）"

    @property
    def short_label(self) -> str:
        """`2026年11月上半月` (lists, breadcrumbs)"""
        return f"{self.year}年{self.month}月{'上半月' if self.half == 1 else '下半月'}"

    @property
    def issue_number(self) -> int:
        """The bulletin's number within its year: 1 … 24 (2026-11-1 is 第21期)."""
        return (self.month - 1) * 2 + self.half

    # --- days -----------------------------------------------------------------------------------
    @property
    def first(self) -> date:
        return date(self.year, self.month, 1 if self.half == 1 else 16)

    @property
    def last(self) -> date:
        if self.half == 1:
            return date(self.year, self.month, 15)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min), timezone.get_default_timezone())

    @property
    def end(self) -> datetime:
        """Exclusive: the start of the next period."""
        return self.next().start

    def contains(self, day: date | datetime) -> bool:
        return Period.containing(day) == self

    # --- navigation -----------------------------------------------------------------------------
    @classmethod
    def containing(cls, when: date | datetime) -> Period:
        if isinstance(when, datetime):
            when = timezone.localtime(when, timezone.get_default_timezone()).date() if timezone.is_aware(when) else when.date()
        return cls(when.year, when.month, 1 if when.day <= 15 else 2)

    @classmethod
    def current(cls) -> Period:
        return cls.containing(timezone.now())

    def next(self) -> Period:
        return Period.containing(self.last + timedelta(days=1))

    def previous(self) -> Period:
        return Period.containing(self.first - timedelta(days=1))

    def recent(self, count: int) -> list[Period]:
        """This period and the `count - 1` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def has_begun(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.start

    def is_closed_by(self, now: datetime | None = None) -> bool:
        """True once the period has ended (its last day is over)."""
        return (now or timezone.now()) >= self.end
