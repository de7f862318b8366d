"""Who may see and do what with a feedback ticket — every check in the app comes through here.

| who | sees | report | accept / start / resolve / merge / assign | confirm | reopen | comment |
|---|---|---|---|---|---|---|
| anyone logged in | own tickets (reported by or for them) | for themselves | — | own, when 已解决 | own, when 已解决/已确认 | own |
| department contact (the department's 专人; 收发员/文书 where none is named) | every ticket of the department | also for a colleague of the department | — | the department's | the department's | the department's |
| 信息中心 (role info_center) | all | yes | yes | — | yes | all |

The department's contact for the information center (seed 004 §6: “各部门要指定专人与市信息中心联系”) is the
专人 its latest trial working group names (`oa.trial.people`): a person of the department, chosen on the
trial's 工作组与联系人 page. A department that has named none falls back to its 收发员/文书 (role `clerk`),
who handle its paper and electronic traffic anyway — so no department is left without a contact.
Missed deadlines escalate to the 统筹协调小组's 组长 and 副组长 (seed 004 §7), recorded on the running (or
current) trial programme; when no group is recorded, to any 处室负责人/分管领导 or 主要负责人 of the
information center (a department of kind 市信息中心) — the rule before the group was recorded.
"""

from __future__ import annotations

from oa.core.workflow import SYSTEM, Workflow, register, turn
from oa.feedback.choices import TicketState
from oa.feedback.models import Ticket
from oa.org.actors import AnyOf, Named, RoleAnywhere
from oa.org.choices import DepartmentKind, Role
from oa.trial.people import department_contact_ids, is_department_contact

S = TicketState

HANDLER_ROLES = (Role.INFO_CENTER,)
ESCALATION_ROLES = (Role.LEADER, Role.PRINCIPAL_HEAD)

HANDLER = RoleAnywhere("信息中心", HANDLER_ROLES)
# The reporter, or whoever filed it for them: a resolved ticket waits for their 确认.
REPORTER = AnyOf("反映人/填报人", (Named("反映人", "reporter"), Named("填报人", "reported_by")))


class DepartmentContact:
    """The department's 专人 (or, where none is named, its clerks) for the ticket's department."""

    label = "单位专人"

    def matches(self, person, ticket) -> bool:
        return bool(person.department_id) and person.department_id == ticket.department_id and is_department_contact(person)

    def person_ids(self, ticket) -> set[int]:
        return department_contact_ids(ticket.department_id)

    def waiting(self, person):
        from django.db.models import Q

        return Q(department_id=person.department_id) if is_department_contact(person) else None


CONTACT = DepartmentContact()
REPORTER_SIDE = AnyOf("反映人一方", (REPORTER, CONTACT))


def _faq_not_published(person, ticket) -> bool:
    return ticket.faq_published_at is None


FAQ = turn(HANDLER, "publish_faq", waits=False, when=_faq_not_published)
# While it is open, the information center handles it (the queue of 待受理 is theirs) and both sides talk.
HANDLING = ("merge", "assign", "comment", "screenshot")
REPORTER_TALKS = turn(REPORTER_SIDE, "comment", "screenshot", waits=False)

TICKET_FLOW = register(Workflow(
    name="ticket",
    model=Ticket,
    labels={
        "report": "提交反馈", "accept": "受理", "start": "开始处理", "resolve": "办结", "confirm": "确认解决",
        "reopen": "重新打开", "merge": "合并重复", "assign": "改派", "comment": "留言", "screenshot": "补充截图",
        "publish_faq": "发布到常见问题", "auto_confirm": "自动确认",
    },
    moves={"accept": ("accept",), "start": ("start",), "resolve": ("resolve",), "confirm": ("confirm",),
           "auto_confirm": ("confirm",), "reopen": ("reopen",), "merge": ("merge",)},
    table={
        S.SUBMITTED: (turn(HANDLER, "accept", "merge", "comment", "screenshot"), REPORTER_TALKS),
        S.ACCEPTED: (turn(HANDLER, "start", "resolve", *HANDLING, waits=False), REPORTER_TALKS),
        S.IN_PROGRESS: (turn(HANDLER, "resolve", *HANDLING, waits=False), REPORTER_TALKS),
        # Unanswered, the system confirms it after OA_FEEDBACK_AUTO_CONFIRM_DAYS working days.
        S.RESOLVED: (turn(REPORTER, "confirm", "reopen", "comment", "screenshot"),
                     turn(CONTACT, "confirm", "reopen", "comment", "screenshot", waits=False),
                     turn(HANDLER, "reopen", "comment", "screenshot", waits=False), FAQ, turn(SYSTEM, "auto_confirm")),
        S.CONFIRMED: (turn(REPORTER_SIDE, "reopen", "comment", waits=False), turn(HANDLER, "reopen", "comment", waits=False),
                      FAQ),
    },
))

# The steps a person asks for (the pages' buttons and the API's transitions), in this order.
TRANSITIONS = ("accept", "start", "resolve", "confirm", "reopen", "merge")
ACTION_LABELS = TICKET_FLOW.labels


def is_handler(person) -> bool:
    """The information center: sees every ticket and handles them."""
    return bool(person.is_authenticated and HANDLER.matches(person, None))


def is_contact_for(person, department_id) -> bool:
    return bool(person.is_authenticated and department_id and person.department_id == department_id
                and is_department_contact(person))


def is_contact(person) -> bool:
    return bool(person.is_authenticated and person.department_id and is_department_contact(person))


def is_reporter_side(person, ticket) -> bool:
    return person.is_authenticated and REPORTER_SIDE.matches(person, ticket)


def may_report_for(person, reporter) -> bool:
    """Oneself always; a colleague of one's own department when one is its contact."""
    if not person.is_authenticated or reporter is None or not reporter.is_active:
        return False
    return reporter.pk == person.pk or is_contact_for(person, reporter.department_id)


def may(person, action: str, ticket) -> bool:
    return TICKET_FLOW.may(person, action, ticket)


def available_actions(person, ticket) -> list[str]:
    return TICKET_FLOW.actions_for(person, ticket, among=TRANSITIONS)


def escalation_department_kinds() -> tuple[str, ...]:
    return (DepartmentKind.INFO_CENTER,)
