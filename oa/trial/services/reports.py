"""用户使用报告: opened for every listed department when the trial ends. The department's clerk fills
it in and submits it to the department's leader (figures computed from the trial's events), the
leader approves it — the submission (报送) to the information center, figures recomputed and kept —
or returns it with a reason; the information center archives it as PDF and DOCX (sha256 kept,
immutable afterwards). The last report approved moves the programme to 报告收齐."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.core.steps import apply_transition, run_step, save_changed
from oa.trial.choices import ReportState, TrialState
from oa.trial.ledger_actions import (
    TRIAL_REPORT_ATTACHMENT_ADD,
    TRIAL_REPORT_ATTACHMENT_REMOVE,
    TRIAL_REPORT_CHASE,
    TRIAL_REPORTS_COMPLETE,
)
from oa.trial.models import TrialParticipant, TrialProgramme, UsageReport, UsageReportAttachment
from oa.trial.permissions import REPORT_FLOW, may_manage, may_report
from oa.trial.selectors import programme_for
from oa.trial.services.figures import department_figures
from oa.uploads.attachments import attachment_delete, attachment_store
from oa.uploads.gate import text_check

SECTION_LIMIT = 5000
REASON_LIMIT = 300
SECTIONS = (("usage", "使用情况"), ("problems", "存在问题"), ("suggestions", "意见建议"))
R = ReportState
NOT_SUBMITTED = (R.DRAFT, R.AWAITING_LEADER)


def reports_open(*, programme, actor=None) -> int:
    """One draft report per listed department (listed for any system)."""
    department_ids = sorted(set(TrialParticipant.objects.filter(programme=programme, listed=True)
                                .values_list("department_id", flat=True)))
    existing = set(UsageReport.objects.filter(programme=programme).values_list("department_id", flat=True))
    UsageReport.objects.bulk_create([UsageReport(programme=programme, department_id=d) for d in department_ids
                                     if d not in existing])
    if not department_ids:  # nobody owes a report
        apply_transition(programme, "complete_reports", at=timezone.now())
        programme.save()
    from oa.trial.services.paper import notify_department_clerks

    notify_department_clerks(department_ids, event="todo.changed")
    return len(department_ids)


def report_for(person, pk: int, *, for_update: bool = False) -> UsageReport:
    """The report, for the information center or anyone of its department; 404 otherwise."""
    queryset = UsageReport.objects.select_related("programme", "department", "filed_by", "submitted_by")
    if for_update:
        queryset = UsageReport.objects.select_for_update(of=("self",)).select_related("programme", "department")
    report = queryset.filter(pk=pk).first()
    if report is None or not (may_manage(person) or (person.is_authenticated and person.department_id == report.department_id)):
        raise Http404("没有这份报告。")
    return report


# --- who hears about it ---------------------------------------------------------------------------

def _notify(person_ids, report, event: str, text: str) -> None:
    for person_id in set(person_ids):
        notify_person_on_commit(person_id, event, report=report.pk, text=text)
        notify_person_on_commit(person_id, "todo.changed", report=report.pk)


# --- the sections -----------------------------------------------------------------------------------

def _sections(values: dict, *, required: bool) -> dict[str, str]:
    cleaned = {}
    for field, label in SECTIONS:
        value = (values.get(field) or "").strip()
        if required and not value:
            raise ValidationError(f"请填写“{label}”。")
        if len(value) > SECTION_LIMIT:
            raise ValidationError(f"“{label}”不能超过 {SECTION_LIMIT} 字。")
        cleaned[field] = value
    return cleaned


def _screen(actor, sections: dict) -> None:
    """Outside any transaction, so that the gate's record of a refusal survives."""
    text_check(actor=actor, fields={label: sections[field] for field, label in SECTIONS if sections[field]},
               purpose="用户使用报告")


def _run(actor, report_id: int, action: str, body):
    return run_step(
        actor=actor, locate=lambda: report_for(actor, report_id, for_update=True),
        allowed=lambda report: may_report(actor, action, report), states=REPORT_FLOW.states_for(action),
        label=REPORT_FLOW.labels[action], ledger_action=step_code("trial.report", action), body=body,
    )


def _programme_ended(report) -> TrialProgramme:
    programme = TrialProgramme.objects.select_for_update().get(pk=report.programme_id)
    if programme.state == TrialState.PLANNED or programme.state == TrialState.RUNNING:
        raise ValidationError("试运行结束后才能报送用户使用报告。")
    return programme


def report_save(*, actor, report_id: int, usage: str | None = None, problems: str | None = None,
                suggestions: str | None = None) -> UsageReport:
    """Keep the draft's sections (only while 填写中); a section not given (None) keeps what it had."""
    given = {"usage": usage, "problems": problems, "suggestions": suggestions}
    current = report_for(actor, report_id)
    sections = _sections({k: (v if v is not None else getattr(current, k)) for k, v in given.items()}, required=False)
    _screen(actor, sections)

    def body(report):
        report.usage, report.problems, report.suggestions = sections["usage"], sections["problems"], sections["suggestions"]
        report.save(update_fields=["usage", "problems", "suggestions"])
        ledger_record(actor=actor, action=step_code("trial.report", "edit"), target=report, data={"department": report.department_id})

    return _run(actor, report_id, "edit", body)


def report_submit(*, actor, report_id: int, usage: str | None = None, problems: str | None = None,
                  suggestions: str | None = None) -> UsageReport:
    """The clerk submits the report to the department's leader; sections given here are kept first.
    The figures are computed now (and again when the leader approves)."""
    given = {"usage": usage, "problems": problems, "suggestions": suggestions}
    current = report_for(actor, report_id)
    sections = _sections({k: (v if v is not None else getattr(current, k)) for k, v in given.items()}, required=True)
    _screen(actor, sections)

    def body(report):
        programme = _programme_ended(report)
        report.usage, report.problems, report.suggestions = sections["usage"], sections["problems"], sections["suggestions"]
        apply_transition(report, "submit", by=actor, at=timezone.now(),
                         figures=department_figures(programme, report.department_id))
        save_changed(report)
        ledger_record(actor=actor, action=step_code("trial.report", "submit"), target=report,
                      data={"programme": programme.pk, "department": report.department_id, "figures": report.figures})
        _notify(REPORT_FLOW.waiting_ids(report), report, "trial.report.awaiting",  # its leaders
                f"{report.department.short_name or report.department.name}用户使用报告待您审核")

    return _run(actor, report_id, "submit", body)


def report_return(*, actor, report_id: int, reason: str) -> UsageReport:
    """The leader returns it to 填写中 with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写退回原因。")
    if len(reason) > REASON_LIMIT:
        raise ValidationError(f"退回原因不能超过 {REASON_LIMIT} 字。")
    report_for(actor, report_id)
    text_check(actor=actor, fields={"退回原因": reason}, purpose="用户使用报告")

    def body(report):
        submitter = report.submitted_by_id
        apply_transition(report, "send_back", by=actor, at=timezone.now(), reason=reason)
        save_changed(report)
        ledger_record(actor=actor, action=step_code("trial.report", "return"), target=report,
                      data={"department": report.department_id, "reason": reason})
        for person_id in REPORT_FLOW.waiting_ids(report):  # its clerks
            notify_person_on_commit(person_id, "trial.report.returned", report=report.pk, text=f"用户使用报告被退回：{reason}")
        if submitter:
            _notify([submitter], report, "trial.report.returned", f"用户使用报告被退回：{reason}")

    return _run(actor, report_id, "return", body)


def report_approve(*, actor, report_id: int) -> UsageReport:
    """The department's leader approves: the report is submitted (报送) to the information center,
    with the figures recomputed now and kept. The last one moves the programme to 报告收齐."""

    def body(report):
        programme = _programme_ended(report)
        apply_transition(report, "approve", by=actor, at=timezone.now(),
                         figures=department_figures(programme, report.department_id))
        save_changed(report)
        ledger_record(actor=actor, action=step_code("trial.report", "approve"), target=report,
                      data={"programme": programme.pk, "department": report.department_id, "figures": report.figures})
        _notify(REPORT_FLOW.waiting_ids(report), report, "trial.report.filed",  # the information center
                f"{report.department.short_name or report.department.name}已报送用户使用报告")
        _complete_if_all_in(actor, programme)

    return _run(actor, report_id, "approve", body)


def _complete_if_all_in(actor, programme) -> None:
    if programme.state != TrialState.ENDED:
        return
    if not UsageReport.objects.filter(programme=programme, state__in=NOT_SUBMITTED).exists():
        apply_transition(programme, "complete_reports", at=timezone.now())
        programme.save()
        ledger_record(actor=actor, action=TRIAL_REPORTS_COMPLETE, target=programme,
                      data={"reports": UsageReport.objects.filter(programme=programme).count()})


def report_archive(*, actor, report_id: int) -> UsageReport:
    """The information center archives an approved report as PDF and DOCX (sha256 of each kept)."""
    from oa.trial.services.report_render import content, render_docx, render_pdf

    def body(report):
        c = content(report)
        pdf, docx = render_pdf(c), render_docx(c)
        apply_transition(report, "archive", by=actor, at=timezone.now(), pdf=pdf, docx=docx)
        save_changed(report)
        ledger_record(actor=actor, action=step_code("trial.report", "archive"), target=report,
                      data={"department": report.department_id, "pdf_sha256": report.pdf_sha256,
                            "docx_sha256": report.docx_sha256})

    return _run(actor, report_id, "archive", body)


def report_chase(*, actor, programme_id: int) -> int:
    """The information center chases every department that has not submitted yet: the clerks of a
    report still 填写中, the leaders of one 待领导审核."""
    if not may_manage(actor):
        raise PermissionDenied("只有市信息中心可以催报。")
    with transaction.atomic():
        programme_id = programme_for(actor, programme_id).pk  # 404 for a programme that does not exist
        pending = list(UsageReport.objects.select_for_update().filter(programme_id=programme_id, state__in=NOT_SUBMITTED))
        if not pending:
            raise ValidationError("各单位报告均已报送，无需催报。")
        now = timezone.now()
        UsageReport.objects.filter(pk__in=[r.pk for r in pending]).update(last_chased_at=now)
        drafts = [r.department_id for r in pending if r.state == R.DRAFT]
        waiting = [r for r in pending if r.state == R.AWAITING_LEADER]
        ledger_record(actor=actor, action=TRIAL_REPORT_CHASE, data={
            "programme": programme_id, "departments": [r.department_id for r in pending],
            "drafts": drafts, "awaiting_leader": [r.department_id for r in waiting]})
        from oa.trial.services.paper import notify_department_clerks

        notify_department_clerks(drafts, event="trial.chased", text="请尽快填写并提交用户使用报告")
        for report in waiting:
            for person_id in REPORT_FLOW.waiting_ids(report):  # its leaders
                notify_person_on_commit(person_id, "trial.chased", report=report.pk, text="请尽快审核报送用户使用报告")
    return len(pending)


# --- attachments (through the classification gate, only while 填写中) -----------------------------

def attachment_add(*, actor, report_id: int, upload, gate: dict) -> UsageReportAttachment:
    def check():
        if not may_report(actor, "edit", report_for(actor, report_id)):
            raise PermissionDenied("只能在填写中为本单位的报告添加附件。")

    return attachment_store(actor=actor, upload=upload, gate=gate, purpose="用户使用报告附件", check=check,
                            locked=lambda body: _run(actor, report_id, "edit", body),
                            action=TRIAL_REPORT_ATTACHMENT_ADD)


def attachment_remove(*, actor, report_id: int, attachment_id: int) -> None:
    _run(actor, report_id, "edit", lambda report: attachment_delete(
        owner=report, attachment_id=attachment_id, actor=actor, action=TRIAL_REPORT_ATTACHMENT_REMOVE))


def report_file_name(report, kind: str) -> tuple[str, str]:
    """(download name, content type) of an archived rendering."""
    types = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    return f"{report.department.name}用户使用报告.{kind}", types[kind]
