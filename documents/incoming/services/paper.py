"""Registering a paper document that arrived from outside the system (纸质来文)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from documents.incoming.permissions import may_register_paper
from documents.incoming.services.flow import recompute_due
from documents.incoming.services.scans import scans_keep, scans_screen
from documents.ledger_actions import DELIVERY_REGISTER_PAPER
from documents.models import Delivery, DeliveryState, DeliveryStep
from oa.audit.services import ledger_record
from oa.core.text import refuse_control_characters
from oa.uploads.gate import text_check


def delivery_register_paper(*, actor, title: str, sender_name: str, sender_number: str = "", urgency: str = "normal",
                            copies: int = 1, received_at=None, reply_requested: bool = False, scans=(),
                            gate: dict | None = None) -> Delivery:
    """A paper document from outside the system, registered by the clerk (it enters at 待登记), with its
    scans (`scans`: uploaded PDF or image files; `gate`: the declaration fields, as for every upload).

    The typed text, then every scan, pass the classification gate before the transaction: a refused one
    registers nothing. A scan held for the 保密员 is not kept — the arrival is registered without it and
    `delivery.held_scans` lists its upload record, for the clerk to add it once released."""
    if not may_register_paper(actor):
        raise PermissionDenied("只有收发员可以登记纸质来文。")
    title, sender_name = (title or "").strip(), (sender_name or "").strip()
    if not title or not sender_name:
        raise ValidationError("请填写标题和来文单位。")
    # What the clerk typed passes the classification gate like every title (outside the transaction: a
    # refusal is recorded in one of its own).
    refuse_control_characters({"title": title, "sender_name": sender_name, "sender_number": sender_number},
                              {"title": "标题", "sender_name": "来文单位", "sender_number": "来文字号"})
    text_check(actor=actor, fields={"标题": title, "来文单位": sender_name, "来文字号": sender_number},
               purpose="纸质来文登记")
    screened = scans_screen(actor=actor, uploads=list(scans), gate=gate or {}) if scans else None
    with transaction.atomic():
        delivery = _register(actor, title=title, sender_name=sender_name, sender_number=sender_number, urgency=urgency,
                             copies=copies, received_at=received_at, reply_requested=reply_requested, screened=screened)
    delivery.held_scans = screened.held if screened else []
    return delivery


def _scans_note(screened) -> str:
    if screened is None:
        return ""
    kept = "、".join(record.name for record, _content in screened.accepted)
    held = "、".join(record.name for record in screened.held)
    return "；".join(part for part in (kept and f"扫描件：{kept}", held and f"待保密员审核：{held}") if part)[:500]


def _register(actor, *, title, sender_name, sender_number, urgency, copies, received_at, reply_requested,
              screened=None) -> Delivery:
    now = received_at or timezone.now()
    delivery = Delivery(department=actor.department, sent_at=now, title=title[:200], sender_name=sender_name[:100],
                        sender_number=sender_number[:60], urgency=urgency, copies=max(1, copies), on_paper=True,
                        reply_requested=reply_requested, signed_by=actor, signed_at=now,
                        state=DeliveryState.SIGNED)  # a paper arrival is signed for on arrival
    delivery.full_clean(exclude=["state", "document"])
    recompute_due(delivery)
    delivery.save()
    DeliveryStep.objects.create(delivery=delivery, action="纸质来文登记", actor=actor, actor_name=actor.name, at=now,
                                text=_scans_note(screened))
    data = {"sender": sender_name}
    if screened and screened.held:
        data["held_scans"] = [record.pk for record in screened.held]  # their upload records
    ledger_record(actor=actor, action=DELIVERY_REGISTER_PAPER, target=delivery, data=data)
    if screened:
        scans_keep(delivery, actor=actor, accepted=screened.accepted)
    return delivery
