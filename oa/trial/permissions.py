"""Who may do what in the trial. The information center runs it; each department's clerk keeps
its paper records; the department's clerk or office director keeps its working group, training
and usage report."""

from __future__ import annotations

from oa.org.choices import Role
from oa.trial.choices import PaperState, ReportState, TrialState

P = PaperState


def is_info_center(person) -> bool:
    return person.is_authenticated and person.has_role(Role.INFO_CENTER)


def may_manage(person) -> bool:
    """Programmes, participants, transmission rules, the figures of every department."""
    return is_info_center(person)


def is_clerk(person) -> bool:
    return person.is_authenticated and bool(person.department_id) and person.has_role(Role.CLERK)


def may_keep_department(person, department_id) -> bool:
    """Working group, training sessions, joining on its own, the usage report."""
    return (person.is_authenticated and person.department_id == department_id
            and person.has_role(Role.CLERK, Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD))


def may_see_trial(person) -> bool:
    return person.is_authenticated


def may_reconcile(person) -> bool:
    return is_info_center(person) or is_clerk(person)


PROGRAMME_ACTIONS = {"start": "开始试运行", "end": "结束试运行"}
PROGRAMME_STATES = {"start": (TrialState.PLANNED,), "end": (TrialState.RUNNING,)}

PAPER_LABELS = {"record": "登记纸质件送出", "confirm": "确认收到纸质件", "urgent": "登记急件传输方式", "chase": "催办"}
PAPER_STATES = {"record": (P.AWAITING, P.SENT, P.CONFIRMED), "confirm": (P.AWAITING, P.SENT, P.CONFIRMED),
                "urgent": (P.EXEMPT,), "chase": (P.AWAITING, P.SENT, P.CONFIRMED)}


def may_paper(person, action: str, requirement) -> bool:
    if action == "chase":
        return requirement.state in PAPER_STATES["chase"] and (
            is_info_center(person) or (is_clerk(person) and person.department_id in
                                       (requirement.sender_department_id, requirement.receiving_department_id)))
    if not is_clerk(person) or requirement.state not in PAPER_STATES[action]:
        return False
    if action in ("record", "urgent"):
        return person.department_id == requirement.sender_department_id
    return person.department_id == requirement.receiving_department_id


def paper_actions(person, requirement) -> list[str]:
    return [action for action in ("record", "confirm", "urgent") if may_paper(person, action, requirement)]


def may_see_paper(person, requirement) -> bool:
    return is_info_center(person) or (person.is_authenticated and person.department_id in
                                      (requirement.sender_department_id, requirement.receiving_department_id))


def may_file_report(person, report) -> bool:
    return report.state == ReportState.DRAFT and may_keep_department(person, report.department_id)
