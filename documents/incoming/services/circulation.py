"""传阅 (circulation), the readers' 圈阅 and 批示 on it, and 催办 (chasing)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from documents.incoming.permissions import DELIVERY_FLOW
from documents.incoming.selectors import delivery_for
from documents.incoming.services.flow import _run
from documents.incoming.services.sorting import finish_reading_if_all_read
from documents.ledger_actions import (
    DELIVERY_CHASE,
    DELIVERY_CIRCULATE,
    DELIVERY_READ,
    DELIVERY_RECALL,
    DELIVERY_REMARK,
)
from documents.models import Circulation, Delivery, DeliveryStep, Reading, TurnKind
from documents.services.flow import decode_signature
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.org.models import Person


def delivery_circulate(*, actor, delivery_id: int, readers: list[Person], note: str = "") -> Circulation:
    readers = [r for r in dict.fromkeys(readers) if r.pk != actor.pk]
    if not readers:
        raise ValidationError({"readers": "请至少选择一位阅读人。"})
    created = {}

    def body(delivery):
        outsiders = [r.name for r in readers if r.department_id != delivery.department_id or not r.is_active]
        if outsiders:
            raise ValidationError({"readers": f"只能传阅给本单位在职人员：{'、'.join(outsiders)}"})
        circulation = Circulation.objects.create(delivery=delivery, sender=actor, note=note[:300])
        Reading.objects.bulk_create([Reading(circulation=circulation, reader=r) for r in readers])
        DeliveryStep.objects.create(delivery=delivery, action="传阅", actor=actor, actor_name=actor.name,
                                    text=f"传阅给{'、'.join(r.name for r in readers)}" + (f"：{note}" if note else ""),
                                    at=timezone.now())
        ledger_record(actor=actor, action=DELIVERY_CIRCULATE, target=delivery, data={"readers": [r.username for r in readers]})
        for reader in readers:
            notify_person_on_commit(reader.pk, "todo.changed", delivery=delivery.pk, reason="circulation")
        created["circulation"] = circulation

    _run(actor, delivery_id, "circulate", body, typed={"传阅说明": note})
    return created["circulation"]


def reading_mark_read(*, actor, delivery_id: int) -> int:
    """Opening a circulated delivery marks the reader's pending readings 已阅 with the time. Every view of the
    page asks, so the common answer (nothing pending) is one unlocked query, no transaction."""
    pending = Reading.objects.filter(circulation__delivery_id=delivery_id, reader=actor, read_at__isnull=True, recalled=False)
    return _mark_read(pending, actor=actor, delivery_id=delivery_id) if pending.exists() else 0


@transaction.atomic
def _mark_read(pending, *, actor, delivery_id: int) -> int:
    now = timezone.now()
    readings = pending.select_for_update()
    marked = list(readings.select_related("circulation__delivery"))
    if not marked:
        return 0
    Reading.objects.filter(pk__in=[r.pk for r in marked]).update(read_at=now)
    ledger_record(actor=actor, action=DELIVERY_READ, target=marked[0].circulation.delivery,
                  data={"readings": len(marked), "circulations": sorted({r.circulation_id for r in marked})})
    for sender_id in {r.circulation.sender_id for r in marked}:
        notify_person_on_commit(sender_id, "circulation.read", delivery=delivery_id)
    if any(r.circulation.as_reading for r in marked):
        finish_reading_if_all_read(delivery_id)
    return len(marked)


def delivery_remark(*, actor, delivery_id: int, text: str = "", circle: bool = False, signature: str = "") -> Delivery:
    """A reader writes on what was circulated to them: a 批示, or 圈阅 (read, no words). It counts as read."""
    words = (text or "").strip()
    if not circle and not words:
        raise ValidationError({"text": "请填写批示，或选择圈阅。"})
    words = "" if circle else words[:500]

    def body(delivery):
        image = decode_signature(signature)
        reading = (Reading.objects.select_for_update().filter(circulation__delivery=delivery, reader=actor, recalled=False)
                   .select_related("circulation").order_by("-id").first())
        now = timezone.now()
        reading.kind = TurnKind.CIRCLE if circle else TurnKind.INSTRUCT
        reading.text, reading.signature_png, reading.written_at = words, image, now
        first_read = reading.read_at is None
        reading.read_at = reading.read_at or now
        reading.save(update_fields=["kind", "text", "signature_png", "written_at", "read_at"])
        DeliveryStep.objects.create(delivery=delivery, action="阅批", actor=actor, actor_name=actor.name,
                                    text=words or "圈阅", at=now)
        ledger_record(actor=actor, action=DELIVERY_REMARK, target=delivery,
                      data={"kind": reading.kind, "text": words, "circulation": reading.circulation_id,
                            "handwriting": image is not None})
        notify_person_on_commit(reading.circulation.sender_id, "circulation.read", delivery=delivery.pk)
        if first_read and reading.circulation.as_reading:
            finish_reading_if_all_read(delivery.pk)

    return _run(actor, delivery_id, "remark", body, typed={"批示": words})


@transaction.atomic
def circulation_recall(*, actor, circulation_id: int) -> int:
    """The sender takes the circulation back from those who have not read it yet."""
    circulation = Circulation.objects.select_for_update().filter(pk=circulation_id).select_related("delivery").first()
    if circulation is None:
        from django.http import Http404

        raise Http404
    delivery_for(actor, circulation.delivery_id)  # 404 when not visible
    if circulation.sender_id != actor.pk:
        raise PermissionDenied("只有传阅发起人可以收回。")
    if circulation.as_reading:
        raise ValidationError("阅件不能收回：阅读人阅毕即办结；如需办理，可由阅读人转为办件。")
    if circulation.recalled_at:
        return 0
    now = timezone.now()
    pending = list(circulation.readings.filter(read_at__isnull=True, recalled=False).values_list("reader_id", flat=True))
    circulation.readings.filter(read_at__isnull=True).update(recalled=True)
    circulation.recalled_at = now
    circulation.save(update_fields=["recalled_at"])
    DeliveryStep.objects.create(delivery=circulation.delivery, action="收回传阅", actor=actor, actor_name=actor.name, at=now)
    ledger_record(actor=actor, action=DELIVERY_RECALL, target=circulation.delivery,
                  data={"recalled": len(pending), "circulation": circulation.pk})
    for reader_id in pending:
        notify_person_on_commit(reader_id, "todo.changed", delivery=circulation.delivery_id, reason="recall")
    return len(pending)


def delivery_chase(*, actor, delivery_id: int, text: str = "", automatic: bool = False) -> Delivery:
    """催办: remind whoever the delivery waits for. By hand, or by the periodic chase (automatic)."""

    def body(delivery):
        delivery.last_chased_at = timezone.now()
        delivery.save(update_fields=["last_chased_at"])
        targets = DELIVERY_FLOW.waiting_ids(delivery)
        DeliveryStep.objects.create(delivery=delivery, action="自动催办" if automatic else "催办", actor=actor,
                                    actor_name=actor.name, text=text[:500], at=timezone.now())
        ledger_record(actor=actor, action=DELIVERY_CHASE, target=delivery,
                      data={"automatic": automatic, "to": sorted(targets), "text": text})
        for person_id in targets:
            notify_person_on_commit(person_id, "delivery.chased", delivery=delivery.pk, text=text)

    return _run(actor, delivery_id, "chase", body, typed=None if automatic else {"催办说明": text})
