"""Who may do what to a delivery (收文). Every check on the receiving side comes through `may_deliver`."""

from __future__ import annotations

from documents.incoming.models import CIRCULABLE, DeliveryState
from oa.org.choices import DepartmentKind, Role

D = DeliveryState

ACTION_STATES: dict[str, tuple[str, ...]] = {
    "sign_for": (D.PENDING,),
    "return": (D.PENDING,),
    "resend": (D.RETURNED,),
    "register": (D.SIGNED,),
    "propose": (D.REGISTERED,),
    "instruct": (D.PROPOSED,),
    "hand_back": (D.HANDLING,),
    "request_extension": (D.HANDLING,),
    "extend": (D.HANDLING,),
    "complete": (D.HANDLING,),
    "archive": (D.DONE,),
    "circulate": tuple(CIRCULABLE),
    "chase": (D.PENDING, D.SIGNED, D.REGISTERED, D.PROPOSED, D.HANDLING),
}

ACTION_LABELS = {
    "sign_for": "签收", "return": "退回来文单位", "resend": "重新发送", "register": "登记", "propose": "拟办",
    "instruct": "批办", "hand_back": "退回重新批办", "request_extension": "申请延期", "extend": "同意延期",
    "complete": "办结", "archive": "归档", "circulate": "传阅", "chase": "催办",
}


def _receiving(person, delivery, *roles) -> bool:
    return person.department_id == delivery.department_id and person.has_role(*roles)


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
    if not person.is_authenticated or delivery.state not in ACTION_STATES.get(action, ()):
        return False
    if action in ("sign_for", "return", "register", "archive"):
        return _receiving(person, delivery, Role.CLERK)
    if action == "resend":
        return delivery.document_id is not None and person.department_id == delivery.document.drafting_department_id \
            and person.has_role(Role.CLERK)
    if action == "propose":
        return _receiving(person, delivery, Role.OFFICE_DIRECTOR)
    if action in ("instruct", "extend"):
        return _receiving(person, delivery, Role.LEADER, Role.PRINCIPAL_HEAD)
    if action in ("hand_back", "request_extension", "complete"):
        return person.pk == delivery.assignee_id
    if action == "circulate":
        return person.pk == delivery.assignee_id or _receiving(
            person, delivery, Role.CLERK, Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD
        )
    if action == "chase":
        return is_supervisor(person) or _receiving(person, delivery, Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD)
    return False


def delivery_actions(person, delivery) -> list[str]:
    return [action for action in ACTION_STATES if may_deliver(person, action, delivery)]
