"""件号: in order within 全宗-年度-保管期限-机构, never twice (the sequence row is locked until commit)."""

from __future__ import annotations

from oa.archives.models import ArchiveSequence
from oa.core.sequences import take_next


def item_number_next(*, fonds_code: str, year: int, retention: str, org_code: str) -> int:
    return take_next(ArchiveSequence, fonds_code=fonds_code, year=year, retention=retention, org_code=org_code)
