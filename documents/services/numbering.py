"""Assigning 发文字号: in the document's series (documents/services/series.py), per series' 机关代字 per year,
never twice, never a silent gap."""

from __future__ import annotations

from django.utils import timezone

from documents.choices import NumberStatus, Step
from documents.models import IssuedNumber, NumberSequence
from documents.services.flow import NO_INPUT, StepInput, _apply, _finish, _run
from documents.services.series import document_series
from oa.core.sequences import take_next


def number_next(*, code: str, year: int) -> int:
    """Take the next sequence number while holding the sequence row's lock (until commit)."""
    return take_next(NumberSequence, code=code, year=year)


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
