"""电子监察: the periodic chase at 预警 and 黄牌, and the figures of the supervision page."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone

from documents.incoming.deadlines import grade_thresholds
from documents.incoming.models import OPEN_STATES
from documents.incoming.permissions import DELIVERY_FLOW
from documents.ledger_actions import DELIVERY_CHASE
from documents.models import Delivery, DeliveryStep
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit

__all__ = ["OPEN_STATES", "chase_due", "deadlines_checked", "supervision_figures"]

deadlines_checked = Signal()
"""Sent by the periodic chase with `today` once it has looked at the day's deadlines: what keeps counts of
open items past their deadline (oa.usage.overdue) moves them on to the day (a deadline crossed overnight)."""


def chase_due(*, today=None) -> int:
    """Chase every open delivery at 预警 or worse that has not been chased today. Idempotent per day."""
    today = today or timezone.localdate()
    limits = grade_thresholds(today)
    start_of_day = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    due = Delivery.objects.filter(state__in=OPEN_STATES, due_date__lte=limits["warning_until"]).filter(
        Q(last_chased_at__isnull=True) | Q(last_chased_at__lt=start_of_day)
    )
    deadlines_checked.send(sender=chase_due, today=today)
    chased = 0
    for delivery_id in due.values_list("id", flat=True).iterator(chunk_size=500):
        with transaction.atomic():
            delivery = Delivery.objects.select_for_update().filter(pk=delivery_id, state__in=OPEN_STATES).first()
            if delivery is None or (delivery.last_chased_at and delivery.last_chased_at >= start_of_day):
                continue
            delivery.last_chased_at = timezone.now()
            delivery.save(update_fields=["last_chased_at"])
            overdue = delivery.due_date < today
            text = "已超过办理时限，请尽快办理。" if overdue else f"将于{delivery.due_date:%Y-%m-%d}到期，请及时办理。"
            DeliveryStep.objects.create(delivery=delivery, action="自动催办", actor=None, actor_name="系统", text=text,
                                        at=timezone.now())
            targets = DELIVERY_FLOW.waiting_ids(delivery)
            ledger_record(action=DELIVERY_CHASE, target=delivery, department=delivery.department_id,
                          data={"automatic": True, "to": sorted(targets), "overdue": overdue})
            for person_id in targets:
                notify_person_on_commit(person_id, "delivery.chased", delivery=delivery.pk, text=text)
            chased += 1
    return chased


def supervision_figures(*, today=None) -> list[dict]:
    """Per department: open, at warning, yellow and red — one grouped query over the due dates."""
    today = today or timezone.localdate()
    limits = grade_thresholds(today)
    rows = (
        Delivery.objects.filter(state__in=OPEN_STATES)
        .values("department_id", "department__name", "department__sort_order")
        .annotate(
            open=Count("id"),
            warning=Count("id", filter=Q(due_date__gte=today, due_date__lte=limits["warning_until"])),
            yellow=Count("id", filter=Q(due_date__lt=today, due_date__gte=limits["red_before"])),
            red=Count("id", filter=Q(due_date__lt=limits["red_before"])),
        )
        .order_by("-red", "-yellow", "-warning", "department__sort_order")
    )
    return list(rows)
