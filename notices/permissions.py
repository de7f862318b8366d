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

from notices.choices import NoticeState
from oa.org.choices import Role

S = NoticeState

DRAFTING_ROLES = (Role.INFO_CENTER, Role.CLERK, Role.OFFICE_DIRECTOR)
APPROVING_ROLES = (Role.LEADER, Role.PRINCIPAL_HEAD)

# The actions a person can take, and the (current) states each starts from.
ACTION_STATES: dict[str, tuple[str, ...]] = {
    "edit": (S.DRAFT,),
    "submit": (S.DRAFT,),
    "approve": (S.PENDING,),
    "return": (S.PENDING,),
    "withdraw": (S.PUBLISHED,),
}
TRANSITIONS = ("submit", "approve", "return", "withdraw")

ACTION_LABELS = {
    "edit": "修改", "submit": "提交审核", "approve": "审核发布", "return": "退回修改", "withdraw": "撤回",
}


def may_draft(person) -> bool:
    return bool(person.is_authenticated and person.department_id and person.has_role(*DRAFTING_ROLES))


def is_approver_for(person, notice) -> bool:
    return (person.is_authenticated and person.department_id == notice.publisher_department_id
            and person.has_role(*APPROVING_ROLES))


def is_publisher_side(person, notice) -> bool:
    """The author, the publishing department's approvers and its 办公室主任: they see the notice in
    every state and follow its read receipts."""
    if not person.is_authenticated:
        return False
    if person.pk == notice.author_id:
        return True
    return person.department_id == notice.publisher_department_id and person.has_role(
        *APPROVING_ROLES, Role.OFFICE_DIRECTOR
    )


def may(person, action: str, notice) -> bool:
    """May `person` take `action` on `notice` now (its current state included)?"""
    if not person.is_authenticated or notice.current_state not in ACTION_STATES.get(action, ()):
        return False
    if action in ("edit", "submit"):
        return person.pk == notice.author_id and may_draft(person)
    if action in ("approve", "return"):
        return is_approver_for(person, notice) and person.pk != notice.author_id
    if action == "withdraw":
        return person.pk == notice.author_id or is_approver_for(person, notice)
    return False


def available_actions(person, notice) -> list[str]:
    return [action for action in TRANSITIONS if may(person, action, notice)]


def may_follow_reads(person, notice) -> bool:
    """Read status, reminders and the export: the publishing side, once the notice has gone out."""
    return notice.state in (S.PUBLISHED, S.WITHDRAWN, S.EXPIRED) and is_publisher_side(person, notice)


def may_remind(person, notice) -> bool:
    return notice.current_state == S.PUBLISHED and is_publisher_side(person, notice)
