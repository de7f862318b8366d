"""The half-month report-then-通报 chain (seed 004 §9: "市信息中心……定期（每半个月一次）向市政府报告各部门应用
系统的使用情况，由市政府督办室进行通报").

The close (the timer at 00:30, the command, the dashboard's 生成 button) freezes the figures (Bulletin) and
opens the period's UsageCircular in 信息中心拟稿 — and tells nobody but the information center. Then:

1. the information center writes its 说明 and may correct the figures (a new Bulletin version), and submits;
2. its leader reports it to the city government (报送市政府: the city leaders see it on their home page) or
   returns it with a reason;
3. the 督办室 reviews the 报告: returns it to the information center with comments (it goes through the
   leader again), or issues the 通报 in its own name, numbered in its 通报 series (韶府督通〔2026〕N号,
   counted per year in documents.NumberSequence like every 发文字号) — which tells every department.

Every step goes through oa.core.steps.run_step with CIRCULAR_FLOW (oa.usage.permissions), is ledgered as
usage.circular.<action> and kept in the circular's history (CircularStep).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.core.steps import apply_transition, run_step
from oa.org.actors import LEADERS
from oa.org.choices import Role, SeriesKind
from oa.org.models import NumberSeries, Person
from oa.usage.choices import CircularAction, CircularState
from oa.usage.ledger_actions import USAGE_CIRCULAR_PREPARE
from oa.usage.models import Bulletin, CircularFile, CircularStep, UsageCircular
from oa.usage.periods import Period
from oa.usage.permissions import (
    CIRCULAR_FLOW,
    CITY_LEADERS,
    INFO_CENTER,
    INFO_CENTER_LEADER,
    SUPERVISION_OFFICE,
    may_circular,
    may_view_circular,
)
from oa.usage.services import bulletin as words

REMARKS_LIMIT = 3000
REASON_LIMIT = 500
PREFIX = CIRCULAR_FLOW.name
# Who in every department is told that a 通报 was issued: those who act on its figures.
TOLD_ON_ISSUE = (Role.CLERK, Role.OFFICE_DIRECTOR, *LEADERS)
NO_SERIES = "{organ}没有启用的“通报”发文字号序列，无法编号。请系统管理员或本机关办公室主任在“发文字号序列”中添加（类别：通报）。"


def circular_for(person, pk: int, *, for_update: bool = False) -> UsageCircular:
    queryset = UsageCircular.objects.select_related("bulletin")
    if for_update:
        queryset = UsageCircular.objects.select_for_update(of=("self",)).select_related("bulletin")
    circular = queryset.filter(pk=pk).first()
    if circular is None or not may_view_circular(person, circular):
        raise Http404("没有这份使用情况报告。")
    return circular


def period_label(circular) -> str:
    return Period.parse(circular.period).label


# --- who hears about it ---------------------------------------------------------------------------------

def _tell(person_ids, circular, text: str, event: str = "usage.circular.changed") -> None:
    for person_id in set(person_ids) - {None}:
        notify_person_on_commit(person_id, event, circular=circular.pk, text=text,
                                url=reverse("usage-circular", args=[circular.pk]))


def _tell_every_department(circular) -> int:
    """On issue: the clerks, office directors and leaders of every active department, each with a link to
    their own department's row and the items behind it."""
    people = list(Person.objects.filter(is_active=True, department__is_active=True,
                                        role_grants__role__in=TOLD_ON_ISSUE)
                  .values_list("id", "department_id").distinct())
    text = f"市政府督办室通报：{circular.content.get('title', '')}（{circular.number}）"
    for person_id, department_id in people:
        notify_person_on_commit(person_id, "usage.circular.issued", circular=circular.pk, text=text,
                                url=reverse("usage-department", args=[circular.period, department_id]))
    return len({department_id for _, department_id in people})


# --- the history --------------------------------------------------------------------------------------

def _record(circular, *, actor, action: str, comment: str = "", data: dict | None = None, ledger: str | None = None):
    CircularStep.objects.create(circular=circular, action=action, actor=actor if getattr(actor, "pk", None) else None,
                                at=timezone.now(), comment=comment[:REASON_LIMIT], version=circular.bulletin.version,
                                state_after=circular.state)
    ledger_record(actor=actor if getattr(actor, "pk", None) else None,
                  action=ledger or step_code(PREFIX, action), target=circular,
                  data={"period": circular.period, "version": circular.bulletin.version, "state": circular.state,
                        **({"comment": comment} if comment else {}), **(data or {})})


def _run(actor, circular_id: int, action: str, body):
    return run_step(
        actor=actor, locate=lambda: circular_for(actor, circular_id, for_update=True),
        allowed=lambda circular: may_circular(actor, action, circular), states=CIRCULAR_FLOW.states_for(action),
        label=CIRCULAR_FLOW.labels[action], ledger_action=step_code(PREFIX, action), body=body,
    )


def _text(value: str | None, *, label: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 字。")
    return value


def _screen(actor, label: str, value: str) -> None:
    """Typed text through the classification gate, outside any transaction (a refusal is recorded)."""
    if value:
        from oa.uploads.gate import text_check

        text_check(actor=actor, fields={label: value}, purpose="使用情况报告")


# --- the steps ----------------------------------------------------------------------------------------

def circular_prepare(*, bulletin: Bulletin, actor=None) -> tuple[UsageCircular, bool]:
    """Open the period's draft for its frozen bulletin (once per period; the close calls this). Tells the
    information center only: nothing reaches a department before the 督办室 issues the 通报."""
    existing = UsageCircular.objects.filter(period=bulletin.period).first()
    if existing is not None:
        return existing, False
    person = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            circular = UsageCircular.objects.create(period=bulletin.period, period_first=bulletin.period_first,
                                                    bulletin=bulletin, prepared_at=timezone.now(), prepared_by=person)
            _record(circular, actor=person, action=CircularAction.PREPARE, ledger=USAGE_CIRCULAR_PREPARE)
            _tell(INFO_CENTER.person_ids(circular), circular, f"{period_label(circular)}使用情况报告草稿已生成，请审阅后提交")
    except IntegrityError:  # prepared at the same moment by the timer and a person
        return UsageCircular.objects.get(period=bulletin.period), False
    return circular, True


def circular_edit(*, actor, circular_id: int, remarks: str) -> UsageCircular:
    """The information center's own 说明 to go with the figures and charts (信息中心拟稿 only)."""
    remarks = _text(remarks, label="说明", limit=REMARKS_LIMIT, required=False)
    circular_for(actor, circular_id)
    _screen(actor, "说明", remarks)

    def body(circular):
        circular.remarks = remarks
        circular.save(update_fields=["remarks"])
        _record(circular, actor=actor, action=CircularAction.EDIT)

    return _run(actor, circular_id, "edit", body)


def circular_correct(*, actor, circular_id: int, reason: str) -> UsageCircular:
    """A correction while the draft is with the information center: the figures are counted again and
    frozen as the bulletin's next version (earlier versions stay), and the draft takes it."""
    from oa.audit.services import _lock_chain_head
    from oa.usage.services.reports import _freeze, render_files, verify_rollup

    reason = _text(reason, label="更正说明", limit=300, required=True)
    current = circular_for(actor, circular_id)
    if current.state not in CIRCULAR_FLOW.states_for("correct"):
        raise ValidationError(f"本期报告{current.get_state_display()}，只能在信息中心拟稿时更正数据"
                              "（已报送的，须由督办室退回后更正）。")
    if not may_circular(actor, "correct", current):  # refuse before the (long) recount; run_step ledgers it
        return _run(actor, circular_id, "correct", lambda circular: None)
    period = Period.parse(current.period)
    verify_rollup(period)
    made = {}

    def body(circular):
        _lock_chain_head()  # two corrections at once: versions n+1 and n+2, not a clash on n+1
        latest = Bulletin.objects.filter(period=circular.period).order_by("-version").first()
        made["bulletin"] = _freeze(period, actor=actor, version=latest.version + 1, reason=reason)
        apply_transition(circular, "correct", bulletin=made["bulletin"])
        circular.save()
        _record(circular, actor=actor, action=CircularAction.CORRECT, comment=reason)

    circular = _run(actor, circular_id, "correct", body)
    render_files(made["bulletin"])
    return circular


def circular_submit(*, actor, circular_id: int, remarks: str | None = None) -> UsageCircular:
    """The information center submits the draft (with its 说明; given here, it replaces the kept one) to
    its leader."""
    given = None if remarks is None else _text(remarks, label="说明", limit=REMARKS_LIMIT, required=False)
    circular_for(actor, circular_id)
    _screen(actor, "说明", given or "")

    def body(circular):  # the locked row's 说明: one a colleague saved meanwhile is not undone
        apply_transition(circular, "submit", by=actor, at=timezone.now(),
                         remarks=circular.remarks if given is None else given)
        circular.save()
        _record(circular, actor=actor, action=CircularAction.SUBMIT)
        _tell(CIRCULAR_FLOW.waiting_ids(circular), circular, f"{period_label(circular)}使用情况报告待您审核报送市政府")

    return _run(actor, circular_id, "submit", body)


def circular_approve(*, actor, circular_id: int) -> UsageCircular:
    """The information center's leader reports it to the city government: the city leaders see it on their
    home page; the 督办室 reviews it."""

    def body(circular):
        apply_transition(circular, "report", by=actor, at=timezone.now())
        circular.save()
        _record(circular, actor=actor, action=CircularAction.APPROVE)
        label = period_label(circular)
        _tell(CITY_LEADERS.person_ids(circular), circular, f"市信息中心报告：{label}各单位办公系统使用情况",
              event="usage.circular.reported")
        _tell(CIRCULAR_FLOW.waiting_ids(circular), circular, f"市信息中心报告：{label}使用情况，待督办室审核通报")
        _tell(INFO_CENTER.person_ids(circular), circular, f"{label}使用情况报告已报送市政府")

    return _run(actor, circular_id, "approve", body)


def _send_back(*, actor, circular_id: int, reason: str, step: str, label: str, transition: str, told, text: str):
    """A return with a reason, kept and shown: the step `step` runs `transition` and tells `told(circular)`."""
    reason = _text(reason, label=label, limit=REASON_LIMIT, required=True)
    circular_for(actor, circular_id)
    _screen(actor, label, reason)

    def body(circular):
        apply_transition(circular, transition, by=actor, at=timezone.now(), reason=reason)
        circular.save()
        _record(circular, actor=actor, action=step, comment=reason)
        _tell(told(circular), circular, f"{text}：{reason}")

    return _run(actor, circular_id, step, body)


def circular_return(*, actor, circular_id: int, reason: str) -> UsageCircular:
    """The information center's leader returns the draft with a reason."""
    return _send_back(actor=actor, circular_id=circular_id, reason=reason, step=CircularAction.RETURN, label="退回原因",
                      transition="leader_return", told=CIRCULAR_FLOW.waiting_ids, text="使用情况报告被退回")


def circular_send_back(*, actor, circular_id: int, reason: str) -> UsageCircular:
    """The 督办室 returns the 报告 to the information center with its comments (kept and shown); it is
    corrected and goes through the information center's leader again."""
    return _send_back(actor=actor, circular_id=circular_id, reason=reason, step=CircularAction.SEND_BACK,
                      label="退回意见", transition="supervision_return",
                      told=lambda c: CIRCULAR_FLOW.waiting_ids(c) | INFO_CENTER_LEADER.person_ids(c),
                      text="市政府督办室退回使用情况报告")


def circular_series(actor) -> NumberSeries:
    """The active 通报 series of the 督办室 the person sits in."""
    series = NumberSeries.objects.filter(kind=SeriesKind.CIRCULAR, is_active=True,
                                         organs=actor.department_id).order_by("id").first()
    if series is None:
        raise ValidationError(NO_SERIES.format(organ=actor.department.name if actor.department_id else "本单位"))
    return series


def circular_issue(*, actor, circular_id: int, comment: str = "") -> UsageCircular:
    """The 督办室 issues the 通报 in its own name: numbered in its 通报 series (the count per year kept
    where every 发文字号's is, documents.NumberSequence), dated today, its words frozen; every department is
    told (live, on commit) and the portal lists it."""
    from documents.services.numbering import number_next

    comment = _text(comment, label="意见", limit=REASON_LIMIT, required=False)
    circular_for(actor, circular_id)
    _screen(actor, "意见", comment)

    def body(circular):
        series = circular_series(actor)  # inside the step: a refusal or a missing series changes nothing
        now = timezone.now()
        year = timezone.localdate(now).year
        seq = number_next(code=series.code, year=year)
        number = f"{series.code}〔{year}〕{seq}号"
        content = words.circular_form(circular.bulletin.data["bulletin"], number=number,
                                      issued_on=timezone.localdate(now), remarks=circular.remarks)
        apply_transition(circular, "issue", by=actor, at=now, issuer=actor.department, code=series.code, year=year,
                         seq=seq, content=content)
        circular.save()
        departments = _tell_every_department(circular)
        _record(circular, actor=actor, action=CircularAction.ISSUE, comment=comment,
                data={"number": number, "departments_told": departments})
        _tell(INFO_CENTER.person_ids(circular) | CITY_LEADERS.person_ids(circular)
              | INFO_CENTER_LEADER.person_ids(circular) | SUPERVISION_OFFICE.person_ids(circular), circular,
              f"{period_label(circular)}使用情况已通报（{number}）")

    return _run(actor, circular_id, "issue", body)


# --- the documents ------------------------------------------------------------------------------------

def report_content(circular) -> dict:
    """The information center's 报告 to the city government, as it stands (with its 说明), dated the day
    its leader reported it (or the freeze, while a draft)."""
    reported_on = timezone.localdate(circular.reported_at) if circular.reported_at else None
    return words.report_form(circular.bulletin.data["bulletin"], remarks=circular.remarks, reported_on=reported_on)


RENDERERS = {"pdf": words.render_pdf, "docx": words.render_docx}


def report_document(circular, fmt: str) -> bytes:
    """The 报告's PDF or DOCX, rendered from the frozen figures and the 说明 (not kept: both are fixed once
    it is submitted, and a returned draft may still change)."""
    if fmt not in RENDERERS:
        raise ValidationError("不支持的格式，可用 pdf、docx。")
    return RENDERERS[fmt](report_content(circular))


def circular_document(circular, fmt: str) -> bytes:
    """The issued 通报's PDF or DOCX: rendered from its frozen content the first time it is asked for, then
    kept (write-once, like the bulletin's files)."""
    if fmt not in RENDERERS:
        raise ValidationError("不支持的格式，可用 pdf、docx。")
    if circular.state != CircularState.ISSUED:
        raise Http404("尚未通报。")
    stored = CircularFile.objects.filter(circular=circular, fmt=fmt).values_list("content", flat=True).first()
    if stored is not None:
        return bytes(stored)
    content = RENDERERS[fmt](circular.content)
    try:
        with transaction.atomic():
            CircularFile(circular=circular, fmt=fmt, content=content, created_at=timezone.now(),
                         sha256=hashlib.sha256(content).hexdigest()).save(force_insert=True)
    except IntegrityError:  # rendered at the same moment elsewhere: theirs is kept
        return bytes(CircularFile.objects.get(circular=circular, fmt=fmt).content)
    return content
