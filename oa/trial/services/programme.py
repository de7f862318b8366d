"""The information center's programme: setting it up, its participants, starting and ending it;
each department's training sessions (its working group and 咨询电话: services/people.py)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.steps import apply_transition, run_step, save_changed
from oa.core.text import required_text
from oa.org.models import Department
from oa.trial.choices import TrialState, TrialSystem
from oa.trial.ledger_actions import (
    TRIAL_CREATE,
    TRIAL_DENIED,
    TRIAL_PARTICIPANT_ADD,
    TRIAL_TARGET,
    TRIAL_TRAINING,
)
from oa.trial.models import TrainingSession, TrialParticipant, TrialProgramme
from oa.trial.permissions import PROGRAMME_ACTIONS, PROGRAMME_FLOW, may_keep_department, may_manage
from oa.trial.selectors import programme_for
from oa.uploads.gate import text_check

OPEN_STATES = (TrialState.PLANNED, TrialState.RUNNING)


def _require_manager(actor, what: str) -> None:
    if not may_manage(actor):
        ledger_record(actor=actor, action=TRIAL_DENIED, outcome="denied", data={"what": what})
        raise PermissionDenied(f"只有市信息中心可以{what}。")


def programme_create(*, actor, name: str, start_date: date, end_date: date, paperless_target: date | None = None,
                     participants: dict[str, list[int]] | None = None, groups_due: date | None = None) -> TrialProgramme:
    """participants: {system: [department ids]} — the departments listed in the notice; groups_due: the date
    their working groups and 咨询电话 are due by (seed 004: 11月8日前)."""
    _require_manager(actor, "设立试运行")
    name = required_text(name, "试运行名称", 120)
    text_check(actor=actor, fields={"试运行名称": name}, purpose="试运行")
    if end_date < start_date:
        raise ValidationError("结束日期不能早于开始日期。")
    if paperless_target and paperless_target < end_date:
        raise ValidationError("无纸化目标日期不能早于试运行结束日期。")
    if groups_due and groups_due > end_date:
        raise ValidationError("工作组及咨询电话报送日期不能晚于试运行结束日期。")
    participants = participants or {}
    for system in participants:
        if system not in TrialSystem.values:
            raise ValidationError(f"没有“{system}”这一系统。")
    with transaction.atomic():
        programme = TrialProgramme.objects.create(name=name, start_date=start_date, end_date=end_date,
                                                  paperless_target=paperless_target, groups_due=groups_due,
                                                  created_by=actor)
        rows = []
        for system, ids in participants.items():
            for department in Department.objects.filter(pk__in=set(ids), is_active=True):
                rows.append(TrialParticipant(programme=programme, department=department, system=system, listed=True))
        TrialParticipant.objects.bulk_create(rows)
        ledger_record(actor=actor, action=TRIAL_CREATE, target=programme,
                      data={"start": start_date, "end": end_date, "participants": len(rows)})
    return programme


def _run(actor, programme_id: int, action: str, body):
    return run_step(
        actor=actor, locate=lambda: programme_for(actor, programme_id, for_update=True),
        allowed=lambda programme: PROGRAMME_FLOW.may(actor, action, programme),
        states=PROGRAMME_FLOW.states_for(action), label=PROGRAMME_ACTIONS[action], ledger_action=step_code("trial", action), body=body,
    )


def programme_transition(*, actor, programme_id: int, action: str) -> TrialProgramme:
    if action not in PROGRAMME_ACTIONS:
        raise ValidationError(f"没有“{action}”这一操作。")

    def body(programme):
        from_state = programme.state
        if action == "start" and TrialProgramme.objects.filter(state=TrialState.RUNNING).exclude(pk=programme.pk).exists():
            raise ValidationError("已有一个试运行正在进行，请先结束它。")
        apply_transition(programme, action, at=timezone.now())
        save_changed(programme)
        ledger_record(actor=actor, action=step_code("trial", action), target=programme,
                      data={"from": from_state, "to": programme.state})
        if action == "end":
            from oa.trial.services.reports import reports_open

            reports_open(programme=programme, actor=actor)

    return _run(actor, programme_id, action, body)


def programme_set_target(*, actor, programme_id: int, paperless_target: date | None) -> TrialProgramme:
    """The 无纸化 target date moves with policy: the information center sets or clears it (not before the
    trial's end), ledgered with the old and the new date."""
    _require_manager(actor, "调整无纸化目标日期")
    with transaction.atomic():
        programme = programme_for(actor, programme_id, for_update=True)
        if paperless_target and paperless_target < programme.end_date:
            raise ValidationError("无纸化目标日期不能早于试运行结束日期。")
        before = programme.paperless_target
        if before != paperless_target:
            programme.paperless_target = paperless_target
            programme.save(update_fields=["paperless_target"])
            ledger_record(actor=actor, action=TRIAL_TARGET, target=programme,
                          data={"from": before, "to": paperless_target})
    return programme


def participant_add(*, actor, programme_id: int, department_id: int, system: str, listed: bool = True) -> TrialParticipant:
    """The information center lists a department, or a department joins on its own (listed=False)."""
    if system not in TrialSystem.values:
        raise ValidationError("请选择试运行系统。")
    with transaction.atomic():
        programme = programme_for(actor, programme_id, for_update=True)
        if listed:
            _require_manager(actor, "列明试运行单位")
        elif not (may_manage(actor) or may_keep_department(actor, department_id)):
            raise PermissionDenied("只能为本单位申请自行加入试运行。")
        if programme.state not in OPEN_STATES:
            raise ValidationError("试运行已结束，不能再加入单位。")
        department = Department.objects.filter(pk=department_id, is_active=True).first()
        if department is None:
            raise ValidationError("没有这个单位。")
        participant, created = TrialParticipant.objects.get_or_create(
            programme=programme, department=department, system=system, defaults={"listed": listed})
        if not created:
            raise ValidationError(f"{department.short_name}已参加{TrialSystem(system).label}试运行。")
        ledger_record(actor=actor, action=TRIAL_PARTICIPANT_ADD, target=programme,
                      data={"department": department.name, "system": system, "listed": listed})
    return participant


def training_record(*, actor, programme_id: int, department_id: int, held_on: date, topic: str, expected: int,
                    attended: int) -> TrainingSession:
    if not (may_keep_department(actor, department_id) or may_manage(actor)):
        raise PermissionDenied("只能登记本单位的培训。")
    topic = required_text(topic, "培训内容", 120)
    text_check(actor=actor, fields={"培训内容": topic}, purpose="试运行培训")
    if not 1 <= expected <= 2000:
        raise ValidationError("应到人数应在 1 到 2000 之间。")
    if not 0 <= attended <= expected:
        raise ValidationError("实到人数不能多于应到人数。")
    if held_on > timezone.localdate():
        raise ValidationError("培训日期不能晚于今天（培训结束后再登记出勤）。")
    with transaction.atomic():
        programme = programme_for(actor, programme_id)
        if not TrialParticipant.objects.filter(programme=programme, department_id=department_id).exists():
            raise ValidationError("本单位未参加该试运行，请先加入。")
        session = TrainingSession.objects.create(programme=programme, department_id=department_id, held_on=held_on,
                                                 topic=topic, expected=expected, attended=attended, recorded_by=actor)
        ledger_record(actor=actor, action=TRIAL_TRAINING, target=programme,
                      data={"department": department_id, "held_on": held_on, "expected": expected, "attended": attended})
    return session
