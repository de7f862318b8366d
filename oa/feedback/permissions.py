"""Who may see and do what with a feedback ticket — every check in the app comes through here.

| who | sees | report | accept / start / resolve / merge / assign | confirm | reopen | comment |
|---|---|---|---|---|---|---|
| anyone logged in | own tickets (reported by or for them) | for themselves | — | own, when 已解决 | own, when 已解决/已确认 | own |
| department contact (收发员/文书 of the department) | every ticket of the department | also for a colleague of the department | — | the department's | the department's | the department's |
| 信息中心 (role info_center) | all | yes | yes | — | yes | all |

The department's named contact for the information center (seed 004 §6) is the department's
收发员/文书 (role `clerk`): the person who already handles the department's paper and electronic
traffic. No new role or flag is needed; the security admin grants `clerk` as for documents.
The coordination group's leader, to whom missed deadlines escalate, is any 处室负责人/分管领导 or
主要负责人 of the information center (a department of kind 市信息中心).
"""

from __future__ import annotations

from oa.feedback.choices import TicketState
from oa.org.choices import DepartmentKind, Role

S = TicketState

HANDLER_ROLES = (Role.INFO_CENTER,)
CONTACT_ROLES = (Role.CLERK,)
ESCALATION_ROLES = (Role.LEADER, Role.PRINCIPAL_HEAD)

ACTION_STATES: dict[str, tuple[str, ...]] = {
    "accept": (S.SUBMITTED,),
    "start": (S.ACCEPTED,),
    "resolve": (S.ACCEPTED, S.IN_PROGRESS),
    "confirm": (S.RESOLVED,),
    "reopen": (S.RESOLVED, S.CONFIRMED),
    "merge": (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS),
    "assign": (S.ACCEPTED, S.IN_PROGRESS),
    "comment": (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED, S.CONFIRMED),
    "screenshot": (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED),
    "publish_faq": (S.RESOLVED, S.CONFIRMED),
}
TRANSITIONS = ("accept", "start", "resolve", "confirm", "reopen", "merge")
ACTION_LABELS = {
    "report": "提交反馈", "accept": "受理", "start": "开始处理", "resolve": "办结", "confirm": "确认解决",
    "reopen": "重新打开", "merge": "合并重复", "assign": "改派", "comment": "留言", "screenshot": "补充截图",
    "publish_faq": "发布到常见问题", "auto_confirm": "自动确认",
}


def is_handler(person) -> bool:
    """The information center: sees every ticket and handles them."""
    return bool(person.is_authenticated and person.has_role(*HANDLER_ROLES))


def is_contact_for(person, department_id) -> bool:
    return bool(person.is_authenticated and department_id and person.department_id == department_id
                and person.has_role(*CONTACT_ROLES))


def is_contact(person) -> bool:
    return bool(person.is_authenticated and person.department_id and person.has_role(*CONTACT_ROLES))


def is_reporter_side(person, ticket) -> bool:
    if not person.is_authenticated:
        return False
    return person.pk in (ticket.reporter_id, ticket.reported_by_id) or is_contact_for(person, ticket.department_id)


def may_see(person, ticket) -> bool:
    return is_handler(person) or is_reporter_side(person, ticket)


def may_report_for(person, reporter) -> bool:
    """Oneself always; a colleague of one's own department when one is its contact."""
    if not person.is_authenticated or reporter is None or not reporter.is_active:
        return False
    return reporter.pk == person.pk or is_contact_for(person, reporter.department_id)


def may(person, action: str, ticket) -> bool:
    if not person.is_authenticated or ticket.state not in ACTION_STATES.get(action, ()):
        return False
    if action in ("accept", "start", "resolve", "merge", "assign"):
        return is_handler(person)
    if action == "confirm":
        return is_reporter_side(person, ticket)
    if action == "reopen":
        return is_reporter_side(person, ticket) or is_handler(person)
    if action in ("comment", "screenshot"):
        return may_see(person, ticket)
    if action == "publish_faq":
        return is_handler(person) and ticket.faq_published_at is None
    return False


def available_actions(person, ticket) -> list[str]:
    return [action for action in TRANSITIONS if may(person, action, ticket)]


def escalation_department_kinds() -> tuple[str, ...]:
    return (DepartmentKind.INFO_CENTER,)
