"""Who may do what in the trial. The information center runs it; each department's clerk keeps
its paper records; the department's clerk or office director keeps its working group, training
and usage report."""

from __future__ import annotations

from django.db.models import F, Q

from oa.core.workflow import SYSTEM, Workflow, register, turn
from oa.org.actors import LEADERS, AnyOf, RoleAnywhere, RoleIn
from oa.org.choices import Role
from oa.trial.choices import PaperState, ReportState, TrialState
from oa.trial.models import Outage, OutageState, PaperRequirement, TrialProgramme, UsageReport

P, R = PaperState, ReportState
INFO_CENTER = RoleAnywhere("市信息中心", (Role.INFO_CENTER,))


def is_info_center(person) -> bool:
    return person.is_authenticated and INFO_CENTER.matches(person, None)


def may_manage(person) -> bool:
    """Programmes, participants, transmission rules, the figures of every department."""
    return is_info_center(person)


def is_clerk(person) -> bool:
    return person.is_authenticated and bool(person.department_id) and person.has_role(Role.CLERK)


KEEPER_ROLES = (Role.CLERK, Role.OFFICE_DIRECTOR, *LEADERS)


def may_keep_department(person, department_id) -> bool:
    """Working group, training sessions, joining on its own, the usage report."""
    return person.is_authenticated and person.department_id == department_id and person.has_role(*KEEPER_ROLES)


def may_see_trial(person) -> bool:
    return person.is_authenticated


def may_reconcile(person) -> bool:
    return is_info_center(person) or is_clerk(person)


# --- the programme: the information center starts and ends it; the last report in completes it -----
PROGRAMME_FLOW = register(Workflow(
    name="trial",
    model=TrialProgramme,
    labels={"start": "开始试运行", "end": "结束试运行", "complete_reports": "报告收齐"},
    moves={"start": ("start",), "end": ("end",), "complete_reports": ("complete_reports",)},
    table={
        TrialState.PLANNED: (turn(INFO_CENTER, "start", waits=False),),
        TrialState.RUNNING: (turn(INFO_CENTER, "end", waits=False),),
        # Moved when the last listed department's report is approved (or at the end, when none is owed).
        TrialState.ENDED: (turn(SYSTEM, "complete_reports"),),
    },
))
# The steps a person asks for (the pages' buttons and the API's transitions).
PROGRAMME_ACTIONS = {action: PROGRAMME_FLOW.labels[action] for action in ("start", "end")}


def programme_actions(person, programme) -> list[str]:
    return PROGRAMME_FLOW.actions_for(person, programme, among=PROGRAMME_ACTIONS)


# --- paper copies: the sending clerk records, the receiving clerk confirms, either side chases -------
SENDER_CLERK = RoleIn("发文单位收发员", (Role.CLERK,), "sender_department")
RECEIVER_CLERK = RoleIn("收文单位收发员", (Role.CLERK,), "receiving_department")
PAPER_CHASE = turn(AnyOf("市信息中心或双方收发员", (INFO_CENTER, SENDER_CLERK, RECEIVER_CLERK)), "chase", waits=False)
# Confirmed with a count that differs from (or without) the sender's record: the sender checks it.
COUNT_TO_CHECK = Q(sent_count__isnull=True) | ~Q(received_count=F("sent_count"))

PAPER_FLOW = register(Workflow(
    name="trial.paper",
    model=PaperRequirement,
    labels={"record": "登记纸质件送出", "confirm": "确认收到纸质件", "urgent": "登记急件传输方式", "chase": "催办"},
    moves={"record": ("record_sent", "amend_sent"), "confirm": ("confirm",), "urgent": ("record_urgent_channel",)},
    table={
        P.AWAITING: (turn(SENDER_CLERK, "record"), turn(RECEIVER_CLERK, "confirm", waits=False), PAPER_CHASE),
        P.SENT: (turn(RECEIVER_CLERK, "confirm"), turn(SENDER_CLERK, "record", waits=False), PAPER_CHASE),
        P.CONFIRMED: (turn(SENDER_CLERK, "record", todo=COUNT_TO_CHECK), turn(RECEIVER_CLERK, "confirm", waits=False),
                      PAPER_CHASE),
        P.EXEMPT: (turn(SENDER_CLERK, "urgent", todo=Q(urgent_channel="")),),
    },
))
PAPER_LABELS = PAPER_FLOW.labels


def may_paper(person, action: str, requirement) -> bool:
    return PAPER_FLOW.may(person, action, requirement)


def paper_actions(person, requirement) -> list[str]:
    return PAPER_FLOW.actions_for(person, requirement, among=("record", "confirm", "urgent"))


def may_see_paper(person, requirement) -> bool:
    return is_info_center(person) or (person.is_authenticated and person.department_id in
                                      (requirement.sender_department_id, requirement.receiving_department_id))


# --- the trial's people (seed 004 §1, §3, §6, §7) ------------------------------------------------------
# The working group and the 咨询电话 are filed by the department's keepers (may_keep_department) or the
# information center; the information center keeps the 统筹协调小组 and the due date and chases (催报).
# Until filed, a department's 收发员 has it on 待办 (before and after the due date); a 催报 also tells
# its office director.
GROUP_WAITING = RoleIn("本单位收发员", (Role.CLERK,), "department")
GROUP_CHASED = RoleIn("本单位收发员、办公室主任", (Role.CLERK, Role.OFFICE_DIRECTOR), "department")


def may_keep_coordination(person) -> bool:
    """The 统筹协调小组, the due date of the working groups and 咨询电话, the 催报."""
    return may_manage(person)


# --- the department's usage report ---------------------------------------------------------------
REPORT_CLERK = RoleIn("本单位收发员", (Role.CLERK,), "department")
REPORT_KEEPERS = RoleIn("本单位收发员、办公室主任、领导", KEEPER_ROLES, "department")
REPORT_LEADER = RoleIn("本单位领导", LEADERS, "department")


def _not_the_submitter(person, report) -> bool:
    """Four eyes: whoever submitted it does not also approve it."""
    return report.submitted_by_id != person.pk


REPORT_FLOW = register(Workflow(
    name="trial.report",
    model=UsageReport,
    labels={"submit": "提交领导审核", "approve": "审核报送", "return": "退回", "archive": "归档", "edit": "修改用户使用报告"},
    moves={"submit": ("submit",), "approve": ("approve",), "return": ("send_back",), "archive": ("archive",)},
    table={
        # The clerk fills it in (and is told, and has it on 待办); the office director and leaders may too.
        R.DRAFT: (turn(REPORT_CLERK, "edit", "submit"), turn(REPORT_KEEPERS, "edit", "submit", waits=False)),
        R.AWAITING_LEADER: (turn(REPORT_LEADER, "return"), turn(REPORT_LEADER, "approve", when=_not_the_submitter)),
        R.FILED: (turn(INFO_CENTER, "archive"),),
    },
))
# The steps a person asks for (the pages' buttons and the API's transitions), in this order.
REPORT_ACTIONS = {action: REPORT_FLOW.labels[action] for action in ("submit", "approve", "return", "archive")}


def may_report(person, action: str, report) -> bool:
    """edit / submit: the department's keepers (clerk, office director, leaders) while 填写中;
    approve / return: the department's leader while 待领导审核 (approve: not the one who submitted it);
    archive: the information center once 已报送."""
    return REPORT_FLOW.may(person, action, report)


def report_actions(person, report) -> list[str]:
    return REPORT_FLOW.actions_for(person, report, among=REPORT_ACTIONS)


# --- outages (停机与补登) ----------------------------------------------------------------------------
OUTAGE_FLOW = register(Workflow(
    name="trial.outage",
    model=Outage,
    labels={"end": "登记停机恢复", "withdraw": "撤销停机登记"},
    moves={"end": ("end",), "withdraw": ("withdraw",)},
    table={
        OutageState.ONGOING: (turn(INFO_CENTER, "end", "withdraw", waits=False),),
        OutageState.ENDED: (turn(INFO_CENTER, "withdraw", waits=False),),
    },
))
OUTAGE_LABELS = OUTAGE_FLOW.labels


def may_outage(person, action: str, outage) -> bool:
    """Declare, end, withdraw: the information center only."""
    return OUTAGE_FLOW.may(person, action, outage)


def outage_actions(person, outage) -> list[str]:
    return OUTAGE_FLOW.actions_for(person, outage)


def may_back_register(person) -> bool:
    """停机补登: each department's clerk, for the department."""
    return is_clerk(person)


def may_view_outage_items(person) -> bool:
    """The back-registered items: a clerk their department's, the information center everyone's."""
    return may_back_register(person) or may_manage(person)
