"""拟办 and the leaders' 批示 (收文): the office proposes who handles it and which leaders are asked, in
rounds — the leaders of one round at once (several 分管领导 in parallel), the next round when that one
is done (分管 → 主要负责人). Each leader writes a 批示, agrees with the 拟办 (同意拟办) or 圈阅s; may ask
another leader (加送) and may return it to the office. When the last leader asked has written, it goes
to the 主办 (the 拟办's, or the one a 批示 named instead) and the 协办."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.utils import timezone

from documents.incoming.services.flow import _finish, _run, _text, recompute_due
from documents.models import Assist, Delivery, LeaderTurn, TurnKind
from documents.services.flow import decode_signature
from documents.services.steps import apply_transition
from oa.core.live import notify_person_on_commit
from oa.org.actors import LEADERS
from oa.org.models import Person

MAX_LEADERS = 12
AGREE_TEXT = "同意拟办"


# --- who may be named --------------------------------------------------------------------------

def _colleagues(delivery: Delivery, people: Iterable[Person | None], *, field: str, what: str) -> list[Person]:
    chosen = [p for p in dict.fromkeys(people) if p is not None]
    outsiders = [p.name for p in chosen if p.department_id != delivery.department_id or not p.is_active]
    if outsiders:
        raise ValidationError({field: f"{what}须是本单位在职人员：{'、'.join(outsiders)}"})
    return chosen


def _leaders(delivery: Delivery, people: Iterable[Person | None], *, field: str = "leaders") -> list[Person]:
    chosen = _colleagues(delivery, people, field=field, what="领导")
    not_leaders = [p.name for p in chosen if not p.has_role(*LEADERS)]
    if not_leaders:
        raise ValidationError({field: f"只能送本单位领导批示：{'、'.join(not_leaders)}不是领导。"})
    return chosen


def _handlers(delivery, assignee, assistants) -> tuple[Person, list[Person]]:
    (lead,) = _colleagues(delivery, [assignee], field="assignee", what="主办人") or (None,)
    if lead is None:
        raise ValidationError({"assignee": "请选择承办人（主办人）。"})
    helpers = [p for p in _colleagues(delivery, assistants or [], field="assistants", what="协办人") if p.pk != lead.pk]
    return lead, helpers


# --- 拟办 ----------------------------------------------------------------------------------------

def delivery_propose(*, actor, delivery_id: int, text: str, assignee: Person | None = None,
                     assistants: Iterable[Person] = (), leaders: Iterable[Person] = (),
                     final_leader: Person | None = None) -> Delivery:
    """拟办意见 with the proposed 主办 and 协办, and the leaders asked: `leaders` at once (one or several
    分管领导), then `final_leader` (the 主要负责人) after them."""
    proposal = _text(text, "拟办意见")

    def body(delivery):
        lead, helpers = _handlers(delivery, assignee, assistants)
        first = _leaders(delivery, leaders)
        last = _leaders(delivery, [final_leader], field="final_leader")
        first = [p for p in first if not last or p.pk != last[0].pk]
        rounds = [r for r in (first, last) if r]
        if not rounds:
            raise ValidationError({"leaders": "请选择批示的领导。"})
        if sum(len(r) for r in rounds) > MAX_LEADERS:
            raise ValidationError({"leaders": f"一次最多送 {MAX_LEADERS} 位领导批示。"})
        now = timezone.now()
        apply_transition(delivery, "propose", proposal=proposal, by=actor, at=now, assignee=lead)
        delivery.proposed_assistants.set(helpers)  # the row exists; _finish saves the rest
        start = _next_round(delivery)
        LeaderTurn.objects.bulk_create([
            LeaderTurn(delivery=delivery, person=person, round=start + index, current=index == 0)
            for index, people in enumerate(rounds) for person in people
        ])
        _finish(delivery, actor=actor, action="propose", text=proposal, data={
            "assignee": lead.username, "assistants": [p.username for p in helpers],
            "leaders": [[p.username for p in people] for people in rounds]})

    return _run(actor, delivery_id, "propose", body, typed={"拟办意见": proposal})


def _next_round(delivery) -> int:
    last = delivery.leader_turns.order_by("-round").values_list("round", flat=True).first()
    return (last or 0) + 1


# --- the leaders' turns --------------------------------------------------------------------------

def _my_turn(delivery, actor) -> LeaderTurn:
    # The table let them in (a current, open turn is theirs); this is the row.
    return delivery.leader_turns.select_for_update().get(person=actor, current=True, done_at__isnull=True)


def _advance(delivery, *, actor, due: date | None) -> str:
    """After a turn is done: wait for the rest of the round, ask the next round, or hand it to the 主办.
    Returns what happened ("round", "next", "handling") for the step's record."""
    open_turns = delivery.leader_turns.filter(done_at__isnull=True)
    if open_turns.filter(current=True).exists():
        return "round"
    upcoming = open_turns.order_by("round").values_list("round", flat=True).first()
    if upcoming is not None:
        open_turns.filter(round=upcoming).update(current=True)
        return "next"
    if delivery.proposed_assignee_id is None:
        raise ValidationError({"assignee": "拟办未指定承办人：请选择承办人（主办人），或退回拟办。"})
    apply_transition(delivery, "instructions_done", assignee=delivery.proposed_assignee,
                     due=due or delivery.instructed_due)
    recompute_due(delivery)
    # The 主办 and each 协办 get an open 承办 row (their 待办); one who answered before a hand-back is asked again.
    handlers = {delivery.assignee_id: True} | {p.pk: False for p in delivery.proposed_assistants.all()
                                                 if p.pk != delivery.assignee_id}
    delivery.assists.exclude(person_id__in=handlers).delete()  # earlier 协办 not asked now (their part is in the trail)
    again = set(delivery.assists.filter(person_id__in=handlers).values_list("person_id", flat=True))
    if again:
        delivery.assists.filter(person_id__in=again).update(done_at=None, lead=Case(
            When(person_id=delivery.assignee_id, then=Value(True)), default=Value(False)))
    Assist.objects.bulk_create([Assist(delivery=delivery, person_id=person_id, lead=lead)
                                for person_id, lead in handlers.items() if person_id not in again])
    return "handling"


def _write(*, actor, delivery_id: int, action: str, kind: str, text: str, assignee=None, assistants=None,
           due: date | None = None, signature: str = "") -> Delivery:
    typed = {"批示": text} if text else {}  # 同意拟办's words too

    def body(delivery):
        if due is not None and due < timezone.localdate():
            raise ValidationError({"due": "办理时限不能早于今天。"})
        image = decode_signature(signature)
        changes = {}
        if assignee is not None or assistants:
            # Naming another 主办 alone keeps the 拟办's 协办 (less the new 主办); naming 协办 replaces them.
            lead, helpers = _handlers(delivery, assignee or delivery.proposed_assignee,
                                      assistants or list(delivery.proposed_assistants.all()))
            delivery.proposed_assignee = lead
            delivery.proposed_assistants.set(helpers)
            changes = {"assignee": lead.username, "assistants": [p.username for p in helpers]}
        turn = _my_turn(delivery, actor)
        turn.kind, turn.text, turn.signature_png, turn.done_at, turn.current = kind, text, image, timezone.now(), False
        turn.save()
        if text:
            delivery.instruction = text
        if due is not None:
            delivery.instructed_due = due
        outcome = _advance(delivery, actor=actor, due=due)
        named = ""
        if changes:  # the trail says whom the 批示 named instead of the 拟办's choice
            helpers = "、".join(p.name for p in delivery.proposed_assistants.all())
            named = f"（主办：{delivery.proposed_assignee.name}" + (f"；协办：{helpers}" if helpers else "") + "）"
        _finish(delivery, actor=actor, action=action, text=(text or TurnKind(kind).label) + named,
                data={"kind": kind, "then": outcome, "handwriting": image is not None, **changes,
                      **({"due": due.isoformat()} if due else {})})

    return _run(actor, delivery_id, action, body, typed=typed)


def delivery_instruct(*, actor, delivery_id: int, text: str, assignee: Person | None = None,
                      assistants: Iterable[Person] | None = None, due: date | None = None,
                      signature: str = "") -> Delivery:
    """批示: the leader's words (with handwriting where given); may name another 主办/协办 and a date."""
    return _write(actor=actor, delivery_id=delivery_id, action="instruct", kind=TurnKind.INSTRUCT,
                  text=_text(text, "批示"), assignee=assignee, assistants=list(assistants or []), due=due,
                  signature=signature)


def delivery_agree(*, actor, delivery_id: int, text: str = "", signature: str = "") -> Delivery:
    """同意拟办: one tap — the 拟办's 主办 and 协办 stand."""
    words = (text or "").strip()[:500] or AGREE_TEXT
    return _write(actor=actor, delivery_id=delivery_id, action="agree", kind=TurnKind.AGREE, text=words,
                  signature=signature)


def delivery_circle(*, actor, delivery_id: int, signature: str = "") -> Delivery:
    """圈阅: read and agreed, no words."""
    return _write(actor=actor, delivery_id=delivery_id, action="circle", kind=TurnKind.CIRCLE, text="",
                  signature=signature)


def delivery_add_leader(*, actor, delivery_id: int, leader: Person | None, after: bool = True,
                        text: str = "") -> Delivery:
    """加送: ask another leader — after this round (the next to write) or alongside it."""

    def body(delivery):
        (person,) = _leaders(delivery, [leader], field="leader") or (None,)
        if person is None:
            raise ValidationError({"leader": "请选择加送的领导。"})
        if person.pk == actor.pk or delivery.leader_turns.filter(person=person, done_at__isnull=True).exists():
            raise ValidationError({"leader": f"{person.name}已在待批示领导之中。"})
        if delivery.leader_turns.filter(done_at__isnull=True).count() >= MAX_LEADERS:
            raise ValidationError({"leader": f"待批示领导最多 {MAX_LEADERS} 位。"})
        mine = _my_turn(delivery, actor)
        if after:
            later = delivery.leader_turns.filter(round__gt=mine.round)
            for turn in later.order_by("-round"):  # make room for the new round right after this one
                LeaderTurn.objects.filter(pk=turn.pk).update(round=turn.round + 1)
            LeaderTurn.objects.create(delivery=delivery, person=person, round=mine.round + 1, added_by=actor)
        else:
            LeaderTurn.objects.create(delivery=delivery, person=person, round=mine.round, current=True, added_by=actor)
        note = f"加送{person.name}{'（本轮之后）' if after else '（同时批示）'}" + (f"：{text}" if text else "")
        _finish(delivery, actor=actor, action="add_leader", text=note,
                data={"leader": person.username, "after": after})

    return _run(actor, delivery_id, "add_leader", body, typed={"加送说明": text})


def delivery_send_back(*, actor, delivery_id: int, text: str) -> Delivery:
    """退回拟办: a leader returns it to the office (or the 办公室主任 takes it back, say when a leader asked
    has left); the leaders not yet asked or not yet written are dropped (the written 批示 stay), and a new
    拟办 asks again."""
    reason = _text(text, "退回原因")

    def body(delivery):
        dropped = set(delivery.leader_turns.filter(done_at__isnull=True).exclude(person=actor)
                      .values_list("person_id", flat=True))
        delivery.leader_turns.filter(done_at__isnull=True).delete()
        apply_transition(delivery, "send_back")
        _finish(delivery, actor=actor, action="send_back", text=reason)
        for person_id in dropped:  # their 待办 loses it
            notify_person_on_commit(person_id, "todo.changed", delivery=delivery.pk, state=delivery.state)

    return _run(actor, delivery_id, "send_back", body, typed={"退回原因": reason})
