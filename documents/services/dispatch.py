"""核发: one delivery per 主送 and 抄送 department, and their clerks told."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from documents.choices import Step
from documents.hooks import dispatched
from documents.incoming.services.flow import initial_due_date
from documents.models import Delivery
from documents.services.flow import NO_INPUT, StepInput, _apply, _finish, _run
from documents.services.notify import notify_receiving_clerks


def document_dispatch(*, actor, document_id: int, step: StepInput = NO_INPUT):
    def body(document):
        # The 发文机关's name read with the rows (one query), for each delivery's 来文单位.
        rows = list(document.recipient_rows.annotate(sender_name=F("document__drafting_department__name")))
        if not rows:
            raise ValidationError("没有系统内的主送或抄送单位，无法核发。")
        from_state = document.state
        _apply(document, "dispatch")
        now = timezone.now()
        deliveries = Delivery.objects.bulk_create([
            Delivery(
                document=document, department_id=row.department_id, kind=row.kind, sent_at=now, title=document.title,
                sender_name=row.sender_name, sender_number=document.doc_number,
                urgency=document.urgency, due_date=initial_due_date(sent_at=now, urgency=document.urgency),
            )
            for row in rows
        ])
        document.dispatched_deliveries = deliveries  # the usage rollup counts them from here (oa/usage/listener.py)
        _finish(document, actor=actor, action="dispatch", step=Step.DISPATCH, from_state=from_state,
                opinion=step.opinion, data={"deliveries": len(rows)})
        dispatched(document=document, deliveries=deliveries)  # e.g. 双轨试运行's paper (oa.trial)
        notify_receiving_clerks([row.department_id for row in rows], deliveries=deliveries)

    return _run(actor, document_id, "dispatch", body)
