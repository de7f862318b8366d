"""Reads for the trial: programmes, the rule in effect, paper requirements and reconciliation."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from documents.deadlines import add_working_days
from documents.models import DeliveryState
from oa.trial.choices import Discrepancy, PaperState, TrialState, TrialSystem
from oa.trial.models import PaperRequirement, TransmissionRule, TrialParticipant, TrialProgramme
from oa.trial.permissions import is_info_center, may_see_paper

P = PaperState
RECONCILIATION_LIMIT = 200


def programme_for(person, pk: int, *, for_update: bool = False) -> TrialProgramme:
    if not person.is_authenticated:
        raise Http404
    queryset = TrialProgramme.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(pk=pk)
    except TrialProgramme.DoesNotExist as exc:
        raise Http404("没有这个试运行。") from exc


def running_programme(on: date | None = None) -> TrialProgramme | None:
    """The programme whose trial period covers `on` and which is running (paper is required only then)."""
    on = on or timezone.localdate()
    return (TrialProgramme.objects.filter(state=TrialState.RUNNING, start_date__lte=on, end_date__gte=on)
            .order_by("-start_date", "-id").first())


def current_programme() -> TrialProgramme | None:
    """The one shown by default: running, else the newest."""
    return (TrialProgramme.objects.filter(state=TrialState.RUNNING).order_by("-start_date", "-id").first()
            or TrialProgramme.objects.order_by("-start_date", "-id").first())


def rule_in_effect(on: date) -> TransmissionRule | None:
    return TransmissionRule.objects.filter(effective_from__lte=on).order_by("-effective_from", "-version").first()


def office_participant_ids(programme) -> set[int]:
    """Document exchange is the office system's: the rule applies between its participants."""
    return set(TrialParticipant.objects.filter(programme=programme, system=TrialSystem.OFFICE)
               .values_list("department_id", flat=True))


def paper_for(person, pk: int, *, for_update: bool = False) -> PaperRequirement:
    queryset = PaperRequirement.objects.select_related("delivery", "rule", "sender_department", "receiving_department",
                                                       "programme")
    if for_update:
        queryset = PaperRequirement.objects.select_for_update(of=("self",)).select_related("delivery", "rule")
    try:
        requirement = queryset.get(pk=pk)
    except PaperRequirement.DoesNotExist as exc:
        raise Http404("没有这条纸质同步记录。") from exc
    if not may_see_paper(person, requirement):
        raise Http404("没有这条纸质同步记录。")
    return requirement


def _scope(person):
    if is_info_center(person):
        return Q()
    if not person.is_authenticated or not person.department_id:
        return Q(pk__in=[])
    return Q(sender_department_id=person.department_id) | Q(receiving_department_id=person.department_id)


def _paper_missing_q(today: date) -> Q:
    """Online delivered, paper not confirmed, after each rule's own number of working days."""
    parts = Q(pk__in=[])
    for rule_id, days in TransmissionRule.objects.values_list("id", "paper_chase_working_days"):
        parts |= Q(rule_id=rule_id, dispatched_on__lte=add_working_days(today, -days))
    return Q(state__in=[P.AWAITING, P.SENT]) & parts


def discrepancy_filters(today: date) -> dict[str, Q]:
    confirmed = Q(state=P.CONFIRMED)
    mismatch = confirmed & (Q(sent_count__isnull=True) | ~Q(received_count=F("sent_count")))
    return {
        Discrepancy.PAPER_MISSING: _paper_missing_q(today),
        Discrepancy.NOT_SIGNED: confirmed & Q(delivery__state=DeliveryState.PENDING),
        Discrepancy.COUNT_MISMATCH: mismatch,
        Discrepancy.RECONCILED: confirmed & Q(received_count=F("sent_count")) & ~Q(delivery__state=DeliveryState.PENDING),
    }


def reconciliation(person, kind: str, *, today: date | None = None, limit: int = RECONCILIATION_LIMIT) -> list:
    """One list of the reconciliation view: one query, whatever the size of the tables."""
    today = today or timezone.localdate()
    condition = discrepancy_filters(today)[kind]
    return list(
        PaperRequirement.objects.filter(_scope(person) & condition)
        .select_related("delivery", "sender_department", "receiving_department", "rule")
        .order_by("dispatched_on", "id")[:limit]
    )


def reconciliation_counts(person, *, today: date | None = None) -> dict[str, int]:
    from django.db.models import Count

    today = today or timezone.localdate()
    filters = discrepancy_filters(today)
    aggregates = {kind: Count("id", filter=q) for kind, q in filters.items()}
    return PaperRequirement.objects.filter(_scope(person)).aggregate(**aggregates)


def discrepancy_of(requirement, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if requirement.state in (P.AWAITING, P.SENT):
        limit = add_working_days(today, -requirement.rule.paper_chase_working_days)
        return Discrepancy.PAPER_MISSING if requirement.dispatched_on <= limit else ""
    if requirement.state != P.CONFIRMED:
        return ""
    if requirement.delivery.state == DeliveryState.PENDING:
        return Discrepancy.NOT_SIGNED
    if requirement.sent_count is None or requirement.sent_count != requirement.received_count:
        return Discrepancy.COUNT_MISMATCH
    return Discrepancy.RECONCILED


def paper_worklist(person, side: str, limit: int = 200) -> list:
    """What a clerk has to do: `send` — paper to record; `receive` — paper to confirm."""
    if not person.is_authenticated or not person.department_id:
        return []
    if side == "send":
        q = Q(sender_department_id=person.department_id, state__in=[P.AWAITING, P.EXEMPT]) & ~Q(
            state=P.EXEMPT, urgent_channel__gt="")
    else:
        q = Q(receiving_department_id=person.department_id, state__in=[P.AWAITING, P.SENT])
    return list(PaperRequirement.objects.filter(q).select_related("delivery", "sender_department", "receiving_department")
                .order_by("-id")[:limit])


def unmatched_paper_arrivals(person, limit: int = 50) -> list:
    """Paper registered on arrival (收文 → 纸质来文登记) not yet matched to an online delivery."""
    from documents.models import Delivery

    if not person.is_authenticated or not person.department_id:
        return []
    return list(Delivery.objects.filter(department_id=person.department_id, document__isnull=True, on_paper=True,
                                        matched_paper_requirement__isnull=True).order_by("-id")[:limit])
