"""Who may do what with a notice — every check in the app comes through here.

The matrix (docs/notices.md repeats it):

| who                                                            | draft | edit/submit | approve/return | withdraw | read status, remind, export |
|----------------------------------------------------------------|-------|-------------|----------------|----------|-----------------------------|
| 信息中心 (role info_center, in any department)                  | yes   | own drafts  | —              | own      | own notices                 |
| 收发员/文书, 办公室主任 of a department                         | yes   | own drafts  | —              | own      | own notices; 办公室主任: all of the department's |
| 处室负责人/分管领导, 主要负责人 of the publishing department     | —     | —           | yes (not own)  | yes      | yes                         |
| everyone else (科员, 保密员, the three admins …)                  | —     | —           | —              | —        | —                           |

Approval is by a leader (处室负责人/分管领导 or 主要负责人) *of the publishing department*; for the
information center that is a leader of the information center. Nobody approves a notice they
drafted themselves. A notice is visible to its audience once published or expired (never while
draft, pending or withdrawn) and, in every state, to the publishing side: its author, the
publishing department's approvers and its 办公室主任.
"""

from __future__ import annotations

from django.db.models import Q

from notices.choices import NoticeState
from notices.models import Notice
from oa.core.workflow import SYSTEM, Workflow, register, turn
from oa.org.actors import AnyOf, Excluding, Named, RoleIn
from oa.org.choices import Role

S = NoticeState

DRAFTING_ROLES = (Role.INFO_CENTER, Role.CLERK, Role.OFFICE_DIRECTOR)
APPROVING_ROLES = (Role.LEADER, Role.PRINCIPAL_HEAD)

AUTHOR = Named("拟稿人", "author")
LEADERS = RoleIn("发布单位领导", APPROVING_ROLES, "publisher_department")
# Nobody approves a notice they drafted themselves, nor is asked to.
APPROVER = Excluding("审核人", LEADERS, "author")
# The author, the publishing department's approvers and its 办公室主任 follow the read receipts.
PUBLISHER_SIDE = AnyOf("发布方", (AUTHOR, RoleIn("发布单位领导、办公室主任", (*APPROVING_ROLES, Role.OFFICE_DIRECTOR),
                                                   "publisher_department")))
FOLLOW = turn(PUBLISHER_SIDE, "follow_reads", waits=False)


def _may_still_draft(person, notice) -> bool:
    return may_draft(person)


# The table reads the state as people see it (`current_state`): a published notice past its expiry
# is expired even before the periodic expiry (the system's transition) has run.
NOTICE_FLOW = register(Workflow(
    name="notice",
    model=Notice,
    state_of=lambda notice: notice.current_state,
    labels={
        "edit": "修改", "submit": "提交审核", "approve": "审核发布", "return": "退回修改", "withdraw": "撤回",
        "remind": "提醒未读", "follow_reads": "阅读情况", "expire": "过期",
    },
    moves={"submit": ("submit",), "approve": ("approve",), "return": ("return_to_author",), "withdraw": ("withdraw",),
           "expire": ("expire",)},
    table={
        # A draft waits for its author only once it came back (a new draft is not 待办).
        S.DRAFT: (turn(AUTHOR, "edit", "submit", when=_may_still_draft, todo=~Q(return_reason="")),),
        S.PENDING: (turn(APPROVER, "approve", "return"),),
        S.PUBLISHED: (turn(AnyOf("拟稿人或发布单位领导", (AUTHOR, LEADERS)), "withdraw", waits=False),
                      turn(PUBLISHER_SIDE, "remind", "follow_reads", waits=False), turn(SYSTEM, "expire")),
        S.WITHDRAWN: (FOLLOW,),
        S.EXPIRED: (FOLLOW,),
    },
))

# The steps a person asks for (the pages' buttons and the API's transitions), in this order.
TRANSITIONS = ("submit", "approve", "return", "withdraw")
ACTION_LABELS = NOTICE_FLOW.labels


def may_draft(person) -> bool:
    return bool(person.is_authenticated and person.department_id and person.has_role(*DRAFTING_ROLES))


def is_publisher_side(person, notice) -> bool:
    """The author, the publishing department's approvers and its 办公室主任: they see the notice in
    every state and follow its read receipts."""
    return person.is_authenticated and PUBLISHER_SIDE.matches(person, notice)


def may(person, action: str, notice) -> bool:
    """May `person` take `action` on `notice` now (its current state included)?"""
    return NOTICE_FLOW.may(person, action, notice)


def available_actions(person, notice) -> list[str]:
    return NOTICE_FLOW.actions_for(person, notice, among=TRANSITIONS)


def may_follow_reads(person, notice) -> bool:
    """Read status, reminders and the export: the publishing side, once the notice has gone out."""
    return may(person, "follow_reads", notice)


def may_remind(person, notice) -> bool:
    return may(person, "remind", notice)
