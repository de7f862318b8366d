"""Reads about the trial's people (seed 004 §1, §3, §6, §7): each department's 专人 — its contact with the
information center —, the 统筹协调小组 whose 组长 and 副组长 hear of missed deadlines, who still owes its
working group or 咨询电话, and what the portal publishes.

The 专人 of a department is the contact its latest working group names (the latest programme first),
while that person is active and still of the department. A department that has named none falls back to
its 收发员 (role `clerk`), who handle its paper and electronic traffic anyway — the rule before §6 was
recorded, kept so that no department is left without a contact."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from oa.org.choices import Role
from oa.org.models import Person
from oa.trial.choices import TrialState, TrialSystem
from oa.trial.models import CoordinationGroup, TrialParticipant, TrialProgramme, WorkingGroup
from oa.trial.selectors import current_programme

OPEN_STATES = (TrialState.PLANNED, TrialState.RUNNING)
CONTACT_FALLBACK_ROLES = (Role.CLERK,)


# --- the department's 专人 ----------------------------------------------------------------------------

def named_contact_id(department_id) -> int | None:
    """The 专人 the department's latest working group names (active, still of the department), or None."""
    if not department_id:
        return None
    return (WorkingGroup.objects.filter(department_id=department_id, contact__is_active=True,
                                        contact__department_id=department_id)
            .order_by("-programme__start_date", "-programme_id").values_list("contact_id", flat=True).first())


def department_contact_ids(department_id) -> set[int]:
    """Whom the information center deals with for the department: its 专人, else its clerks."""
    if not department_id:
        return set()
    named = named_contact_id(department_id)
    if named is not None:
        return {named}
    return set(Person.objects.filter(department_id=department_id, is_active=True,
                                     role_grants__role__in=CONTACT_FALLBACK_ROLES).values_list("id", flat=True).distinct())


def is_department_contact(person) -> bool:
    """Is `person` their department's contact (its 专人, or a clerk where none is named)? Read once per
    person instance (a request asks once)."""
    if not person.is_authenticated or not person.department_id:
        return False
    cached = getattr(person, "_trial_contact", None)
    if cached is None:
        named = named_contact_id(person.department_id)
        cached = person.pk == named if named is not None else person.has_role(*CONTACT_FALLBACK_ROLES)
        person._trial_contact = cached
    return cached


# --- the 统筹协调小组 ---------------------------------------------------------------------------------

def coordination_of(programme) -> CoordinationGroup | None:
    if programme is None:
        return None
    return (CoordinationGroup.objects.filter(programme=programme)
            .select_related("leader__department", "deputy__department", "updated_by")
            .prefetch_related("members__department", "contacts").first())


def coordination_leader_ids() -> set[int]:
    """The 组长 and 副组长 of the current programme's group (running, else the newest programme), if active.
    Empty when no group is recorded (the caller falls back)."""
    programme = current_programme()
    if programme is None:
        return set()
    row = CoordinationGroup.objects.filter(programme=programme).values_list("leader_id", "deputy_id").first()
    if row is None:
        return set()
    return set(Person.objects.filter(pk__in=[pk for pk in row if pk], is_active=True).values_list("id", flat=True))


# --- who still owes its working group or 咨询电话 ------------------------------------------------------

def complete_group_exists():
    return Exists(WorkingGroup.objects.filter(programme=OuterRef("programme"), department=OuterRef("department"),
                                              leader__isnull=False, contact__isnull=False))


def owed_groups_q() -> Q:
    """Participants (any system) of an open programme with a due date whose department has not reported
    its working group (none, or one migrated from text without its people)."""
    return Q(programme__state__in=OPEN_STATES, programme__groups_due__isnull=False) & ~Q(complete_group_exists())


def owed_phones_q() -> Q:
    """Approval-system participants of an open programme with a due date that have not named their 咨询电话."""
    return Q(programme__state__in=OPEN_STATES, programme__groups_due__isnull=False, system=TrialSystem.APPROVAL,
             consult_phone="")


def owed(programme) -> dict[str, list[int]]:
    """{"groups": department ids without a working group, "phones": approval units without a 咨询电话}."""
    participants = TrialParticipant.objects.filter(programme=programme)
    groups = (participants.annotate(done=complete_group_exists()).filter(done=False)
              .values_list("department_id", flat=True).distinct())
    phones = participants.filter(system=TrialSystem.APPROVAL, consult_phone="").values_list("department_id", flat=True)
    return {"groups": sorted(set(groups)), "phones": sorted(set(phones))}


# --- what the portal publishes ------------------------------------------------------------------------

def _name_of(person) -> str:
    return person.name or person.username


def published_programme() -> TrialProgramme | None:
    return current_programme()


def published_contacts(programme=None) -> dict:
    """The current programme's 统筹协调小组 as the portal shows it — hotlines and contacts in the shape of
    the portal's own blocks (title/phone…, name/duty/department/phone/mobile) — and the approval units'
    网上审批业务咨询电话 (由市政府统一公布)."""
    programme = programme or published_programme()
    result = {"hotlines": [], "contacts": [], "approval_phones": [], "programme": programme}
    if programme is None:
        return result
    group = coordination_of(programme)
    if group is not None:
        if group.fault_phone:
            result["hotlines"].append({"title": "试运行报障电话", "phone": group.fault_phone, "hours": "",
                                       "note": f"{programme.name}统筹协调小组"})

        def person_row(person, duty):
            return {"name": _name_of(person), "duty": duty, "department": person.department.short_name if person.department else "",
                    "phone": person.phone, "mobile": ""}

        rows = [person_row(group.leader, "试运行统筹协调小组组长")]
        if group.deputy:
            rows.append(person_row(group.deputy, "试运行统筹协调小组副组长"))
        rows += [person_row(m, "试运行统筹协调小组成员") for m in group.members.all()
                 if m.pk not in (group.leader_id, group.deputy_id)]
        by_name = {row["name"]: row for row in rows}
        for c in group.contacts.all():
            if c.name in by_name:  # a member who is also a contact: one row, with the contact's phone
                by_name[c.name].update(duty=by_name[c.name]["duty"] + "、报障联系人", mobile=c.phone)
            else:
                rows.append({"name": c.name, "duty": "报障联系人", "department": "", "phone": group.fault_phone,
                             "mobile": c.phone})
        result["contacts"] = rows
    result["approval_phones"] = [
        {"department": p.department.name, "short_name": p.department.short_name, "phone": p.consult_phone}
        for p in (TrialParticipant.objects.filter(programme=programme, system=TrialSystem.APPROVAL)
                  .exclude(consult_phone="").select_related("department").order_by("department__sort_order", "id"))
    ]
    return result


# --- the programme's people page ----------------------------------------------------------------------

def group_rows(programme, department_ids) -> list[dict]:
    """For each shown department of the programme: its working group (people loaded), its systems, its
    咨询电话 when an approval unit, and what it still owes — three queries for any number of departments."""
    from oa.org.models import Department

    participants = list(TrialParticipant.objects.filter(programme=programme, department_id__in=list(department_ids)))
    groups = {g.department_id: g for g in WorkingGroup.objects.filter(programme=programme, department_id__in=list(department_ids))
              .select_related("leader", "contact").prefetch_related("members")}
    departments = Department.objects.filter(pk__in=list(department_ids)).order_by("sort_order", "id")
    rows = []
    for department in departments:
        mine = [p for p in participants if p.department_id == department.pk]
        approval = next((p for p in mine if p.system == TrialSystem.APPROVAL), None)
        group = groups.get(department.pk)
        rows.append({
            "department": department, "group": group, "approval": approval,
            "systems": [p.get_system_display() for p in mine],
            "group_missing": group is None or not group.complete,
            "phone_missing": approval is not None and not approval.consult_phone,
        })
    return rows


def department_people(department_id):
    """The active people of a department, for choosing its working group."""
    return Person.objects.filter(department_id=department_id, is_active=True).order_by("id")


def everyone():
    """Every active person with a department, for choosing the 统筹协调小组."""
    return Person.objects.filter(is_active=True, department__isnull=False).order_by("department__sort_order", "id")
