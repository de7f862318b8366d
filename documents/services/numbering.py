"""Assigning 发文字号: in the document's series (documents/services/series.py), per series' 机关代字 per year,
never twice, never a silent gap."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from documents.choices import NumberStatus, Step
from documents.models import IssuedNumber, NumberSequence
from documents.services.flow import NO_INPUT, StepInput, _apply, _finish, _run
from documents.services.series import document_series


def number_next(*, code: str, year: int) -> int:
    """Take the next sequence number in one statement: the year's row is created with 1 or moved on by one
    (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL). The upsert holds the row's
    lock until commit, so a racing clerk waits and then takes the number after this one — never the same."""
    table = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (code, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (code, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [code, year],
        )
        return cursor.fetchone()[0]


def document_assign_number(*, actor, document_id: int, step: StepInput = NO_INPUT):
    def body(document):
        code = document_series(document).code
        year = timezone.localdate().year
        seq = number_next(code=code, year=year)
        from_state = document.state
        _apply(document, "assign_number", code=code, year=year, seq=seq)
        IssuedNumber.objects.create(code=code, year=year, seq=seq, document=document)
        _finish(document, actor=actor, action="number", step=Step.NUMBER, from_state=from_state, opinion=step.opinion,
                data={"number": document.doc_number})

    return _run(actor, document_id, "number", body)


def number_void(document) -> None:
    """A voided document's number stays in the register, marked voided — it is never reissued."""
    IssuedNumber.objects.filter(document=document, status=NumberStatus.ISSUED).update(status=NumberStatus.VOIDED)
