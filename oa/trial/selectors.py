"""Reads for the trial: programmes, the rule in effect, paper requirements and reconciliation."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from documents.models import DeliveryState
from oa.calendar import add_working_days
from oa.core.pagination import Page, keyset
from oa.trial.choices import Discrepancy, PaperState, ReportState, TrialState, TrialSystem
from oa.trial.models import (
    PaperOnlyItem,
    PaperRequirement,
    TransmissionRule,
    TrialParticipant,
    TrialProgramme,
)
from oa.trial.permissions import is_info_center, may_manage, may_paper, may_see_paper

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


def running_trial_units(departments) -> list:
    """主送/抄送's group of the running trial's units (oa.org.unit_groups): its 办公业务系统 participants."""
    from oa.org.unit_groups import UnitGroup

    programme = running_programme()
    if programme is None:
        return []
    return [UnitGroup(f"试运行单位（{programme.name}）", tuple(sorted(office_participant_ids(programme))))]


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
    # Dispatched while the system was down (停机): what the sender could not do is not held against it —
    # neither 纸质件未到 nor 发文方未登记 (a real difference in counts still shows).
    outage = Q(during_outage("delivery__sent_at"))
    # Both counts known and different (a bare ~Q(received_count=F("sent_count")) is also true when the
    # sender never recorded one — which the first half decides, outage excuse included).
    differ = Q(sent_count__isnull=False, received_count__isnull=False) & ~Q(received_count=F("sent_count"))
    mismatch = confirmed & ((Q(sent_count__isnull=True) & ~outage) | differ)
    # Sent back by the receiver (退回): the online copy is not there either; the sender resends it (the
    # documents module's 重新发送), and until then there is nothing to reconcile against.
    returned = Q(delivery__state=DeliveryState.RETURNED)
    return {
        Discrepancy.PAPER_MISSING: _paper_missing_q(today) & ~outage & ~returned,
        Discrepancy.NOT_SIGNED: confirmed & Q(delivery__state=DeliveryState.PENDING),
        Discrepancy.COUNT_MISMATCH: mismatch,
        Discrepancy.RECONCILED: confirmed & Q(received_count=F("sent_count"))
        & ~Q(delivery__state__in=[DeliveryState.PENDING, DeliveryState.RETURNED]),
    }


def reconciliation(person, kind: str, *, today: date | None = None, before=None, size: int = RECONCILIATION_LIMIT) -> Page:
    """One list of the reconciliation view, oldest dispatch first: one query, whatever the size of the tables."""
    today = today or timezone.localdate()
    condition = discrepancy_filters(today)[kind]
    return keyset(
        with_outage(PaperRequirement.objects.filter(_scope(person) & condition))
        .select_related("delivery", "sender_department", "receiving_department", "rule"),
        before=before, size=size, order=("dispatched_on", "id"),
    )


def programmes(*, before=None, size: int = 100) -> Page:
    """Every trial programme, latest start first."""
    return keyset(TrialProgramme.objects.all(), before=before, size=size, order=("-start_date", "-id"))


def paper_only_items(person, *, before=None, size: int = 100) -> Page:
    """The department's 涉密纸质件 (counts only), latest first."""
    items = PaperOnlyItem.objects.filter(department_id=person.department_id).select_related("counterpart")
    return keyset(items, before=before, size=size, order=("-on_date", "-id"))


def reconciliation_counts(person, *, today: date | None = None) -> dict[str, int]:
    from django.db.models import Count

    today = today or timezone.localdate()
    filters = discrepancy_filters(today)
    aggregates = {kind: Count("id", filter=q) for kind, q in filters.items()}
    return PaperRequirement.objects.filter(_scope(person)).aggregate(**aggregates)


def discrepancy_of(requirement, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if requirement.state not in (P.AWAITING, P.SENT, P.CONFIRMED):
        return ""
    returned = requirement.delivery.state == DeliveryState.RETURNED
    if requirement.state in (P.AWAITING, P.SENT):
        limit = add_working_days(today, -requirement.rule.paper_chase_working_days)
        overdue = requirement.dispatched_on <= limit
        return Discrepancy.PAPER_MISSING if overdue and not returned and not _dispatched_in_outage(requirement) else ""
    if requirement.delivery.state == DeliveryState.PENDING:
        return Discrepancy.NOT_SIGNED
    if requirement.sent_count is None:
        return "" if _dispatched_in_outage(requirement) else Discrepancy.COUNT_MISMATCH
    if requirement.sent_count != requirement.received_count:
        return Discrepancy.COUNT_MISMATCH
    return "" if returned else Discrepancy.RECONCILED


def in_discrepancy(requirement, kind: str, today: date | None = None) -> bool:
    """Is the row in that reconciliation list now (the list's own condition, one query)?"""
    condition = discrepancy_filters(today or timezone.localdate())[kind]
    return PaperRequirement.objects.filter(condition, pk=requirement.pk).exists()


def _dispatched_in_outage(requirement) -> bool:
    """Lists annotate `in_outage` in their one query (see with_outage); a single row asks once."""
    annotated = getattr(requirement, "in_outage", None)
    if annotated is not None:
        return annotated
    return outage_at(requirement.delivery.sent_at) is not None


def with_outage(queryset):
    return queryset.annotate(in_outage=during_outage("delivery__sent_at"))


def paper_worklist(person, side: str, *, before=None, size: int = 200) -> Page:
    """What a clerk has to do: `send` — paper to record; `receive` — paper to confirm. Newest first."""
    if not person.is_authenticated or not person.department_id:
        return Page([])
    if side == "send":
        q = Q(sender_department_id=person.department_id, state__in=[P.AWAITING, P.EXEMPT]) & ~Q(
            state=P.EXEMPT, urgent_channel__gt="")
    else:
        q = Q(receiving_department_id=person.department_id, state__in=[P.AWAITING, P.SENT])
    return keyset(with_outage(PaperRequirement.objects.filter(q))
                  .select_related("delivery", "sender_department", "receiving_department", "rule"), before=before, size=size)


def unmatched_paper_arrivals(person, limit: int = 50) -> list:
    """Paper registered on arrival (收文 → 纸质来文登记) not yet matched to an online delivery, and still
    mergeable (待登记, 待初审: DELIVERY_FLOW's merge_paper) — what paper_confirm will accept."""
    from documents.incoming.permissions import DELIVERY_FLOW
    from documents.models import Delivery

    if not person.is_authenticated or not person.department_id:
        return []
    return list(Delivery.objects.filter(department_id=person.department_id, document__isnull=True, on_paper=True,
                                        state__in=DELIVERY_FLOW.states_for("merge_paper"),
                                        matched_paper_requirement__isnull=True).order_by("-id")[:limit])


# --- outages (停机与补登) -------------------------------------------------------------------------


def outage_covers(moment) -> Q:
    """THE rule “inside an outage window”: an outage in force (not withdrawn) that started at or before
    `moment` and has not ended before it (an outage still going on covers everything since its start).
    `moment` is a datetime or an expression such as OuterRef("sent_at")."""
    from oa.trial.models_outage import IN_FORCE

    return (Q(state__in=IN_FORCE, starts_at__lte=moment)
            & (Q(ends_at__isnull=True) | Q(ends_at__gte=moment)))


def outage_at(moment):
    """The outage in force covering `moment`, or None."""
    from oa.trial.models import Outage

    return Outage.objects.filter(outage_covers(moment)).order_by("starts_at", "id").first()


def during_outage(field: str):
    """A boolean expression for querysets: the row's datetime `field` lies inside an outage window."""
    from django.db.models import Exists, OuterRef

    from oa.trial.models import Outage

    return Exists(Outage.objects.filter(outage_covers(OuterRef(field))))


def outage_for(person, pk: int, *, for_update: bool = False):
    """Outages are public notices: every signed-in person may see them (withdrawn ones included here)."""
    from oa.trial.models import Outage

    if not person.is_authenticated:
        raise Http404
    queryset = Outage.objects.select_for_update() if for_update else Outage.objects.all()
    outage = queryset.filter(pk=pk).first()
    if outage is None:
        raise Http404("没有这条停机登记。")
    return outage


def outages_list(*, before=None, size: int = 100) -> Page:
    from oa.trial.models import Outage

    return keyset(Outage.objects.select_related("declared_by", "withdrawn_by"), before=before, size=size,
                  order=("-starts_at", "-id"))


def outage_notices(now=None, days: int | None = None) -> list:
    """The banner: outages in force that are going on or ended within the last `days` days
    (setting OA_TRIAL_OUTAGE_NOTICE_DAYS, default 7). Withdrawn ones are never shown."""
    from datetime import timedelta

    from django.conf import settings

    from oa.trial.models import Outage
    from oa.trial.models_outage import IN_FORCE

    now = now or timezone.now()
    days = days if days is not None else getattr(settings, "OA_TRIAL_OUTAGE_NOTICE_DAYS", 7)
    return list(Outage.objects.filter(state__in=IN_FORCE, starts_at__lte=now)
                .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=now - timedelta(days=days)))
                .order_by("-starts_at", "-id")[:5])


def outage_items_for(person, *, before=None, size: int = 100) -> Page:
    """Back-registered items: a clerk sees the department's, the information center all."""
    from oa.trial.models import OutagePaperItem

    if not person.is_authenticated:
        return Page([])
    queryset = OutagePaperItem.objects.select_related("outage", "department", "document").prefetch_related("counterparts")
    if not is_info_center(person):
        if not person.department_id:
            return Page([])
        queryset = queryset.filter(department_id=person.department_id)
    return keyset(queryset, before=before, size=size, order=("-sent_at", "-id"))


# --- what a person sees of a programme ------------------------------------------------------------

PENDING_REPORT_STATES = (ReportState.DRAFT, ReportState.AWAITING_LEADER)


def department_scope(person) -> dict:
    """Filter for what departments keep about a programme (working groups, trainings, reports):
    everything for the information center, the person's own department for everyone else."""
    return {} if may_manage(person) else {"department_id": person.department_id}


def shown_departments(person, department_ids: list[int]) -> list[int]:
    """Of a programme's departments, those whose figures `person` sees (the same rule as department_scope)."""
    return department_ids if may_manage(person) else [d for d in department_ids if d == person.department_id]


def pending_reports(reports) -> list:
    """The reports not yet with the information center (填写中 / 待领导审核)."""
    return [r for r in reports if r.state in PENDING_REPORT_STATES]


def paper_chaseable(person, requirement) -> bool:
    """Whether `person` may chase this paper record: it is in a reconciliation list and they may chase."""
    return may_paper(person, "chase", requirement) and discrepancy_of(requirement) not in ("", Discrepancy.RECONCILED)
