"""Closing a period: freeze the figures into a numbered, versioned bulletin, then render its PDF and
DOCX from the frozen content, and open the period's draft 报告 (services/circulars.py).

Freezing reads the rollup the ledger listener keeps in each event's own transaction (plus the state
and provided figures as of the period's end), so it takes well under a second whatever the size of
the ledger. Checking the rollup against the ledger (`rebuild`) is its own step: `close_period` — what
the timer, the command and the dashboard's background task run — checks and repairs first, then
freezes, then renders the files; a download renders a missing file on the spot."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from oa.audit.services import _lock_chain_head, ledger_record
from oa.core.exceptions import Conflict
from oa.usage.figures import STATE
from oa.usage.ledger_actions import USAGE_REPORT_CLOSE, USAGE_ROLLUP_REPAIR
from oa.usage.models import Bulletin, BulletinFile, UsageFigure
from oa.usage.periods import Period
from oa.usage.permissions import may_close
from oa.usage.score import FORMULA_VERSION
from oa.usage.services import bulletin
from oa.usage.services.rollup import freeze_provided, freeze_state, rebuild


def _previous_table(period: Period) -> dict | None:
    from oa.usage.selectors import latest_report

    report = latest_report(period.previous())
    return report.data["table"] if report else None


def _freeze(period: Period, *, actor, version: int, reason: str) -> Bulletin:
    from oa.usage.selectors import build_table

    freeze_provided(period)  # notices, trial and feedback figures as their modules count them now
    if version == 1 or not UsageFigure.objects.filter(period=str(period), code__in=list(STATE)).exists():
        # Accounts and open 黄牌/红牌 as of the period's end: known once, at the first close. A correction
        # keeps them (counted again later they would say how things stand on the day of the correction).
        freeze_state(period)
    table = build_table(period, live=False)
    now = timezone.now()
    number = f"{period.year}年第{period.issue_number}期"
    c = bulletin.content(table, _previous_table(period), number=number, issued_on=timezone.localdate(now),
                         version=version, reason=reason)
    data = json.loads(json.dumps({"table": table, "bulletin": c}, cls=DjangoJSONEncoder, ensure_ascii=False))
    digest = hashlib.sha256(json.dumps(data["table"], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    report = Bulletin(period=str(period), period_first=period.first, version=version, number=number, created_at=now,
                         created_by=actor if getattr(actor, "is_authenticated", False) else None, reason=reason[:300],
                         formula_version=FORMULA_VERSION, data=data, sha256=digest)
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict("该周期的通报刚刚已由他人生成，请刷新后查看。") from exc
    ledger_record(actor=actor if getattr(actor, "is_authenticated", False) else None, action=USAGE_REPORT_CLOSE,
                  target=report, data={"period": str(period), "version": version, "sha256": digest})
    return report


def usage_close(*, period: Period, actor=None) -> tuple[Bulletin, bool]:
    """Freeze the period's bulletin once. Idempotent: when it exists, returns it (created=False).

    actor None = the periodic command/task (cron, systemd timer). A person must be the information
    center. A period that has not ended yet cannot be closed.
    """
    if actor is not None and not may_close(actor):
        raise PermissionDenied("只有市信息中心可以生成通报。")
    if not period.is_closed_by():
        raise ValidationError(f"{period.label}尚未结束，不能生成通报。")
    with transaction.atomic():
        # Two closes at once (the timer and a person, two app processes): the second waits here for the
        # first to commit, then finds its bulletin and returns it (the ledger chain lock; on SQLite the
        # IMMEDIATE transaction already serialises them).
        _lock_chain_head()
        existing = Bulletin.objects.filter(period=str(period)).order_by("-version").first()
        if existing is not None:
            return existing, False
        return _freeze(period, actor=actor, version=1, reason=""), True


def usage_correct(*, period: Period, actor, reason: str) -> Bulletin:
    """A correction: a new version from the current rollup; earlier versions are kept unchanged. Once the
    period's report-then-通报 chain is open, a correction is one of its steps (only while the draft is with
    the information center: oa.usage.services.circulars.circular_correct)."""
    from oa.usage.models import UsageCircular

    circular_id = UsageCircular.objects.filter(period=str(period)).values_list("pk", flat=True).first()
    if circular_id is not None:
        from oa.usage.services.circulars import circular_correct

        return circular_correct(actor=actor, circular_id=circular_id, reason=reason).bulletin
    if not may_close(actor):
        raise PermissionDenied("只有市信息中心可以更正通报。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正说明。"})
    if not Bulletin.objects.filter(period=str(period)).exists():
        raise ValidationError(f"{period.label}还没有通报，请先生成。")
    verify_rollup(period)  # a correction is asked for because something changed: count it again first
    with transaction.atomic():
        _lock_chain_head()  # two corrections at once: versions n+1 and n+2, not a clash on n+1
        latest = Bulletin.objects.filter(period=str(period)).order_by("-version").first()
        report = _freeze(period, actor=actor, version=latest.version + 1, reason=reason)
    render_files(report)
    return report


RENDERERS = {"pdf": bulletin.render_pdf, "docx": bulletin.render_docx}


def report_file(report: Bulletin, fmt: str) -> bytes:
    """The bulletin's PDF or DOCX, rendered from its frozen content the first time it is asked for
    and stored (never re-rendered, never changed)."""
    if fmt not in RENDERERS:
        raise ValidationError("不支持的格式，可用 pdf、docx。")
    stored = BulletinFile.objects.filter(report=report, fmt=fmt).values_list("content", flat=True).first()
    if stored is not None:
        return bytes(stored)
    content = RENDERERS[fmt](report.data["bulletin"])
    try:
        with transaction.atomic():
            BulletinFile(report=report, fmt=fmt, content=content, created_at=timezone.now(),
                            sha256=hashlib.sha256(content).hexdigest()).save(force_insert=True)
    except IntegrityError:  # rendered at the same moment elsewhere: theirs is stored, and identical in content
        return bytes(BulletinFile.objects.get(report=report, fmt=fmt).content)
    return content


def render_files(report: Bulletin) -> None:
    for fmt in RENDERERS:
        report_file(report, fmt)


def verify_rollup(period: Period) -> dict:
    """Recompute the period's counters from the ledger and the documents; when they differ from what
    the listener kept, write the recomputed ones and put the differences on the ledger."""
    check = rebuild(period, write=False)
    if check["differences"] or check["provided_differences"] or check["overdue_differences"]:
        rebuild(period, write=True)
        ledger_record(actor=None, action=USAGE_ROLLUP_REPAIR,
                      data={"period": str(period), "differences": len(check["differences"]),
                            "provided_differences": len(check["provided_differences"]),
                            "overdue_differences": len(check["overdue_differences"])})
    return check


def close_period(*, period: Period, actor=None) -> tuple[Bulletin, bool]:
    """The whole close: check the rollup against the ledger, freeze the bulletin, render its files, and
    open the period's draft in the report-then-通报 chain (oa.usage.services.circulars) — the close only
    prepares it: the information center, its leader and the 督办室 take it from there."""
    if actor is not None and not may_close(actor):
        raise PermissionDenied("只有市信息中心可以生成通报。")
    if not period.is_closed_by():
        raise ValidationError(f"{period.label}尚未结束，不能生成通报。")
    if not Bulletin.objects.filter(period=str(period)).exists():
        verify_rollup(period)
    report, created = usage_close(period=period, actor=actor)
    render_files(report)
    from oa.usage.services.circulars import circular_prepare

    circular_prepare(bulletin=report, actor=actor)
    return report, created


CATCH_UP_PERIODS = 6


def due_periods(*, now=None) -> list[Period]:
    """The ended periods the timer should close, oldest first: the last ended one, and before it every
    one since the latest bulletin that a failed run or a stopped machine left without one — at most
    CATCH_UP_PERIODS. With no bulletin at all yet (a new installation) only the last ended one: no
    empty bulletins for the months before the system was switched on."""
    now = now or timezone.now()
    last = Period.containing(now).previous()
    latest = Bulletin.objects.order_by("-period_first").values_list("period", flat=True).first()
    if latest is None:
        return [last]
    latest = Period.parse(latest)
    return [p for p in last.recent(CATCH_UP_PERIODS) if p > latest or p == last]


def close_due_periods(*, now=None) -> list[dict]:
    """What the timer runs (`usage_close` without --period): close the due periods, oldest first, so
    that each bulletin can compare itself with the one before."""
    results = []
    for period in due_periods(now=now):
        report, created = close_period(period=period)
        results.append({"period": str(period), "report": report.pk, "number": report.number,
                        "version": report.version, "created": created})
    return results
