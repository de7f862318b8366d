"""Whole numbers from a request (query string, form field, JSON, path): one rule for every page and
API. `str.isdigit()` is not that rule: it accepts "²" and other digits `int()` refuses (→ a 500)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,19}")
BIGINT_MAX = 2**63 - 1


def whole_number(value, *, maximum: int = BIGINT_MAX) -> int | None:
    """"123" → 123. Anything else — empty, a sign, spaces, "²", full-width digits, more than
    `maximum` — → None, for the caller to ignore or refuse with its own message."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    text = str(value)
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None


def year_or_current(value) -> int:
    """A register's year from a request: 2000–2999, else this year."""
    from django.utils import timezone

    year = whole_number(value, maximum=2999)
    return year if year is not None and year >= 2000 else timezone.localdate().year
