"""Who may do what to a delivery (收文): the workflow's one table, and the predicates around it.

Every check on the receiving side comes through `may_deliver`, which reads `DELIVERY_FLOW`; who is told
(`services/receiving.py`), who is chased (`services/circulation.py`, `services/supervision.py`) and
the inbox's 待办 (`selectors.waiting_ids`) read the same table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from documents.incoming.models import Delivery, DeliveryState
from oa.core.workflow import Workflow, register, turn
from oa.org.actors import LEADERS, AnyOf, Named, RoleIn
from oa.org.choices import DepartmentKind, Role
from oa.org.models import Person

D = DeliveryState


@dataclass(frozen=True)
class SendingClerk(RoleIn):
    """The clerk of the department that sent the document (a delivery of an in-system document):
    a returned delivery is theirs to correct and resend. They are told; the delivery is not on their
    收文 待办 (it is the receiving side's inbox), so `waiting` names nothing."""

    def department_id(self, delivery):
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


CLERK = RoleIn("收发员", (Role.CLERK,), "department")
OFFICE_DIRECTOR = RoleIn("办公室主任", (Role.OFFICE_DIRECTOR,), "department")
LEADER = RoleIn("领导", LEADERS, "department")
ASSIGNEE = Named("承办人", "assignee")
SENDING_CLERK = SendingClerk("发文单位收发员", (Role.CLERK,), "document")
CIRCULATE = turn(AnyOf("承办人、本单位收发员、办公室主任、领导", (
    ASSIGNEE, RoleIn("本单位收发员、办公室主任、领导", (Role.CLERK, Role.OFFICE_DIRECTOR, *LEADERS), "department"))),
    "circulate", waits=False)
CHASE = turn(AnyOf("督办、本单位办公室主任、领导", (Supervisor(), RoleIn("本单位办公室主任、领导", (
    Role.OFFICE_DIRECTOR, *LEADERS), "department"))), "chase", waits=False)

DELIVERY_FLOW = register(Workflow(
    name="delivery",
    model=Delivery,
    labels={
        "sign_for": "签收", "return": "退回来文单位", "resend": "重新发送", "register": "登记", "propose": "拟办",
        "instruct": "批办", "hand_back": "退回重新批办", "request_extension": "申请延期", "extend": "同意延期",
        "complete": "办结", "archive": "归档", "circulate": "传阅", "chase": "催办",
    },
    moves={
        "sign_for": ("sign_for",), "return": ("return_to_sender",), "resend": ("resend",), "register": ("register",),
        "propose": ("propose",), "instruct": ("instruct",), "hand_back": ("hand_back",), "complete": ("complete",),
        "archive": ("archive",),
    },
    table={
        D.PENDING: (turn(CLERK, "sign_for", "return"), CHASE),
        D.RETURNED: (turn(SENDING_CLERK, "resend"),),
        D.SIGNED: (turn(CLERK, "register"), CHASE),
        D.REGISTERED: (turn(OFFICE_DIRECTOR, "propose"), CIRCULATE, CHASE),
        D.PROPOSED: (turn(LEADER, "instruct"), CIRCULATE, CHASE),
        # The leaders grant an extension the assignee asked for; the delivery waits for the assignee.
        D.HANDLING: (turn(ASSIGNEE, "hand_back", "request_extension", "complete"), turn(LEADER, "extend", waits=False),
                     CIRCULATE, CHASE),
        D.DONE: (turn(CLERK, "archive"), CIRCULATE),
    },
))

ACTION_LABELS = DELIVERY_FLOW.labels


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


def delivery_actions(person, delivery) -> list[str]:
    return DELIVERY_FLOW.actions_for(person, delivery)
