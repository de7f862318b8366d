"""Closing a period: freeze the figures into a numbered, versioned bulletin (PDF + DOCX)."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from oa.audit.services import ledger_record
from oa.core.exceptions import Conflict
from oa.usage.models import UsageReport
from oa.usage.periods import Period
from oa.usage.permissions import may_close
from oa.usage.score import FORMULA_VERSION
from oa.usage.services import bulletin
from oa.usage.services.rollup import freeze_state, rebuild


def _previous_table(period: Period) -> dict | None:
    from oa.usage.selectors import latest_report

    report = latest_report(period.previous())
    return report.data["table"] if report else None


def _freeze(period: Period, *, actor, version: int, reason: str) -> UsageReport:
    from oa.usage.selectors import build_table

    rebuild(period, write=True, with_state=False)  # the counters exactly as the ledger and documents say
    freeze_state(period)
    table = build_table(period, live=False)
    now = timezone.now()
    number = f"{period.year}年第{period.issue_number}期"
    c = bulletin.content(table, _previous_table(period), number=number, issued_on=timezone.localdate(now),
                         version=version, reason=reason)
    data = json.loads(json.dumps({"table": table, "bulletin": c}, cls=DjangoJSONEncoder, ensure_ascii=False))
    digest = hashlib.sha256(json.dumps(data["table"], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    report = UsageReport(period=str(period), period_first=period.first, version=version, number=number, created_at=now,
                         created_by=actor if getattr(actor, "is_authenticated", False) else None, reason=reason[:300],
                         formula_version=FORMULA_VERSION, data=data, pdf=bulletin.render_pdf(c),
                         docx=bulletin.render_docx(c), sha256=digest)
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict("该周期的通报刚刚已由他人生成，请刷新后查看。") from exc
    ledger_record(actor=actor if getattr(actor, "is_authenticated", False) else None, action="usage.report.close",
                  target=report, data={"period": str(period), "version": version, "sha256": digest})
    return report


def usage_close(*, period: Period, actor=None) -> tuple[UsageReport, bool]:
    """Freeze the period's bulletin once. Idempotent: when it exists, returns it (created=False).

    actor None = the periodic command/task (cron, systemd timer). A person must be the information
    center. A period that has not ended yet cannot be closed.
    """
    if actor is not None and not may_close(actor):
        raise PermissionDenied("只有市信息中心可以生成通报。")
    if not period.is_closed_by():
        raise ValidationError(f"{period.label}尚未结束，不能生成通报。")
    with transaction.atomic():
        existing = UsageReport.objects.filter(period=str(period)).order_by("-version").first()
        if existing is not None:
            return existing, False
        return _freeze(period, actor=actor, version=1, reason=""), True


def usage_correct(*, period: Period, actor, reason: str) -> UsageReport:
    """A correction: a new version from the current rollup; earlier versions are kept unchanged."""
    if not may_close(actor):
        raise PermissionDenied("只有市信息中心可以更正通报。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正说明。"})
    with transaction.atomic():
        latest = UsageReport.objects.filter(period=str(period)).order_by("-version").first()
        if latest is None:
            raise ValidationError(f"{period.label}还没有通报，请先生成。")
        return _freeze(period, actor=actor, version=latest.version + 1, reason=reason)


def close_due_periods(*, now=None) -> list[dict]:
    """What the timer runs: close the last ended period when it has no bulletin yet."""
    now = now or timezone.now()
    period = Period.containing(now).previous()
    report, created = usage_close(period=period)
    return [{"period": str(period), "report": report.pk, "version": report.version, "created": created}]
