"""Who may do what to a delivery (收文): the workflow's one table, and the predicates around it.

Every check on the receiving side comes through `may_deliver`, which reads `DELIVERY_FLOW`; who is told
(`services/receiving.py`), who is chased (`services/circulation.py`, `services/supervision.py`) and
the inbox's 待办 (`selectors.waiting_ids`) read the same table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from documents.incoming.models import Delivery, DeliveryState, Handling
from oa.core.flow_picture import route
from oa.core.workflow import SYSTEM, Workflow, register, turn
from oa.org.actors import LEADERS, AnyOf, Named, RoleIn
from oa.org.choices import DepartmentKind, Role
from oa.org.models import Person

D = DeliveryState


@dataclass(frozen=True)
class SendingClerk(RoleIn):
    """The clerk of the department that sent the document (a delivery of an in-system document), or that
    sent it on (a 转办): a returned delivery is theirs to correct and resend. They are told; the delivery is not on their
    收文 待办 (it is the receiving side's inbox), so `waiting` names nothing."""

    def department_id(self, delivery):
        # A delivery 转办 here came from the department that sent it on; otherwise from the drafting one.
        if delivery.transferred_from_id:
            return delivery.transferred_from.department_id
        return delivery.document.drafting_department_id if delivery.document_id else None

    def waiting(self, person) -> Q | None:
        return None


class Supervisor:
    """The information center and the supervision office (督办室): they watch every department."""

    label = "督办"

    def matches(self, person, delivery) -> bool:
        return is_supervisor(person)

    def person_ids(self, delivery) -> set[int]:
        return set(Person.objects.filter(Q(role_grants__role=Role.INFO_CENTER) | Q(
            department__kind=DepartmentKind.SUPERVISION), is_active=True).values_list("id", flat=True).distinct())

    def waiting(self, person) -> Q | None:
        return None


class _Related:
    """A rule read from one of the delivery's related rows (its leaders' turns, its 协办, its readings):
    from the prefetched rows when the page prefetched them, else one query."""

    label = ""
    relation = ""

    def rows(self, delivery):
        return [row for row in getattr(delivery, self.relation).all() if self.counts(row)]

    def counts(self, row) -> bool:
        raise NotImplementedError

    def matches(self, person, delivery) -> bool:
        return person.pk is not None and any(row.person_id == person.pk for row in self.rows(delivery))

    def person_ids(self, delivery) -> set[int]:
        return {row.person_id for row in self.rows(delivery)}


class CurrentLeader(_Related):
    """A leader of the round being asked now who has not written yet (several at once in parallel)."""

    label = "待批示领导"
    relation = "leader_turns"

    def counts(self, turn) -> bool:
        return turn.current and turn.done_at is None

    def waiting(self, person) -> Q | None:
        # Only a leader is ever asked (拟办 and 加送 name leaders): nobody else's 待办 pays for this condition.
        if not person.pk or not person.has_role(*LEADERS):
            return None
        return Q(leader_turns__person=person, leader_turns__current=True, leader_turns__done_at__isnull=True)


class PendingAssistant(_Related):
    """A 协办人 who has not given their part yet. Their 待办 condition is the 主办's (`Assignee`)."""

    label = "协办人"
    relation = "assists"

    def counts(self, assist) -> bool:
        return not assist.lead and assist.done_at is None

    def waiting(self, person) -> Q | None:
        return None


class Assignee(Named):
    """The 主办. A 承办中 delivery waits for its 主办 and for its 协办 who have not answered; both have an
    open 承办 row (Assist), so one indexed condition lists it on either's 待办."""

    def waiting(self, person) -> Q | None:
        return Q(assists__person=person, assists__done_at__isnull=True) if person.pk else None


class Reader(_Related):
    """Someone the delivery was circulated to (not recalled): they may write on it (圈阅, 批示); a reader
    of a 阅件 may turn it into a 办件. Their 待阅 list is the readings', not the 待办 list."""

    label = "阅读人"
    relation = "circulations"

    def __init__(self, *, reading_only: bool = False):
        self.reading_only = reading_only

    def rows(self, delivery):
        return [reading for circulation in delivery.circulations.all()
                if circulation.as_reading or not self.reading_only
                for reading in circulation.readings.all() if not reading.recalled]

    def person_ids(self, delivery) -> set[int]:
        return {reading.reader_id for reading in self.rows(delivery)}

    def matches(self, person, delivery) -> bool:
        return person.pk is not None and any(reading.reader_id == person.pk for reading in self.rows(delivery))

    def waiting(self, person) -> Q | None:
        return None


class UnreadReader(Reader):
    """A reader of a 阅件 who has not read it yet: what it waits for (they are told and chased; it is on
    their 待阅 list, not the 待办)."""

    label = "未阅读人"

    def rows(self, delivery):
        return [reading for reading in super().rows(delivery) if reading.read_at is None]


def has_sender(person, delivery) -> bool:
    """Only what came through the system can go back to its sender: a delivery of an in-system document, or
    one 转办 here. A paper arrival is sent on (转办) or handled; the paper goes back by hand."""
    return delivery.document_id is not None or delivery.transferred_from_id is not None


CLERK = RoleIn("收发员", (Role.CLERK,), "department")
ARCHIVIST = RoleIn("档案员", (Role.ARCHIVIST,), "department")
OFFICE_DIRECTOR = RoleIn("办公室主任", (Role.OFFICE_DIRECTOR,), "department")
LEADER = RoleIn("领导", LEADERS, "department")
CURRENT_LEADER = CurrentLeader()
ASSIGNEE = Assignee("主办人", "assignee")
ASSISTANT = PendingAssistant()
READER = Reader()
READING_READER = Reader(reading_only=True)
UNREAD_READER = UnreadReader(reading_only=True)
SENDING_CLERK = SendingClerk("发文单位收发员", (Role.CLERK,), "document")
CIRCULATE = turn(AnyOf("主办人、本单位收发员、办公室主任、领导", (
    ASSIGNEE, RoleIn("本单位收发员、办公室主任、领导", (Role.CLERK, Role.OFFICE_DIRECTOR, *LEADERS), "department"))),
    "circulate", waits=False)
CHASE = turn(AnyOf("督办、本单位办公室主任、领导", (Supervisor(), RoleIn("本单位办公室主任、领导", (
    Role.OFFICE_DIRECTOR, *LEADERS), "department"))), "chase", waits=False)
REMARK = turn(READER, "remark", waits=False)
# The scan of a paper arrival (PDF or images): the clerk adds it until the delivery is archived.
ATTACH_SCAN = turn(CLERK, "attach_scan", waits=False, when=lambda person, delivery: delivery.on_paper)


def is_paper_arrival(person, delivery) -> bool:
    """A paper document registered by hand (纸质来文), not the delivery of an in-system document."""
    return delivery.on_paper and delivery.document_id is None


# 并入网上来文: the receiving clerk pairs a paper arrival with the online delivery it is the paper copy of — on the
# arrival's page or API step (delivery_pair_paper), or at the trial's 确认收到纸质件 with a 先到纸质件.
MERGE_PAPER = turn(CLERK, "merge_paper", waits=False, when=is_paper_arrival)

DELIVERY_FLOW = register(Workflow(
    name="delivery",
    model=Delivery,
    labels={
        "sign_for": "签收", "return": "退回来文单位", "resend": "重新发送", "register": "登记", "screen": "初审",
        "transfer": "转办", "propose": "拟办", "instruct": "批示", "agree": "同意拟办", "circle": "圈阅",
        "add_leader": "加送领导", "send_back": "退回拟办", "make_task": "转为办件", "finish_reading": "阅毕办结",
        "assist": "协办反馈", "hand_back": "退回重新拟办", "request_extension": "申请延期", "extend": "同意延期",
        "complete": "办结", "archive": "归档", "circulate": "传阅", "remark": "阅批", "chase": "催办",
        "attach_scan": "添加扫描件", "merge_paper": "并入网上来文",
    },
    moves={
        "sign_for": ("sign_for",), "return": ("return_to_sender",), "resend": ("resend",), "register": ("register",),
        "screen": ("screen_as_task", "screen_as_reading"), "transfer": ("transfer",), "propose": ("propose",),
        # A 批示, 同意拟办 or 圈阅 moves the delivery on when it was the last one asked for.
        "instruct": ("instructions_done",), "agree": ("instructions_done",), "circle": ("instructions_done",),
        "send_back": ("send_back",), "make_task": ("make_task",), "finish_reading": ("finish_reading",),
        "hand_back": ("hand_back",), "complete": ("complete",), "archive": ("archive",),
        "merge_paper": ("merge_into",),
    },
    table={
        D.PENDING: (turn(CLERK, "sign_for"), turn(CLERK, "return", waits=False, when=has_sender), CHASE),
        D.RETURNED: (turn(SENDING_CLERK, "resend"),),
        D.SIGNED: (turn(CLERK, "register"), CHASE, ATTACH_SCAN, MERGE_PAPER),
        # 初审: should it come here, is it complete, is the form right — then 办件 or 阅件, back, or 转办. By the
        # 文书 or the 办公室主任: two rows, so that each one's 待办 stays one condition over all their states.
        D.REGISTERED: (turn(CLERK, "screen", "transfer"), turn(OFFICE_DIRECTOR, "screen", "transfer"),
                       turn(CLERK, "return", waits=False, when=has_sender),
                       turn(OFFICE_DIRECTOR, "return", waits=False, when=has_sender),
                       CIRCULATE, REMARK, CHASE, ATTACH_SCAN, MERGE_PAPER),
        D.PROPOSING: (turn(OFFICE_DIRECTOR, "propose", "transfer"), CIRCULATE, REMARK, CHASE, ATTACH_SCAN),
        # The 办公室主任 may take it back (a leader asked has left, or it waits too long) — nobody is ever stuck.
        D.PROPOSED: (turn(CURRENT_LEADER, "instruct", "agree", "circle", "add_leader", "send_back", "transfer"),
                     turn(OFFICE_DIRECTOR, "send_back", waits=False),
                     CIRCULATE, REMARK, CHASE, ATTACH_SCAN),
        # A 阅件 closes by itself once every reader has read it; any of them may make it a 办件.
        D.READING: (turn(UNREAD_READER, "remark"), turn(READING_READER, "make_task", waits=False),
                    turn(SYSTEM, "finish_reading"), REMARK, CHASE,
                    ATTACH_SCAN),
        # The 主办 closes it once the 协办 have given theirs; the leaders grant an extension the 主办 asked for.
        D.HANDLING: (turn(ASSIGNEE, "hand_back", "request_extension", "complete"), turn(ASSISTANT, "assist"),
                     turn(LEADER, "extend", waits=False), CIRCULATE, REMARK, CHASE, ATTACH_SCAN),
        # 归档: the 档案员 files the closed 收文 as a 件 (oa.archives, DA/T 22-2015).
        D.DONE: (turn(ARCHIVIST, "archive"), CIRCULATE, REMARK, ATTACH_SCAN),
        # Closed into its online delivery: nothing waits; the clerk may still add the paper's scan.
        D.MERGED: (ATTACH_SCAN,),
    },
))

ACTION_LABELS = DELIVERY_FLOW.labels


def _skips(delivery):
    """A 阅件 is read and closed (no 拟办, 批示, 承办); a 办件 — or one not yet sorted at 初审 — is not circulated as a 阅件."""
    if delivery.handling == Handling.READING:
        return (D.PROPOSING, D.PROPOSED, D.HANDLING)
    return (D.READING,)


# The flow picture (oa/core/flow_picture.py): the 办件's or the 阅件's way.
route(DELIVERY_FLOW, skips=_skips)


def is_supervisor(person) -> bool:
    """The information center and the supervision office (督办室) watch every department."""
    return person.has_role(Role.INFO_CENTER) or (
        person.department_id is not None and person.department.kind == DepartmentKind.SUPERVISION
    )


def may_register_paper(person) -> bool:
    """Only a department's clerk (收发员) registers a paper document that arrived from outside."""
    return person.is_authenticated and person.department_id is not None and person.has_role(Role.CLERK)


def may_watch_supervision(person) -> bool:
    """电子监察: supervisors see every department; office directors and leaders their own."""
    return person.is_authenticated and (
        is_supervisor(person) or person.has_role(Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD))


def may_deliver(person, action: str, delivery) -> bool:
    return DELIVERY_FLOW.may(person, action, delivery)


# Several steps in one click, each still a step of its own (its checks, its trail row, its ledger entry), all in
# one transaction (services/actions.py). Offered only where the table above lets the same person take every
# step in turn (Workflow.may_in_turn) — no rule of its own.
IN_TURN = {"sign_and_register": ("sign_for", "register")}
IN_TURN_LABELS = {"sign_and_register": "签收并登记"}


def may_in_turn(person, name: str, delivery) -> bool:
    return DELIVERY_FLOW.may_in_turn(person, IN_TURN[name], delivery)


def delivery_actions(person, delivery) -> list[str]:
    """The steps `person` may take now (adding a scan is an upload of its own, not a step's button)."""
    # Adding a scan is an upload of its own, not a step's button.
    return DELIVERY_FLOW.actions_for(person, delivery, among=[a for a in ACTION_LABELS if a != "attach_scan"])
