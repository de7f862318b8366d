"""用户使用报告: opened for every listed department when the trial ends, pre-filled from the trial's
events when filed; the last one filed moves the programme to 报告收齐."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from oa.audit.services import ledger_record
from oa.core.steps import apply_transition, run_step
from oa.trial.choices import ReportState, TrialState
from oa.trial.models import TrialParticipant, TrialProgramme, UsageReport
from oa.trial.permissions import may_file_report, may_manage
from oa.trial.services.figures import department_figures
from oa.uploads.gate import text_check

SECTION_LIMIT = 5000


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
    queryset = UsageReport.objects.select_related("programme", "department")
    if for_update:
        queryset = UsageReport.objects.select_for_update(of=("self",)).select_related("programme", "department")
    report = queryset.filter(pk=pk).first()
    if report is None or not (may_manage(person) or (person.is_authenticated and person.department_id == report.department_id)):
        raise Http404("没有这份报告。")
    return report


def _section(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写“{what}”。")
    if len(value) > SECTION_LIMIT:
        raise ValidationError(f"“{what}”不能超过 {SECTION_LIMIT} 字。")
    return value


def report_file(*, actor, report_id: int, usage: str, problems: str, suggestions: str) -> UsageReport:
    sections = {"使用情况": _section(usage, "使用情况"), "存在问题": _section(problems, "存在问题"),
                "意见建议": _section(suggestions, "意见建议")}
    text_check(actor=actor, fields=sections, purpose="用户使用报告")

    def body(report):
        programme = TrialProgramme.objects.select_for_update().get(pk=report.programme_id)
        if programme.state != TrialState.ENDED:
            raise ValidationError("试运行结束后才能报送用户使用报告。")
        figures = department_figures(programme, report.department_id)
        report.usage, report.problems, report.suggestions = sections["使用情况"], sections["存在问题"], sections["意见建议"]
        apply_transition(report, "file", by=actor, at=timezone.now(), figures=figures)
        report.save()
        ledger_record(actor=actor, action="trial.report.file", target=report,
                      data={"programme": programme.pk, "department": report.department_id})
        if not UsageReport.objects.filter(programme=programme, state=ReportState.DRAFT).exists():
            apply_transition(programme, "complete_reports", at=timezone.now())
            programme.save()
            ledger_record(actor=actor, action="trial.reports_complete", target=programme,
                          data={"reports": UsageReport.objects.filter(programme=programme).count()})

    return run_step(
        actor=actor, locate=lambda: report_for(actor, report_id, for_update=True),
        allowed=lambda report: may_file_report(actor, report), states=(ReportState.DRAFT,),
        label="报送用户使用报告", ledger_action="trial.report.file", body=body,
    )


def report_chase(*, actor, programme_id: int) -> int:
    """The information center chases every department that has not filed yet."""
    if not may_manage(actor):
        raise PermissionDenied("只有市信息中心可以催报。")
    with transaction.atomic():
        pending = list(UsageReport.objects.select_for_update().filter(programme_id=programme_id, state=ReportState.DRAFT))
        if not pending:
            raise ValidationError("各单位报告均已报送，无需催报。")
        now = timezone.now()
        UsageReport.objects.filter(pk__in=[r.pk for r in pending]).update(last_chased_at=now)
        ledger_record(actor=actor, action="trial.report.chase", data={"programme": programme_id,
                                                                      "departments": [r.department_id for r in pending]})
        from oa.trial.services.paper import notify_department_clerks

        notify_department_clerks([r.department_id for r in pending], event="trial.chased", text="请尽快报送用户使用报告")
    return len(pending)
