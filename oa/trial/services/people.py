"""The trial's people (seed 004 §1, §3, §6, §7): the 统筹协调小组 on the programme (the information center),
each department's working group with its 专人 and each approval unit's 网上审批业务咨询电话 (the department),
the date they are due by and the 催报 of those still missing (the information center)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.core.params import whole_number
from oa.core.text import required_text
from oa.org.models import Department, Person
from oa.trial.choices import TrialState, TrialSystem
from oa.trial.ledger_actions import (
    TRIAL_CONSULT_PHONE,
    TRIAL_COORDINATION,
    TRIAL_DENIED,
    TRIAL_GROUPS_CHASE,
    TRIAL_GROUPS_DUE,
    TRIAL_WORKING_GROUP,
)
from oa.trial.models import (
    CoordinationContact,
    CoordinationGroup,
    TrialParticipant,
    TrialProgramme,
    WorkingGroup,
)
from oa.trial.people import owed
from oa.trial.permissions import (
    GROUP_CHASED,
    GROUP_WAITING,
    may_keep_coordination,
    may_keep_department,
    may_manage,
)
from oa.trial.selectors import programme_for
from oa.uploads.gate import text_check

OPEN_STATES = (TrialState.PLANNED, TrialState.RUNNING)
PHONE_CHARACTERS = set("0123456789-+ ()（）转")
MAX_MEMBERS = 30
MAX_CONTACTS = 12


def clean_phone(value, what: str = "联系电话", *, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        if required:
            raise ValidationError(f"请填写{what}。")
        return ""
    if len(value) > 30:
        raise ValidationError(f"{what}不能超过 30 个字。")
    if not set(value) <= PHONE_CHARACTERS or not any(c.isdigit() for c in value):
        raise ValidationError(f"{what}只能包含数字和“-”，如 0751-8891904 或 13826313052。")
    return value


def _person_id(value, what: str) -> int:
    """A person is chosen by id; a name typed in (or anything else) is refused in Chinese."""
    if isinstance(value, Person):
        return value.pk
    if isinstance(value, str):
        value = value.strip()
    pk = whole_number(value) if isinstance(value, (int, str)) else None
    if pk is None:
        raise ValidationError(f"{what}请从人员中选择（不能填写姓名）。")
    return pk


def _people(ids, what: str, *, department: Department | None = None) -> list[Person]:
    """Active persons, in the order given; of `department` when one is given."""
    ids = [_person_id(v, what) for v in ids]
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids, is_active=True).select_related("department")}
    people = []
    for pk in dict.fromkeys(ids):
        person = found.get(pk)
        if person is None:
            raise ValidationError(f"{what}：所选人员不存在或已停用。")
        if department is not None and person.department_id != department.pk:
            raise ValidationError(f"{what}应为本单位（{department.short_name or department.name}）的人员，"
                                  f"{person.name}不是本单位人员。")
        people.append(person)
    return people


def _one(value, what: str, *, department: Department | None = None, required: bool = True) -> Person | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"请选择{what}。")
        return None
    return _people([value], what, department=department)[0]


def is_open(programme) -> bool:
    """The people of a programme are kept while it is 筹备 or running; once ended, nothing changes."""
    return programme.state in OPEN_STATES


def _open_programme(actor, programme_id: int, *, for_update: bool = False) -> TrialProgramme:
    programme = programme_for(actor, programme_id, for_update=for_update)
    if not is_open(programme):
        raise ValidationError("试运行已结束，不能再修改。")
    return programme


# --- the 统筹协调小组 (§7) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Coordination:
    leader: object  # a person id (or Person)
    deputy: object = None
    members: list = field(default_factory=list)
    fault_phone: str = ""
    contacts: list = field(default_factory=list)  # [(name, phone)]


def _contacts(rows) -> list[tuple[str, str]]:
    cleaned = []
    for row in rows:
        name, phone = (row.get("name"), row.get("phone")) if isinstance(row, dict) else row
        name = required_text(name if isinstance(name, str) else "", "联系人姓名", 50)
        cleaned.append((name, clean_phone(phone, f"联系人“{name}”的电话")))
    if len(cleaned) > MAX_CONTACTS:
        raise ValidationError(f"联系人最多 {MAX_CONTACTS} 位。")
    return cleaned


def coordination_save(*, actor, programme_id: int, group: Coordination) -> CoordinationGroup:
    """Record (or replace) the programme's 统筹协调小组: 组长 (required), 副组长, members — persons of any
    department —, the 报障电话 and the contacts with their phones. Ledgered; the 组长 and 副组长 are told."""
    if not may_keep_coordination(actor):
        ledger_record(actor=actor, action=TRIAL_DENIED, outcome="denied", data={"what": "统筹协调小组"})
        raise PermissionDenied("只有市信息中心可以登记统筹协调小组。")
    leader = _one(group.leader, "组长")
    deputy = _one(group.deputy, "副组长", required=False)
    if deputy is not None and deputy.pk == leader.pk:
        raise ValidationError("组长和副组长不能是同一人。")
    if len(group.members or []) > MAX_MEMBERS:
        raise ValidationError(f"成员最多 {MAX_MEMBERS} 人。")
    members = [m for m in _people(group.members or [], "成员") if m.pk not in (leader.pk, getattr(deputy, "pk", None))]
    fault_phone = clean_phone(group.fault_phone, "报障电话", required=False)
    contacts = _contacts(group.contacts or [])
    if contacts:
        text_check(actor=actor, fields={"联系人": "、".join(name for name, _ in contacts)}, purpose="统筹协调小组")
    with transaction.atomic():
        programme = _open_programme(actor, programme_id, for_update=True)
        before = CoordinationGroup.objects.filter(programme=programme).values_list("leader_id", "deputy_id").first()
        record, _ = CoordinationGroup.objects.update_or_create(
            programme=programme, defaults={"leader": leader, "deputy": deputy, "fault_phone": fault_phone,
                                           "updated_by": actor, "updated_at": timezone.now()})
        record.members.set(members)
        record.contacts.all().delete()
        CoordinationContact.objects.bulk_create([CoordinationContact(group=record, name=name, phone=phone, position=i)
                                                 for i, (name, phone) in enumerate(contacts)])
        ledger_record(actor=actor, action=TRIAL_COORDINATION, target=programme, data={
            "leader": leader.pk, "deputy": getattr(deputy, "pk", None), "members": [m.pk for m in members],
            "fault_phone": fault_phone, "contacts": [f"{name} {phone}" for name, phone in contacts]})
        for person, duty in ((leader, "组长"), (deputy, "副组长")):
            if person is not None and (before is None or person.pk not in before):
                notify_person_on_commit(person.pk, "trial.coordination", programme=programme.pk,
                                        text=f"您已被列为{programme.name}统筹协调小组{duty}，系统问题超时未处理将上报您。")
    return record


# --- the due date and the 催报 (§1, §3) -----------------------------------------------------------------

def groups_due_set(*, actor, programme_id: int, due: date | None) -> TrialProgramme:
    """The date the working groups and the 咨询电话 are due by (seed: 11月8日前); None clears it."""
    if not may_keep_coordination(actor):
        raise PermissionDenied("只有市信息中心可以设定报送日期。")
    with transaction.atomic():
        programme = _open_programme(actor, programme_id, for_update=True)
        if due is not None and due > programme.end_date:
            raise ValidationError(f"报送日期不能晚于试运行结束日期（{programme.end_date:%Y年%-m月%-d日}）。")
        before = programme.groups_due
        if before != due:
            programme.groups_due = due
            programme.save(update_fields=["groups_due"])
            ledger_record(actor=actor, action=TRIAL_GROUPS_DUE, target=programme, data={"from": before, "to": due})
            departments = set(TrialParticipant.objects.filter(programme=programme).values_list("department_id", flat=True))
            _tell(GROUP_WAITING, departments, "todo.changed", programme=programme.pk)
    return programme


def _tell(rule, department_ids, event: str, **payload) -> None:
    """Live hints to the holders of `rule`'s roles in each department."""
    people = set()
    for department_id in department_ids:
        people |= rule.person_ids(TrialParticipant(department_id=department_id))
    for person_id in people:
        notify_person_on_commit(person_id, event, **payload)


def groups_chase(*, actor, programme_id: int) -> int:
    """催报: every department still owing its working group or (an approval unit) its 咨询电话 is told — its
    clerks and office director, live and on 待办 — ledgered with the departments and what each owes."""
    if not may_keep_coordination(actor):
        ledger_record(actor=actor, action=TRIAL_DENIED, outcome="denied", data={"what": "催报工作组"})
        raise PermissionDenied("只有市信息中心可以催报。")
    with transaction.atomic():
        programme = _open_programme(actor, programme_id, for_update=True)
        if programme.groups_due is None:
            raise ValidationError("请先设定工作组及咨询电话的报送日期。")
        missing = owed(programme)
        departments = sorted(set(missing["groups"]) | set(missing["phones"]))
        if not departments:
            raise ValidationError("各单位的工作组和咨询电话均已报送，无需催报。")
        programme.groups_chased_at = timezone.now()
        programme.save(update_fields=["groups_chased_at"])
        ledger_record(actor=actor, action=TRIAL_GROUPS_CHASE, target=programme,
                      data={"departments": departments, **missing, "due": programme.groups_due})
        due = f"{programme.groups_due.month}月{programme.groups_due.day}日"
        for department_id in departments:
            what = "、".join(w for w, owing in (("试运行工作组名单及专人", department_id in missing["groups"]),
                                                ("网上审批业务咨询电话", department_id in missing["phones"])) if owing)
            _tell(GROUP_CHASED, [department_id], "trial.chased", programme=programme.pk,
                  text=f"请于{due}前报送{what}（{programme.name}）")
            _tell(GROUP_CHASED, [department_id], "todo.changed", programme=programme.pk)
    return len(departments)


# --- the department's working group (§1, §6) and 咨询电话 (§3) -------------------------------------------

def _department_in(programme, department_id: int) -> Department:
    department = Department.objects.filter(pk=department_id).first()
    if department is None or not TrialParticipant.objects.filter(programme=programme, department=department).exists():
        raise ValidationError("本单位未参加该试运行，请先加入。")
    return department


def working_group_save(*, actor, programme_id: int, department_id: int, leader, contact, members=(), phone: str = "") -> WorkingGroup:
    """The department's working group: its leader, members and the one 专人 — all persons of the department —
    and the 专人's phone (the 专人's own when none is given). The department's keepers or the information center."""
    if not (may_keep_department(actor, department_id) or may_manage(actor)):
        raise PermissionDenied("只能填报本单位的试运行工作组。")
    with transaction.atomic():
        programme = _open_programme(actor, programme_id)
        department = _department_in(programme, department_id)
        leader = _one(leader, "组长", department=department)
        contact = _one(contact, "专人", department=department)
        if len(members or []) > MAX_MEMBERS:
            raise ValidationError(f"成员最多 {MAX_MEMBERS} 人。")
        people = _people(members or [], "成员", department=department)
        phone = clean_phone(phone or contact.phone, "专人联系电话")
        group, created = WorkingGroup.objects.update_or_create(
            programme=programme, department=department,
            defaults={"leader": leader, "contact": contact, "phone": phone, "legacy_text": "", "updated_by": actor,
                      "updated_at": timezone.now()})
        group.members.set([p for p in people if p.pk not in (leader.pk, contact.pk)])
        ledger_record(actor=actor, action=TRIAL_WORKING_GROUP, target=programme, department=department, data={
            "department": department.pk, "leader": leader.pk, "contact": contact.pk, "members": [p.pk for p in people],
            "phone": phone, "created": created})
        notify_person_on_commit(contact.pk, "trial.contact", programme=programme.pk,
                                text=f"您已被指定为本单位{programme.name}专人，负责与市信息中心联系。")
        _tell(GROUP_WAITING, [department.pk], "todo.changed", programme=programme.pk)
    return group


def consult_phone_save(*, actor, programme_id: int, department_id: int, phone: str) -> TrialParticipant:
    """An approval-system unit's 网上审批业务咨询电话 (published on the portal)."""
    if not (may_keep_department(actor, department_id) or may_manage(actor)):
        raise PermissionDenied("只能报送本单位的咨询电话。")
    phone = clean_phone(phone, "网上审批业务咨询电话")
    with transaction.atomic():
        programme = _open_programme(actor, programme_id)
        participant = (TrialParticipant.objects.select_for_update()
                       .filter(programme=programme, department_id=department_id, system=TrialSystem.APPROVAL).first())
        if participant is None:
            raise ValidationError("本单位未参加网上行政审批系统试运行，无需报送咨询电话。")
        before = participant.consult_phone
        participant.consult_phone, participant.consult_phone_by, participant.consult_phone_at = phone, actor, timezone.now()
        participant.save(update_fields=["consult_phone", "consult_phone_by", "consult_phone_at"])
        ledger_record(actor=actor, action=TRIAL_CONSULT_PHONE, target=programme, department=participant.department,
                      data={"department": department_id, "from": before, "to": phone})
        _tell(GROUP_WAITING, [department_id], "todo.changed", programme=programme.pk)
    return participant
