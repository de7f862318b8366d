"""Who sees which figures. The information center, the supervision office (督办室, which circulates
the bulletin) and the city's leaders (the leaders of 市委办/市府办, the offices the bulletin is reported
to) see every department; everyone else sees their own department's figures. And the half-month
report-then-通报 chain's table (CIRCULAR_FLOW): who acts on a period's UsageCircular in each state."""

from dataclasses import dataclass

from django.db.models import Q

from oa.core.workflow import Workflow, register, turn
from oa.org.actors import LEADERS, RoleAnywhere
from oa.org.choices import DepartmentKind, Role
from oa.org.models import Person
from oa.usage.choices import CircularState
from oa.usage.models import UsageCircular


def sees_all(person) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    if person.has_role(Role.INFO_CENTER):
        return True
    department = person.department
    if department is None:
        return False
    if department.kind in (DepartmentKind.INFO_CENTER, DepartmentKind.SUPERVISION):
        return person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD, Role.OFFICE_DIRECTOR)
    if department.kind == DepartmentKind.GENERAL_OFFICE:  # city leaders: leaders, not the office's staff
        return person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD)
    return False


def may_view_department(person, department_id: int) -> bool:
    return sees_all(person) or (getattr(person, "department_id", None) == department_id and department_id is not None)


def may_view_usage(person) -> bool:
    return sees_all(person) or bool(getattr(person, "department_id", None))


def may_close(person) -> bool:
    return getattr(person, "is_authenticated", False) and person.has_role(Role.INFO_CENTER)


def visible_table(person, table: dict) -> dict:
    """The part of a period's table a person may see: all of it, or their own department's row with no
    city row (pages, API, XLSX and a frozen bulletin's JSON alike)."""
    if sees_all(person):
        return table
    return {**table, "rows": [r for r in table["rows"] if r["department_id"] == getattr(person, "department_id", None)],
            "city": None}


# --- the report-then-通报 chain (seed 004 §9) -------------------------------------------------------------

@dataclass(frozen=True)
class RoleInKind:
    """Holders of one of `roles` in a department of `kind` (the information center's leaders, the 督办室)."""

    label: str
    kind: str
    roles: tuple[str, ...]

    def matches(self, person, obj=None) -> bool:
        department = getattr(person, "department", None)
        return department is not None and department.kind == self.kind and person.has_role(*self.roles)

    def person_ids(self, obj=None) -> set[int]:
        return set(Person.objects.filter(is_active=True, department__kind=self.kind, department__is_active=True,
                                         role_grants__role__in=self.roles).values_list("id", flat=True).distinct())

    def waiting(self, person) -> Q | None:
        return Q() if self.matches(person) else None


INFO_CENTER = RoleAnywhere("市信息中心", (Role.INFO_CENTER,))
INFO_CENTER_LEADER = RoleInKind("市信息中心领导", DepartmentKind.INFO_CENTER, LEADERS)
SUPERVISION_OFFICE = RoleInKind("市政府督办室", DepartmentKind.SUPERVISION,
                                (Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD))
CITY_LEADERS = RoleInKind("市领导（市委办、市府办领导）", DepartmentKind.GENERAL_OFFICE, LEADERS)
C = CircularState


def _not_the_submitter(person, circular) -> bool:
    """Four eyes: whoever submitted the draft does not also report it."""
    return circular.submitted_by_id != person.pk


CIRCULAR_FLOW = register(Workflow(
    name="usage.circular",
    model=UsageCircular,
    labels={"edit": "修改说明", "correct": "更正数据", "submit": "提交领导审核", "approve": "审核报送市政府",
            "return": "退回修改", "send_back": "退回信息中心", "issue": "通报"},
    moves={"correct": ("correct",), "submit": ("submit",), "approve": ("report",), "return": ("leader_return",),
           "send_back": ("supervision_return",), "issue": ("issue",)},
    table={
        # 信息中心拟稿: the information center writes its 说明, corrects the figures (a new version), submits.
        C.DRAFT: (turn(INFO_CENTER, "edit", "correct", "submit"),),
        # Its leader reports it to the city government (报送市政府) or returns it with a reason.
        C.AWAITING_LEADER: (turn(INFO_CENTER_LEADER, "return"),
                            turn(INFO_CENTER_LEADER, "approve", when=_not_the_submitter)),
        # The 督办室 reviews the 报告: returns it to the information center with comments, or issues the 通报.
        C.REPORTED: (turn(SUPERVISION_OFFICE, "send_back", "issue"),),
    },
))
# The steps a person asks for (the pages' buttons and the API's transitions), in this order.
CIRCULAR_ACTIONS = {action: CIRCULAR_FLOW.labels[action]
                    for action in ("submit", "approve", "return", "send_back", "issue")}


def may_circular(person, action: str, circular) -> bool:
    return CIRCULAR_FLOW.may(person, action, circular)


def circular_actions(person, circular) -> list[str]:
    return CIRCULAR_FLOW.actions_for(person, circular, among=CIRCULAR_ACTIONS)


def on_the_information_side(person) -> bool:
    """The information center and its leaders (and office director): they see the draft from the start."""
    if not getattr(person, "is_authenticated", False):
        return False
    return INFO_CENTER.matches(person, None) or RoleInKind(
        "", DepartmentKind.INFO_CENTER, (*LEADERS, Role.OFFICE_DIRECTOR)).matches(person)


def is_city_leader(person) -> bool:
    return getattr(person, "is_authenticated", False) and CITY_LEADERS.matches(person)


def may_view_circular(person, circular) -> bool:
    """Issued: everyone who sees the usage figures. Before that: the information side in every state; the
    city leaders and the 督办室 once it has been reported to the city government (also after a return)."""
    if circular.state == C.ISSUED:
        return may_view_usage(person)
    if on_the_information_side(person):
        return True
    return circular.reported_at is not None and (is_city_leader(person) or SUPERVISION_OFFICE.matches(person))


def circular_filter(person) -> Q | None:
    """may_view_circular as a filter on UsageCircular (the list pages), or None for nobody's."""
    if not may_view_usage(person):
        return None
    if on_the_information_side(person):
        return Q()
    if is_city_leader(person) or SUPERVISION_OFFICE.matches(person):
        return Q(state=C.ISSUED) | Q(reported_at__isnull=False)
    return Q(state=C.ISSUED)


def may_view_bulletin(person, bulletin) -> bool:
    """A frozen bulletin (any version) is the information center's draft 报告 until the 督办室 issues the
    period's 通报: it is seen as the period's circular is (may_view_circular); a bulletin frozen before the
    chain (no circular for its period) as before, by everyone who sees the usage figures."""
    if not may_view_usage(person):
        return False
    circular = UsageCircular.objects.filter(period=bulletin.period).first()
    return circular is None or may_view_circular(person, circular)


def bulletin_filter(person) -> Q | None:
    """may_view_bulletin as a filter on Bulletin (the lists), or None for nobody's."""
    from django.db.models import Exists, OuterRef

    condition = circular_filter(person)
    if condition is None:
        return None
    chain = UsageCircular.objects.filter(period=OuterRef("period"))
    return ~Exists(chain) | Exists(chain.filter(condition))
