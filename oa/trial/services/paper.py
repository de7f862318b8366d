"""Paper copies: the sending clerk records them, the receiving clerk confirms them (one by one or a
whole stack), the urgent document's sender records how it went, anyone on either side (or the
information center) chases the other; classified paper-only items are counted, never described."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents.incoming.permissions import DELIVERY_FLOW
from documents.incoming.services.paper import delivery_merge_paper, record_paper_copy
from documents.models import Delivery
from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.live import notify_group_on_commit, role_audience
from oa.core.steps import apply_transition, run_step, save_changed
from oa.org.choices import Role
from oa.org.models import Department
from oa.trial.choices import Discrepancy, ItemDirection, PaperMethod, PaperState, UrgentChannel
from oa.trial.ledger_actions import TRIAL_PAPER_ONLY_RECORD
from oa.trial.models import PaperOnlyItem, PaperRequirement
from oa.trial.permissions import PAPER_FLOW, PAPER_LABELS, is_clerk, is_info_center, may_paper
from oa.trial.selectors import current_programme, discrepancy_of, in_discrepancy, paper_for

P = PaperState
MAX_COPIES = 999
COPY_RANGE = re.compile(r"^(\d{1,6})(?:\s*[-—~至]\s*(\d{1,6}))?$")


@dataclass(frozen=True)
class PaperSent:
    count: int
    sent_on: date
    method: str
    copy_range: str = ""


def notify_department_clerks(department_ids, *, event: str = "todo.changed", **payload) -> None:
    """One send to each department's clerks (the audience `department:<id>:role:clerk`): the payload names
    the paper or the chase, the same for every clerk of the department."""
    for department_id in dict.fromkeys(department_ids):
        notify_group_on_commit(role_audience(Role.CLERK, department_id), event, **payload)


def _count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COPIES:
        raise ValidationError(f"{what}应为 1 到 {MAX_COPIES} 之间的整数。")
    return value


def _not_future(day: date, what: str) -> date:
    if day > timezone.localdate():
        raise ValidationError(f"{what}不能晚于今天。")
    return day


def normalise_copy_range(value: str, count: int) -> str:
    """份号: one number or a range such as 000001-000003 (six digits, zero-padded); a range must
    hold exactly `count` copies."""
    value = (value or "").strip()
    if not value:
        return ""
    match = COPY_RANGE.match(value)
    if not match:
        raise ValidationError("份号格式应为“000001”或“000001-000003”。")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    if first < 1 or last < first:
        raise ValidationError("份号起止有误：结束份号不能小于起始份号。")
    if last - first + 1 != count:
        raise ValidationError(f"份号 {first:06d}-{last:06d} 共 {last - first + 1} 份，与送出份数 {count} 份不符。")
    return f"{first:06d}" if first == last else f"{first:06d}-{last:06d}"


def _run(actor, requirement_id: int, action: str, body):
    return run_step(
        actor=actor, locate=lambda: paper_for(actor, requirement_id, for_update=True),
        allowed=lambda requirement: may_paper(actor, action, requirement), states=PAPER_FLOW.states_for(action),
        label=PAPER_LABELS[action], ledger_action=step_code("trial.paper", action), body=body,
    )


def _finish(requirement, *, actor, action: str, notify: int, data: dict) -> None:
    save_changed(requirement)
    ledger_record(actor=actor, action=step_code("trial.paper", action), target=requirement,
                  data={"delivery": requirement.delivery_id, "state": requirement.state, **data})
    notify_department_clerks([notify], event="todo.changed", paper=requirement.pk)


def paper_record(*, actor, requirement_id: int, sent: PaperSent):
    count = _count(sent.count, "送出份数")
    copy_range = normalise_copy_range(sent.copy_range, count)
    if sent.method not in PaperMethod.values:
        raise ValidationError("请选择送达方式：交换站、专人或机要。")
    sent_on = _not_future(sent.sent_on, "送出日期")

    def body(requirement):
        step = "amend_sent" if requirement.state == P.CONFIRMED else "record_sent"
        apply_transition(requirement, step, by=actor, count=count, copy_range=copy_range, sent_on=sent_on,
                         via=sent.method)
        _finish(requirement, actor=actor, action="record", notify=requirement.receiving_department_id,
                data={"count": count, "copy_range": copy_range, "method": sent.method, "sent_on": sent_on})

    return _run(actor, requirement_id, "record", body)


def _paper_arrival(actor, arrival_id: int | None):
    if not arrival_id:
        return None
    arrival = (Delivery.objects.select_for_update().filter(pk=arrival_id, department_id=actor.department_id,
                                                           document__isnull=True, on_paper=True).first())
    if arrival is None or PaperRequirement.objects.filter(paper_arrival=arrival).exists():
        raise ValidationError("所选纸质来文登记不存在，或已与其他公文配对。")
    if arrival.state not in DELIVERY_FLOW.states_for("merge_paper"):  # 待登记, 待初审: nobody handles it yet
        raise ValidationError(f"所选纸质来文已{arrival.get_state_display()}，已作为收文办理，不能再并入网上来文；"
                              "可不配对直接确认收到。")
    return arrival


def paper_confirm(*, actor, requirement_id: int, count: int | None = None, received_on: date | None = None,
                  paper_arrival_id: int | None = None):
    """The receiving clerk confirms the paper copies; fewer than were sent is a discrepancy (份数不符).
    The count and the day are recorded on the online delivery. Paper that arrived first and was
    registered as a paper arrival is matched here: the arrival closes into the online delivery
    (已并入网上来文 — no second 收文, no deadline, no card; documents' `delivery_merge_paper`)."""

    def body(requirement):
        arrival = _paper_arrival(actor, paper_arrival_id)
        received = count if count is not None else (arrival.copies if arrival else requirement.sent_count)
        if received is None:
            raise ValidationError("请填写收到份数。")
        received = _count(received, "收到份数")
        day = received_on or (timezone.localdate(arrival.signed_at) if arrival and arrival.signed_at else timezone.localdate())
        _not_future(day, "收到日期")
        apply_transition(requirement, "confirm", by=actor, count=received, received_on=day, paper_arrival=arrival)
        short = requirement.sent_count is not None and received != requirement.sent_count
        _finish(requirement, actor=actor, action="confirm", notify=requirement.sender_department_id,
                data={"count": received, "received_on": day, "short": short, "paper_arrival": paper_arrival_id})
        if arrival is not None:  # records the paper on the online delivery as it closes the arrival into it
            delivery_merge_paper(actor=actor, arrival_id=arrival.pk, into_id=requirement.delivery_id, copies=received,
                                 received_on=day)
        else:
            record_paper_copy(Delivery.objects.select_for_update().get(pk=requirement.delivery_id), actor=actor,
                              copies=received, received_on=day)

    return _run(actor, requirement_id, "confirm", body)


def paper_bulk_confirm(*, actor, requirement_ids: list[int], received_on: date | None = None) -> list[PaperRequirement]:
    """A stack of paper: confirm each with the number the sender recorded. All or nothing."""
    ids = sorted({int(i) for i in requirement_ids})
    if not ids:
        raise ValidationError("请勾选要确认的纸质件。")
    if not is_clerk(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有收发员可以确认纸质件。")
    day = _not_future(received_on or timezone.localdate(), "收到日期")
    with transaction.atomic():
        # Checked under the rows' locks: a second clerk confirming the same stack at the same moment
        # waits here, then finds them confirmed and is refused — nobody's dates are overwritten.
        eligible = set(PaperRequirement.objects.select_for_update().filter(
            pk__in=ids, receiving_department_id=actor.department_id, state=P.SENT, sent_count__isnull=False)
            .values_list("id", flat=True))
        refused = [i for i in ids if i not in eligible]
        if refused:
            raise ValidationError(f"有 {len(refused)} 项不能批量确认（发文方尚未登记送出，或已确认、不属本单位），未作任何更改。")
        return [paper_confirm(actor=actor, requirement_id=i, received_on=day) for i in ids]


def paper_urgent_channel(*, actor, requirement_id: int, channel: str):
    if channel not in (UrgentChannel.ONLINE_ONLY, UrgentChannel.PAPER_ONLY):
        raise ValidationError("请选择急件的传输方式：仅线上或仅纸质。")

    def body(requirement):
        apply_transition(requirement, "record_urgent_channel", channel=channel)
        _finish(requirement, actor=actor, action="urgent", notify=requirement.sender_department_id,
                data={"channel": channel})

    return _run(actor, requirement_id, "urgent", body)


OWN_STEP = {  # what a clerk whose own department owes the next step is told instead of chasing the other side
    "record": "纸质件尚未登记送出，请本单位先送出并登记",
    "confirm": "纸质件已送出，请本单位核实收到后确认",
    "sign": "请本单位在线上签收该件",
}


def _owing(requirement, kind: str) -> tuple[int, str]:
    """(the department that owes the next step of this discrepancy, which step). A count mismatch may
    lie on either side: the sender is asked to check first."""
    if kind == Discrepancy.PAPER_MISSING and requirement.state == P.SENT:
        return requirement.receiving_department_id, "confirm"
    if kind == Discrepancy.NOT_SIGNED:
        return requirement.receiving_department_id, "sign"
    if kind == Discrepancy.PAPER_MISSING:
        return requirement.sender_department_id, "record"
    return requirement.sender_department_id, ""


def own_step(requirement, actor, kind: str) -> str:
    """What the actor's own department has to do on this discrepancy ("" when the other side owes it):
    the reconciliation page shows it in place of the 催 button."""
    owing, step = _owing(requirement, kind)
    if is_info_center(actor) or not step or owing != actor.department_id:
        return ""
    return OWN_STEP[step]


def chase_target(requirement, actor, kind: str) -> int:
    """The department to chase: the side that owes the next step. A clerk chases the other side — and is
    told to act when the step is their own department's (a count mismatch: either side may ask)."""
    owing, step = _owing(requirement, kind)
    sides = (requirement.sender_department_id, requirement.receiving_department_id)
    if is_info_center(actor) or actor.department_id not in sides:
        return owing
    other = sides[1] if actor.department_id == sides[0] else sides[0]
    if (own := own_step(requirement, actor, kind)):
        raise ValidationError(f"{own}，无需催办对方。")
    return other


CHASE_TEXT = {
    Discrepancy.PAPER_MISSING: "纸质件尚未到位，请核实送出或确认收到",
    Discrepancy.NOT_SIGNED: "纸质件已确认收到，线上尚未签收，请及时签收",
    Discrepancy.COUNT_MISMATCH: "纸质件份数不符或发文方未登记，请核对",
}


def paper_chase(*, actor, requirement_id: int, kind: str | None = None):
    """催: one step, to the other side — live hint to its clerks, and the ledger. `kind`: the
    reconciliation list it is chased from (a pair can be in two: 线上未签收 and 份数不符); the row must be
    in that list now. Without it, the row's first discrepancy."""

    def body(requirement):
        chased = kind if kind in CHASE_TEXT and in_discrepancy(requirement, kind) else discrepancy_of(requirement)
        if chased not in CHASE_TEXT:
            raise ValidationError("该件已核对一致或尚未到催收期限，无需催办。")
        target = chase_target(requirement, actor, chased)
        requirement.last_chased_at = timezone.now()
        requirement.chase_count += 1
        requirement.save(update_fields=["last_chased_at", "chase_count"])
        ledger_record(actor=actor, action=step_code("trial.paper", "chase"), target=requirement,
                      data={"kind": chased, "to_department": target, "delivery": requirement.delivery_id})
        notify_department_clerks([target], event="trial.chased", paper=requirement.pk, text=CHASE_TEXT[chased],
                                 title=requirement.delivery.title)
        notify_department_clerks([target], event="todo.changed")

    return _run(actor, requirement_id, "chase", body)


def paper_only_record(*, actor, counterpart_id: int, direction: str, count: int, on_date: date) -> PaperOnlyItem:
    """A classified item (“三密”件): it never goes online; only the date, counterpart, direction and count
    are kept, so usage rates count every document without recording what it was."""
    if not is_clerk(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有收发员可以登记涉密纸质件。")
    if direction not in ItemDirection.values:
        raise ValidationError("请选择发出或收到。")
    count = _count(count, "件数")
    if count > 500:
        raise ValidationError("件数不能超过 500。")
    _not_future(on_date, "日期")
    counterpart = Department.objects.filter(pk=counterpart_id, is_active=True).first()
    if counterpart is None:
        raise ValidationError("请选择对方单位。")
    if counterpart.pk == actor.department_id:
        raise ValidationError("对方单位不能是本单位。")
    programme = current_programme()
    with transaction.atomic():
        item = PaperOnlyItem.objects.create(
            programme=programme if programme and programme.start_date <= on_date <= programme.end_date else None,
            department_id=actor.department_id, counterpart=counterpart, direction=direction, count=count,
            on_date=on_date, recorded_by=actor)
        ledger_record(actor=actor, action=TRIAL_PAPER_ONLY_RECORD, target=None,
                      data={"item": item.pk, "counterpart": counterpart.pk, "direction": direction, "count": count,
                            "on": on_date})
    return item


def pair_with_requirement(*, actor, arrival_id: int, into_id: int, copies: int, received_on) -> bool:
    """documents' 并入网上来文 asks here first (documents.hooks): when the online delivery still waits for its
    paper under the rule (纸质件待送/已送出), the paper arrival confirms it — the same step as 确认收到纸质件 with a
    先到纸质件, so the requirement, the arrival and the online delivery agree. False: nothing to confirm."""
    requirement_id = (PaperRequirement.objects.filter(delivery_id=into_id, state__in=[P.AWAITING, P.SENT])
                      .values_list("pk", flat=True).first())
    if requirement_id is None:
        return False
    paper_confirm(actor=actor, requirement_id=requirement_id, count=copies, received_on=received_on,
                  paper_arrival_id=arrival_id)
    return True
