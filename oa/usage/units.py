"""Who is "a unit using the system" in a half month: the departments the bulletin counts ("全市共有N个单位
使用办公系统"), ranks and names (本期无人登录, 需要改进). One rule, read by the table (selectors.build_table, and
through it the bulletin's words) and the trend's city line.

* During a trial (seed 004): the trial's participants for the office system (TrialParticipant with
  system=office, listed or joined on their own) of every programme that ran in the period — started (its
  start date) on or before the period's last day, and not ended (ended_at) before its first day.
* With no trial in the period (before one, or after it ended: "试运行期后，将全面铺开应用系统的使用"): every
  active department that takes part in document exchange — ordinary departments and the 市委办/市府办 —
  except a unit that is a pilot of the approval or convenience system only (网上行政审批、便民服务 units,
  which do not work in the office system).
* Never the information center (it runs the system and writes the report) nor the 督办室 (it issues the
  通报): they are not assessed, so they are never named 本期无人登录, whatever a participant list says.

Departments outside the count keep their row in the table (their own people see their own figures) but
have no rank, are not in the city total and are not named in the bulletin.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.db.models import Q

from oa.org.choices import DepartmentKind, Pilot
from oa.usage.periods import Period

NEVER_COUNTED = (DepartmentKind.INFO_CENTER, DepartmentKind.SUPERVISION)
DEPARTMENT_FIELDS = ("kind", "pilot_office", "pilot_approval", "pilot_convenience")  # what the rule reads
WITHOUT_TRIAL = "统计范围：参与公文交换的市直各单位（不含市信息中心、市政府督办室及只开展网上审批、便民服务的单位）。"


def exchanges_documents(department: dict) -> bool:
    """Outside a trial: not the information center or the 督办室, and not an approval/convenience-only unit."""
    if department["kind"] in NEVER_COUNTED:
        return False
    return department["pilot_office"] or not (department["pilot_approval"] or department["pilot_convenience"])


def _programmes(periods: list[Period]) -> list[dict]:
    if not periods or not apps.is_installed("oa.trial"):
        return []
    from oa.trial.choices import TrialState
    from oa.trial.models import TrialProgramme

    first, last = min(periods), max(periods)
    return list(TrialProgramme.objects.filter(
        start_date__lte=last.last, state__in=[TrialState.RUNNING, TrialState.ENDED, TrialState.REPORTS_COMPLETE])
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=first.start))
        .order_by("start_date", "id").values("id", "name", "start_date", "ended_at"))


def counted_by_period(periods: list[Period], departments: list[dict]) -> dict[str, tuple[set[int], str]]:
    """{period: (ids of the departments counted, the basis in words for the bulletin's notes)}.
    `departments`: the active departments with DEPARTMENT_FIELDS (selectors._departments). One query
    (the programmes), two when a trial ran in one of the periods."""
    programmes = _programmes(periods)
    members: dict[int, set[int]] = defaultdict(set)
    if programmes:
        from oa.trial.models import TrialParticipant

        for programme_id, department_id in TrialParticipant.objects.filter(
                programme_id__in=[p["id"] for p in programmes], system=Pilot.OFFICE).values_list(
                "programme_id", "department_id"):
            members[programme_id].add(department_id)
    eligible = {d["id"] for d in departments if d["kind"] not in NEVER_COUNTED}
    exchanging = {d["id"] for d in departments if exchanges_documents(d)}
    result = {}
    for period in periods:
        running = [p for p in programmes if p["start_date"] <= period.last
                   and (p["ended_at"] is None or p["ended_at"] >= period.start)]
        if running:
            ids = set().union(*(members[p["id"]] for p in running)) & eligible
            names = "、".join(p["name"] for p in running)
            result[str(period)] = (ids, f"统计范围：{names}的{Pilot.OFFICE.label}试运行单位。")
        else:
            result[str(period)] = (exchanging, WITHOUT_TRIAL)
    return result
