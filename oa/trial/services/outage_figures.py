"""The outage side of the trial figures (停机与补登, docs/trial.md): what an outage excuses and what
paper-only sending without one costs. Called by figures.programme_figures; a fixed handful of queries.

- 停机期间纸质（已豁免）: back-registered items of outages in force — shown, never in a rate;
- 仅纸质发送、未上网: paper that reached a participating department with no online delivery behind it
  (a 纸质来文登记 never matched to a paper requirement, sender named as a participating department,
  not urgent), outside every outage and not covered by a back-registration; plus items back-registered
  against an outage that was later withdrawn — these lower the compliance rate and the online share;
- 停机期间核发、免催纸质: paper requirements dispatched inside an outage and not (yet) confirmed — left out
  of the compliance denominator, like the reconciliation leaves them out of 纸质件未到."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from documents.choices import Urgency
from documents.models import Delivery
from oa.trial.choices import PaperState, TrialSystem
from oa.trial.models import OutagePaperItem, OutageState, PaperRequirement, TrialParticipant
from oa.trial.selectors import during_outage

OUTAGE_FIELDS = ("online_deliveries", "paper_only_missed", "outage_paper", "outage_required_excused")
OUTAGE_LABELS = {
    "online_deliveries": "网上发送（件次）",
    "paper_only_missed": "仅纸质发送、未上网（件次）",
    "outage_paper": "停机期间纸质（已豁免）",
    "outage_required_excused": "停机期间核发、免催纸质（件次）",
    "online_share": "线上发送率",
}
URGENT = (Urgency.URGENT, Urgency.MOST_URGENT)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _covered_until(item):
    """An arrival registered up to the end of the item's back-registration deadline is the same paper."""
    from oa.trial.services.outages import backfill_deadline

    deadline = backfill_deadline(item.outage)
    if deadline is None:
        return None
    return timezone.make_aware(datetime.combine(deadline, time.max))


def add_outage_figures(programme, department_ids, result, window: dict) -> None:
    """`window`: the programme figures' own period filter on `sent_at`, so both count the same days."""
    wanted = (lambda d: True) if department_ids is None else (lambda d, ids=set(department_ids): d in ids)

    for row in (Delivery.objects.filter(document__isnull=False, **window)
                .filter(Q() if department_ids is None else Q(document__drafting_department_id__in=list(department_ids)))
                .values("document__drafting_department_id").annotate(n=Count("id")).order_by()):
        result[row["document__drafting_department_id"]]["online_deliveries"] = row["n"]

    items = list(OutagePaperItem.objects.filter(**window).select_related("outage").prefetch_related("counterparts"))
    for item in items:
        if not wanted(item.department_id):
            continue
        figures = result[item.department_id]
        if item.outage.state == OutageState.WITHDRAWN:  # no longer excused: paper-only sending, per counterpart
            figures["paper_only_missed"] += item.count * len(item.counterparts.all())
        else:
            figures["outage_paper"] += item.count

    participants = TrialParticipant.objects.filter(programme=programme, system=TrialSystem.OFFICE).select_related("department")
    by_name: dict[str, int] = {}
    receivers = set()
    for participant in participants:
        receivers.add(participant.department_id)
        for name in (participant.department.name, participant.department.short_name):
            if name:
                by_name[name.strip()] = participant.department_id
    arrivals = (Delivery.objects.filter(document__isnull=True, on_paper=True, matched_paper_requirement__isnull=True,
                                        department_id__in=receivers, **window).exclude(urgency__in=URGENT)
                .annotate(in_outage=during_outage("sent_at")).values("department_id", "sender_name", "sent_at", "in_outage"))
    # Each back-registered item stands for `count` documents to each counterpart: the receiver's paper
    # arrivals registered from its paper time to its back-registration deadline are that paper, up to the count.
    budget = {(item.pk, c.pk): item.count for item in items for c in item.counterparts.all()}
    items.sort(key=lambda item: (item.sent_at, item.pk))
    for arrival in sorted(arrivals, key=lambda a: a["sent_at"]):
        sender, receiver, at = by_name.get((arrival["sender_name"] or "").strip()), arrival["department_id"], arrival["sent_at"]
        if sender is None or sender == receiver or not wanted(sender):
            continue
        item = next((i for i in items if i.department_id == sender and budget.get((i.pk, receiver), 0) > 0
                     and i.sent_at <= at and (_covered_until(i) is None or at <= _covered_until(i))), None)
        if item is not None:  # counted through the back-registration (excused, or missed if withdrawn)
            budget[(item.pk, receiver)] -= 1
            continue
        if not arrival["in_outage"]:  # registered inside an outage: excused
            result[sender]["paper_only_missed"] += 1

    excused = (PaperRequirement.objects.filter(programme=programme).exclude(state__in=[PaperState.EXEMPT, PaperState.CONFIRMED])
               .filter(Q(during_outage("delivery__sent_at")))
               .filter(Q() if department_ids is None else Q(sender_department_id__in=list(department_ids))))
    for row in excused.values("sender_department_id").annotate(n=Count("id")).order_by():
        result[row["sender_department_id"]]["outage_required_excused"] = row["n"]


def outage_rates(figures: dict) -> None:
    """双轨同步率 = both ÷ (required − excused by an outage + paper-only misses);
    线上发送率 = online deliveries ÷ (online deliveries + paper-only misses). Excused items enter neither."""
    missed = figures.get("paper_only_missed", 0)
    base = figures.get("paper_required", 0) - figures.get("outage_required_excused", 0) + missed
    figures["compliance"] = _pct(figures.get("paper_both", 0), base)
    online = figures.get("online_deliveries", 0)
    figures["online_share"] = _pct(online, online + missed)
