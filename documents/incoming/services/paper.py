"""Paper on the receiving side: registering a paper document that arrived by hand (纸质来文), recording the
paper copy of an online delivery (双轨: 份数 and the day it came), and closing a paper arrival into the
online delivery it turned out to be the paper copy of (并入网上来文)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from documents.incoming.permissions import may_register_paper
from documents.incoming.services.flow import _finish, _run, recompute_due
from documents.incoming.services.scans import scans_keep, scans_screen
from documents.ledger_actions import DELIVERY_REGISTER_PAPER
from documents.models import Delivery, DeliveryState, DeliveryStep
from documents.rendering.form import day
from documents.services.steps import apply_transition
from oa.audit.services import ledger_record
from oa.core.text import refuse_control_characters
from oa.org.models import Department
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
    delivery = Delivery(department=actor.department, sender_department=sender_in_system(sender_name, actor.department_id),
                        sent_at=now, title=title[:200], sender_name=sender_name[:100],
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


def sender_in_system(sender_name: str, receiving_department_id: int | None) -> Department | None:
    """The department of this system a paper arrival came from: an active department whose name or short
    name is what the clerk typed as 来文单位 (never the receiving department itself), else None — paper
    from outside the system (a province office, a company) is no missed online transmission."""
    name = (sender_name or "").strip()
    if not name:
        return None
    from django.db.models import Q

    return (Department.objects.filter(Q(name=name) | Q(short_name=name), is_active=True)
            .exclude(pk=receiving_department_id).order_by("id").first())


def record_paper_copy(delivery: Delivery, *, actor, copies: int, received_on, text: str = "") -> None:
    """The paper copy of an online delivery has arrived: its 份数 and the day, on the delivery (the page,
    the API and the 收文登记簿 show them) and in its trail. Called inside the confirming step's transaction
    (the trial's 确认收到纸质件 and 并入网上来文), which ledgers it; a corrected count replaces the first."""
    delivery.paper_copies, delivery.paper_received_on = copies, received_on
    delivery.save(update_fields=["paper_copies", "paper_received_on"])
    DeliveryStep.objects.create(delivery=delivery, action="收到纸质件", actor=actor, actor_name=actor.name,
                                at=timezone.now(), text=(f"{copies}份，{day(received_on)}收到" + (f"；{text}" if text else ""))[:500])


def delivery_merge_paper(*, actor, arrival_id: int, into_id: int, copies: int, received_on) -> Delivery:
    """并入网上来文: a registered paper arrival (纸质来文, 待登记 or 待初审) is the paper copy of the online
    delivery `into_id` of the same department. The paper is recorded on that delivery and the arrival is
    closed as 已并入网上来文 — no second 收文, no deadline, nothing on anyone's 待办 — through the
    receiving side's step path (lock, DELIVERY_FLOW, transition, trail, ledger `delivery.merge_paper`).
    Run inside the caller's transaction when it confirms the paper (oa.trial's 确认收到纸质件)."""

    def body(arrival):
        into = (Delivery.objects.select_for_update().filter(
            pk=into_id, department_id=arrival.department_id, document__isnull=False, on_paper=False).first())
        if into is None:
            raise ValidationError("要并入的网上来文不存在或不属本单位。")
        apply_transition(arrival, "merge_into", into=into)
        label = arrival.register_number or f"纸质来文登记#{arrival.pk}"
        record_paper_copy(into, actor=actor, copies=copies, received_on=received_on, text=f"由{label}并入")
        _finish(arrival, actor=actor, action="merge_paper", text=f"并入网上来文：{into.title}"[:500],
                data={"into": into.pk, "copies": copies, "received_on": received_on})

    return _run(actor, arrival_id, "merge_paper", body)


def delivery_pair_paper(*, actor, arrival_id: int, into, copies: int | None = None, received_on=None) -> Delivery:
    """并入网上来文 from the paper arrival itself (its page's step, the API's `merge_paper`): the clerk names the
    online delivery of the department it is the paper copy of — inside a trial or not, urgent or not. The
    份数 and the day default to the arrival's. When the online delivery still waits for its paper under the
    双轨试运行 rule, the trial confirms that requirement with this paper (documents.hooks, the same step as its
    确认收到纸质件), so the two records agree; otherwise the arrival closes into it here."""
    from documents.hooks import paired_elsewhere
    from documents.incoming.selectors import delivery_for

    if into is None:
        raise ValidationError("请选择要并入的网上来文。")
    into_id = into.pk if isinstance(into, Delivery) else into
    arrival = delivery_for(actor, arrival_id)  # 404 when not visible, as every step
    copies = copies or arrival.copies or 1
    if received_on is None:
        received_on = timezone.localdate(arrival.signed_at) if arrival.signed_at else timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError("纸质件收到日期不能晚于今天。")
    with transaction.atomic():
        step = {"actor": actor, "arrival_id": arrival_id, "into_id": into_id, "copies": copies, "received_on": received_on}
        if not paired_elsewhere(**step):
            delivery_merge_paper(**step)
    return Delivery.objects.get(pk=arrival_id)
