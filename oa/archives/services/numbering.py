"""件号: in order within 全宗-年度-保管期限-机构, never twice (the sequence row is locked until commit)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from oa.archives.models import ArchiveSequence


def item_number_next(*, fonds_code: str, year: int, retention: str, org_code: str) -> int:
    key = {"fonds_code": fonds_code, "year": year, "retention": retention, "org_code": org_code}
    sequence = ArchiveSequence.objects.select_for_update().filter(**key).first()
    if sequence is None:  # the first 件 of this year and 期限
        try:
            with transaction.atomic():
                ArchiveSequence.objects.create(**key)
        except IntegrityError:  # a racing archivist created it first; it exists now
            pass
        sequence = ArchiveSequence.objects.select_for_update().get(**key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
