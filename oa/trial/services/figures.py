"""The trial's figures per department, from the events themselves (logins in the ledger, deliveries,
paper records, paper-only items, fault tickets, training): a fixed handful of grouped queries for
any number of departments."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from documents.models import Delivery
from oa.org.ledger_actions import AUTH_LOGIN
from oa.trial.choices import ItemDirection, PaperState, UrgentChannel
from oa.trial.models import PaperOnlyItem, PaperRequirement, TrainingSession
from oa.trial.services.outage_figures import OUTAGE_FIELDS, OUTAGE_LABELS, add_outage_figures, outage_rates

P = PaperState
FIELDS = ("active_users", "logins", "online_sent", "online_received", "paper_required", "paper_sent", "paper_both", "paper_received",
          "urgent_online_only", "urgent_paper_only", "paper_only_sent", "paper_only_received", "paper_registered",
          "faults_reported", "training_sessions", "training_expected", "training_attended")
LABELS = {
    "active_users": "登录人数", "logins": "登录次数",
    "online_sent": "网上发文（件）", "online_received": "网上收文（件）", "paper_required": "需纸质同步（件次）",
    "paper_sent": "纸质件已送出（件次）", "paper_both": "线上与纸质均已到位（件次）", "paper_received": "收到纸质件（件次）",
    "urgent_online_only": "急件仅线上", "urgent_paper_only": "急件仅纸质", "paper_only_sent": "涉密纸质件发出（件）",
    "paper_only_received": "涉密纸质件收到（件）",
    "paper_registered": "纸质来文登记（件）", "faults_reported": "报障（件）", "training_sessions": "培训场次", "training_expected": "培训应到人次",
    "training_attended": "培训实到人次",
}
RATE_LABELS = {"compliance": "双轨同步率", "attendance": "培训到课率"}
FIELDS = (*FIELDS, *OUTAGE_FIELDS)  # 停机与补登 (outage_figures.py)
# Counts first, the rates last (the report's figures table reads in this order).
LABELS = {**LABELS, **{k: v for k, v in OUTAGE_LABELS.items() if k in OUTAGE_FIELDS}, **RATE_LABELS,
          **{k: v for k, v in OUTAGE_LABELS.items() if k not in OUTAGE_FIELDS}}


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def period_bounds(programme) -> tuple[datetime, datetime]:
    """The trial period as aware datetimes [first day 00:00, the day after the last 00:00), local time."""
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(programme.start_date, time.min), zone),
            timezone.make_aware(datetime.combine(programme.end_date + timedelta(days=1), time.min), zone))


def programme_figures(programme, department_ids=None) -> dict[int, dict]:
    """{department id: figures} for the programme's period. Each figure counts one kind of event."""
    from oa.audit.choices import Outcome
    from oa.audit.models import LedgerEntry
    from oa.feedback.choices import FAULTS, TicketState
    from oa.feedback.models import Ticket

    lower, upper = period_bounds(programme)
    window = {"sent_at__gte": lower, "sent_at__lt": upper}
    only = (lambda field: Q(**{f"{field}__in": list(department_ids)})) if department_ids is not None else (lambda field: Q())
    result: dict[int, dict] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))

    logins = LedgerEntry.objects.filter(only("department_id"), action=AUTH_LOGIN, outcome=Outcome.SUCCESS,
                                        department__isnull=False, at__gte=lower, at__lt=upper)
    for row in logins.values("department_id").annotate(n=Count("id"), people=Count("actor_id", distinct=True)).order_by():
        result[row["department_id"]].update(logins=row["n"], active_users=row["people"])

    for row in (Delivery.objects.filter(only("department_id"), document__isnull=True, on_paper=True, **window)
                .values("department_id").annotate(n=Count("id")).order_by()):
        result[row["department_id"]]["paper_registered"] = row["n"]

    faults = Ticket.objects.filter(only("department_id"), category__in=list(FAULTS), created_at__gte=lower,
                                   created_at__lt=upper).exclude(state=TicketState.MERGED)
    for row in faults.values("department_id").annotate(n=Count("id")).order_by():
        result[row["department_id"]]["faults_reported"] = row["n"]

    deliveries = Delivery.objects.filter(document__isnull=False, **window)
    for row in (deliveries.filter(only("document__drafting_department_id")).values("document__drafting_department_id")
                .annotate(n=Count("document_id", distinct=True))):
        result[row["document__drafting_department_id"]]["online_sent"] = row["n"]
    for row in deliveries.filter(only("department_id")).values("department_id").annotate(n=Count("id")):
        result[row["department_id"]]["online_received"] = row["n"]

    paper = PaperRequirement.objects.filter(programme=programme)
    for row in paper.filter(only("sender_department_id")).values("sender_department_id").annotate(
            required=Count("id", filter=~Q(state=P.EXEMPT)),
            sent=Count("id", filter=Q(sent_count__isnull=False)),
            both=Count("id", filter=Q(state=P.CONFIRMED)),
            online_only=Count("id", filter=Q(state=P.EXEMPT, urgent_channel=UrgentChannel.ONLINE_ONLY)),
            paper_only=Count("id", filter=Q(state=P.EXEMPT, urgent_channel=UrgentChannel.PAPER_ONLY))):
        figures = result[row["sender_department_id"]]
        figures.update(paper_required=row["required"], paper_sent=row["sent"], paper_both=row["both"],
                       urgent_online_only=row["online_only"], urgent_paper_only=row["paper_only"])
    for row in (paper.filter(only("receiving_department_id"), state=P.CONFIRMED).values("receiving_department_id")
                .annotate(n=Count("id"))):
        result[row["receiving_department_id"]]["paper_received"] = row["n"]

    items = PaperOnlyItem.objects.filter(on_date__gte=programme.start_date, on_date__lte=programme.end_date)
    for row in items.filter(only("department_id")).values("department_id").annotate(
            sent=Sum("count", filter=Q(direction=ItemDirection.SENT)),
            received=Sum("count", filter=Q(direction=ItemDirection.RECEIVED))):
        result[row["department_id"]].update(paper_only_sent=row["sent"] or 0, paper_only_received=row["received"] or 0)

    for row in TrainingSession.objects.filter(only("department_id"), programme=programme).values("department_id").annotate(
            n=Count("id"), expected=Sum("expected"), attended=Sum("attended")):
        result[row["department_id"]].update(training_sessions=row["n"], training_expected=row["expected"],
                                            training_attended=row["attended"])

    add_outage_figures(programme, department_ids, result, window)
    for figures in result.values():
        outage_rates(figures)  # 双轨同步率 and 线上发送率, with what an outage excuses left out
        figures["attendance"] = _pct(figures["training_attended"], figures["training_expected"])
    return dict(result)


def department_figures_empty() -> dict:
    return {**dict.fromkeys(FIELDS, 0), "compliance": None, "attendance": None, "online_share": None}


def department_figures(programme, department_id: int) -> dict:
    return programme_figures(programme, [department_id]).get(department_id) or department_figures_empty()
