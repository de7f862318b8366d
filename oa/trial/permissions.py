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


def is_department_leader(person, department_id) -> bool:
    """The department's leader: 分管领导 (LEADER) or 主要负责人 (PRINCIPAL_HEAD) of that department."""
    return (person.is_authenticated and bool(department_id) and person.department_id == department_id
            and person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD))


REPORT_ACTIONS = {"submit": "提交领导审核", "approve": "审核报送", "return": "退回", "archive": "归档"}
REPORT_STATES = {"edit": (ReportState.DRAFT,), "submit": (ReportState.DRAFT,),
                 "approve": (ReportState.AWAITING_LEADER,), "return": (ReportState.AWAITING_LEADER,),
                 "archive": (ReportState.FILED,)}


def may_report(person, action: str, report) -> bool:
    """edit / submit: the department's keepers (clerk, office director, leaders) while 填写中;
    approve / return: the department's leader while 待领导审核 (approve: not the one who submitted it); archive: the information center once 已报送."""
    if report.state not in REPORT_STATES[action]:
        return False
    if action in ("edit", "submit"):
        return may_keep_department(person, report.department_id)
    if action == "approve":  # four eyes: whoever submitted it does not also approve it
        return is_department_leader(person, report.department_id) and report.submitted_by_id != person.pk
    if action == "return":
        return is_department_leader(person, report.department_id)
    return is_info_center(person)


def report_actions(person, report) -> list[str]:
    return [action for action in REPORT_ACTIONS if may_report(person, action, report)]


# --- outages (停机与补登) ----------------------------------------------------------------------------
OUTAGE_LABELS = {"end": "登记停机恢复", "withdraw": "撤销停机登记"}
OUTAGE_STATES = {"end": ("ongoing",), "withdraw": ("ongoing", "ended")}


def may_outage(person, action: str, outage) -> bool:
    """Declare, end, withdraw: the information center only."""
    return may_manage(person) and outage.state in OUTAGE_STATES[action]


def outage_actions(person, outage) -> list[str]:
    return [action for action in OUTAGE_LABELS if may_outage(person, action, outage)]


def may_back_register(person) -> bool:
    """停机补登: each department's clerk, for the department."""
    return is_clerk(person)


def may_view_outage_items(person) -> bool:
    """The back-registered items: a clerk their department's, the information center everyone's."""
    return may_back_register(person) or may_manage(person)
