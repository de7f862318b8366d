"""初审 and what follows from it (收文): the office checks a registered delivery — should it come here,
is it complete, is the form right — and sorts it as a 办件 (to 拟办) or a 阅件 (to the chosen readers,
closing once all have read; any reader may still make it a 办件); a delivery that belongs elsewhere is
转办 there, as a new delivery carrying the trail so far."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.incoming.permissions import DELIVERY_FLOW
from documents.incoming.services.flow import _finish, _run, recompute_due
from documents.ledger_actions import DELIVERY_FINISH_READING
from documents.models import Circulation, Delivery, DeliveryState, DeliveryStep, Handling, Reading
from documents.services.steps import apply_transition
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.org.models import Department, Person

MAX_READERS = 50


def delivery_screen(*, actor, delivery_id: int, handling: str, readers: list[Person] | None = None,
                    text: str = "") -> Delivery:
    """初审 passed: a 办件 goes to 拟办; a 阅件 goes to `readers` (leaders and staff of the department)."""
    if handling not in Handling.values:
        raise ValidationError({"handling": "请选择办件或阅件。"})
    note = (text or "").strip()[:300]

    def body(delivery):
        now = timezone.now()
        if handling == Handling.TASK:
            apply_transition(delivery, "screen_as_task", by=actor, at=now)
            _finish(delivery, actor=actor, action="screen", text=note or "初审通过，作为办件",
                    data={"handling": handling})
            return
        chosen = [r for r in dict.fromkeys(readers or []) if r is not None]
        if not chosen:
            raise ValidationError({"readers": "阅件请至少选择一位阅读人。"})
        if len(chosen) > MAX_READERS:
            raise ValidationError({"readers": f"阅件一次最多送 {MAX_READERS} 人。"})
        outsiders = [r.name for r in chosen if r.department_id != delivery.department_id or not r.is_active]
        if outsiders:
            raise ValidationError({"readers": f"只能送本单位在职人员阅：{'、'.join(outsiders)}"})
        apply_transition(delivery, "screen_as_reading", by=actor, at=now)
        circulation = Circulation.objects.create(delivery=delivery, sender=actor, note=note, as_reading=True)
        Reading.objects.bulk_create([Reading(circulation=circulation, reader=r) for r in chosen])
        _finish(delivery, actor=actor, action="screen",
                text=f"初审通过，作为阅件送{'、'.join(r.name for r in chosen)}阅" + (f"：{note}" if note else ""),
                data={"handling": handling, "readers": [r.username for r in chosen]})
        for reader in chosen:
            notify_person_on_commit(reader.pk, "todo.changed", delivery=delivery.pk, reason="circulation")

    return _run(actor, delivery_id, "screen", body, typed={"初审意见": note})


def delivery_make_task(*, actor, delivery_id: int, text: str = "") -> Delivery:
    """A reader of a 阅件 finds it needs handling: to the office for 拟办."""
    note = (text or "").strip()[:300]

    def body(delivery):
        # The readers who have not read it yet lose it from their 待阅: it is a 办件 now, for the office.
        unread = Reading.objects.filter(circulation__delivery=delivery, circulation__as_reading=True,
                                        read_at__isnull=True, recalled=False)
        for reader_id in unread.values_list("reader_id", flat=True):
            notify_person_on_commit(reader_id, "todo.changed", delivery=delivery.pk, reason="recall")
        unread.update(recalled=True)
        apply_transition(delivery, "make_task")
        _finish(delivery, actor=actor, action="make_task", text=note or "转为办件")

    return _run(actor, delivery_id, "make_task", body, typed={"说明": note})


def finish_reading_if_all_read(delivery_id: int) -> bool:
    """The system closes a 阅件 once every reader it was sent to has read it (called inside the reader's
    transaction, after their reading was marked; the system acts, so the ledger names nobody). True when
    it closed."""
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.READING:
        return False
    unread = Reading.objects.filter(circulation__delivery=delivery, circulation__as_reading=True,
                                    read_at__isnull=True, recalled=False)
    if unread.exists():
        return False
    apply_transition(delivery, "finish_reading", at=timezone.now())
    delivery.save()
    DeliveryStep.objects.create(delivery=delivery, action="阅毕办结", actor=None, actor_name="系统",
                                text="阅件已全部阅毕", at=timezone.now())
    ledger_record(actor=None, action=DELIVERY_FINISH_READING, target=delivery, department=delivery.department_id,
                  data={"state": delivery.state, "automatic": True})
    return True


def delivery_transfer(*, actor, delivery_id: int, department: Department | None, text: str) -> Delivery:
    """转办: the delivery belongs to another department — a new delivery there (with the trail so far),
    this one closed as 已转办."""
    reason = (text or "").strip()
    if not reason:
        raise ValidationError({"text": "请填写转办理由。"})
    reason = reason[:300]
    created = {}

    def body(delivery):
        if department is None or not department.is_active:
            raise ValidationError({"department": "请选择转办的单位。"})
        if department.pk == delivery.department_id:
            raise ValidationError({"department": "不能转办给本单位。"})
        earlier = delivery.transferred_from
        while earlier is not None:  # a paper arrival has no document to make it unique per department
            if earlier.department_id == department.pk:
                raise ValidationError({"department": f"此件由{department.name}转来，不能再转回。"})
            earlier = earlier.transferred_from
        now = timezone.now()
        copy = Delivery(
            document=delivery.document, department=department, kind=delivery.kind, sent_at=now, title=delivery.title,
            sender_name=delivery.sender_name, sender_number=delivery.sender_number, urgency=delivery.urgency,
            copies=delivery.copies, on_paper=delivery.on_paper, reply_requested=delivery.reply_requested,
            transferred_from=delivery,
        )
        recompute_due(copy)
        try:
            with transaction.atomic():
                copy.save()
        except IntegrityError:
            raise ValidationError({"department": f"{department.name}已收到此件，不能重复转办。"}) from None
        here = delivery.department.short_name or delivery.department.name
        DeliveryStep.objects.bulk_create(  # the trail so far, each step marked with the department it was taken in
            [DeliveryStep(delivery=copy, action=s.action, actor=s.actor, actor_name=f"{s.actor_name}（{here}）"[:50],
                          text=s.text, at=s.at) for s in delivery.steps.all()]
            + [DeliveryStep(delivery=copy, action="转办", actor=actor, actor_name=f"{actor.name}（{here}）"[:50],
                            text=f"由{delivery.department.name}转来：{reason}", at=now)])
        for scan in delivery.scans.all():  # the same accepted file, kept once (named by its hash)
            scan.pk, scan.id, scan.delivery = None, None, copy
            scan._state.adding = True
            scan.save()
        asked = set(delivery.leader_turns.filter(done_at__isnull=True).exclude(person=actor)
                    .values_list("person_id", flat=True))
        delivery.leader_turns.filter(done_at__isnull=True).delete()  # nobody is asked any more
        apply_transition(delivery, "transfer", to=department, at=now)
        _finish(delivery, actor=actor, action="transfer", text=f"转办{department.name}：{reason}",
                data={"to": department.pk, "delivery": copy.pk})
        for person_id in DELIVERY_FLOW.waiting_ids(copy):
            notify_person_on_commit(person_id, "todo.changed", delivery=copy.pk, state=copy.state)
        for person_id in asked:
            notify_person_on_commit(person_id, "todo.changed", delivery=delivery.pk, state=delivery.state)
        created["copy"] = copy

    _run(actor, delivery_id, "transfer", body, typed={"转办理由": reason})
    return created["copy"]

