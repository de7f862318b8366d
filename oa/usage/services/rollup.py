"""Recomputing the rollup from the ledger and the documents tables (`manage.py usage_rebuild`),
state figures at close, and pulling provided figures from other modules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from documents.incoming.deadlines import grade_thresholds
from documents.incoming.models import OPEN_STATES, DeliveryState
from documents.ledger_actions import DELIVERY_REGISTER_PAPER, DOCUMENT_CREATE, DOCUMENT_DISPATCH
from documents.models import Delivery, Reading
from oa.audit.choices import Outcome
from oa.audit.models import LedgerEntry
from oa.org.ledger_actions import AUTH_LOGIN
from oa.usage import overdue
from oa.usage.figures import COUNTERS, PROVIDERS, STATE, provider_function
from oa.usage.listener import done_code, sign_bucket
from oa.usage.models import UsageActivePerson, UsageFigure
from oa.usage.periods import Period

Key = tuple[int, str]  # (department_id, code)


LEDGER_COUNTED = {AUTH_LOGIN: "logins", DOCUMENT_CREATE: "drafted", DOCUMENT_DISPATCH: "sent",
                  DELIVERY_REGISTER_PAPER: "received_paper"}


def _ledger_counts(period: Period) -> Counter:
    """(department_id, code) → entries of the counted actions in the period: ONE grouped query that reads
    the `(action, at)` index range of each action (never the whole ledger)."""
    rows = (LedgerEntry.objects.filter(at__gte=period.start, at__lt=period.end, action__in=list(LEDGER_COUNTED),
                                       outcome=Outcome.SUCCESS, department__isnull=False)
            .values("action", "department_id").annotate(n=Count("id")).order_by())
    return Counter({(r["department_id"], LEDGER_COUNTED[r["action"]]): r["n"] for r in rows})


def active_people(period: Period) -> dict[int, int]:
    """person id → department id of their first login in the period (one row per person and
    department from the database, not one per login)."""
    seen: dict[int, int] = {}
    for actor_id, department_id, _ in (LedgerEntry.objects.filter(
            at__gte=period.start, at__lt=period.end, action=AUTH_LOGIN, outcome=Outcome.SUCCESS,
            actor__isnull=False, department__isnull=False).values("actor_id", "department_id")
            .annotate(first=Min("id")).order_by("first").values_list("actor_id", "department_id", "first")):
        seen.setdefault(actor_id, department_id)
    return seen


def compute_counters(period: Period, active: dict[int, int] | None = None) -> dict[Key, int]:
    """Every COUNTERS figure of the period, recomputed from scratch (`active`: active_people(period)
    when the caller already has it)."""
    out: Counter = _ledger_counts(period)
    for department_id in (active_people(period) if active is None else active).values():
        out[(department_id, "active")] += 1
    window = {"gte": period.start, "lt": period.end}
    online = Delivery.objects.filter(on_paper=False, document__isnull=False)
    for r in online.filter(sent_at__gte=window["gte"], sent_at__lt=window["lt"]).values("department_id") \
            .annotate(n=Count("id")).order_by():
        out[(r["department_id"], "received")] += r["n"]
    for d in online.filter(signed_at__gte=window["gte"], signed_at__lt=window["lt"]) \
            .values("department_id", "sent_at", "signed_at", "paused_days"):
        out[(d["department_id"], "signed")] += 1
        out[(d["department_id"], sign_bucket(sent_at=d["sent_at"], signed_at=d["signed_at"],
                                             paused_days=d["paused_days"]))] += 1
    for d in Delivery.objects.filter(done_at__gte=window["gte"], done_at__lt=window["lt"]) \
            .values("department_id", "due_date", "done_at"):
        out[(d["department_id"], done_code(due_date=d["due_date"], done_at=d["done_at"]))] += 1
    for r in missed_paper(period).values("department_id").annotate(n=Count("id")).order_by():
        out[(r["department_id"], "paper_missed")] += r["n"]
    for r in period_readings(period).values("circulation__delivery__department_id").annotate(
            n=Count("id"), read=Count("id", filter=Q(read_at__lt=window["lt"]))).order_by():
        out[(r["circulation__delivery__department_id"], "circ_sent")] += r["n"]
        out[(r["circulation__delivery__department_id"], "circ_read")] += r["read"]
    return {key: n for key, n in out.items() if n}


def missed_paper(period: Period):
    """The paper arrivals behind 应上网未上网 (paper_missed): arrived in the period, from a department of the
    system, not merged into an online delivery (a 转办 copy is not counted again). One rule for the rebuild
    and the drill-down; the listener moves it at registration and at 并入."""
    return Delivery.objects.filter(document__isnull=True, on_paper=True, sender_department__isnull=False,
                                   transferred_from__isnull=True, sent_at__gte=period.start, sent_at__lt=period.end
                                   ).exclude(state=DeliveryState.MERGED)


def period_readings(period: Period):
    """The readings of the circulations started in the period — less the readers taken off them
    (收回) before it ended: the cohort behind 传阅阅读率. One rule for the rebuild and the drill-down."""
    return (Reading.objects.filter(circulation__created_at__gte=period.start, circulation__created_at__lt=period.end)
            .exclude(recalled=True, circulation__recalled_at__lt=period.end))


def open_overdue(as_of: date):
    """Deliveries still open and past their deadline as of `as_of` (黄牌 or 红牌), and the thresholds:
    red when due before limits["red_before"]. One rule for the frozen counts and the drill-down."""
    limits = grade_thresholds(as_of)
    return Delivery.objects.filter(state__in=OPEN_STATES, due_date__lt=limits["yellow_before"]), limits


def compute_state(as_of: date) -> dict[Key, int]:
    """Accounts now, and open deliveries past their deadline as of `as_of` (yellow / red)."""
    from oa.org.models import Person

    out: dict[Key, int] = {}
    for r in Person.objects.filter(is_active=True, department__isnull=False).values("department_id") \
            .annotate(n=Count("id")).order_by():
        out[(r["department_id"], "accounts")] = r["n"]
    for department_id, codes in overdue.recount(as_of).items():  # one rule with the kept counts
        out.update({(department_id, code): n for code, n in codes.items() if n})
    return out


def compute_provided(period: Period) -> tuple[dict[Key, int], list[str]]:
    out: dict[Key, int] = {}
    present = []
    for provider in PROVIDERS:
        fn = provider_function(provider)
        if fn is None:
            continue
        present.append(provider.key)
        for department_id, counts in (fn(start=period.start, end=period.end) or {}).items():
            for code, n in counts.items():
                if code in provider.codes and n:
                    out[(int(department_id), code)] = int(n)
    return out, present


def stored(period: Period, codes) -> dict[Key, int]:
    return {(r.department_id, r.code): r.value
            for r in UsageFigure.objects.filter(period=str(period), code__in=list(codes))}


def _write(period: Period, codes, values: dict[Key, int]) -> None:
    UsageFigure.objects.filter(period=str(period), code__in=list(codes)).delete()
    UsageFigure.objects.bulk_create([UsageFigure(period=str(period), department_id=d, code=c, value=v)
                                     for (d, c), v in values.items() if v])


def differences(expected: dict[Key, int], actual: dict[Key, int]) -> list[dict]:
    diffs = []
    for key in sorted(set(expected) | set(actual)):
        e, a = expected.get(key, 0), actual.get(key, 0)
        if e != a:
            diffs.append({"department_id": key[0], "code": key[1], "kept": a, "recomputed": e})
    return diffs


def rebuild(period: Period, *, write: bool = True, with_state: bool = False) -> dict:
    """Recompute the counters (and provided figures) of a period, report differences from what the
    listener kept, and (write=True) replace them. State figures are not touched: a running period reads
    them live, an ended one keeps what its close froze (they cannot be known again); stored state rows
    are what marks a period as frozen. (`with_state=True`: the benchmarks' stand-in for a close.)"""
    from oa.audit.services import _lock_chain_head

    with transaction.atomic():
        # The ledger chain lock first, then count: no event can commit between the recount and the
        # write (on PostgreSQL a listener's increment could otherwise be counted in neither and lost).
        # Ledger writers wait meanwhile — a rebuild is the timer's job at 00:30 or a person's by hand.
        _lock_chain_head()
        active = active_people(period)
        expected = compute_counters(period, active)
        provided, present = compute_provided(period)
        counter_codes = [c for c in COUNTERS]
        actual = stored(period, counter_codes)
        diffs = differences(expected, actual)
        provided_codes = [c for p in PROVIDERS if p.key in present for c in p.codes]
        provided_diffs = differences(provided, stored(period, provided_codes))
        # The kept 未办结黄牌/红牌 (oa.usage.overdue) against a recount as of today, by open_overdue's rule.
        overdue_diffs = overdue.verify(write=write)
        if write:
            _write(period, counter_codes, expected)
            _write(period, provided_codes, provided)
            UsageActivePerson.objects.filter(period=str(period)).delete()
            UsageActivePerson.objects.bulk_create([
                UsageActivePerson(period=str(period), person_id=p, department_id=d)
                for p, d in active.items()])
            if with_state:
                freeze_state(period)
    return {"period": str(period), "written": write, "differences": diffs, "provided_differences": provided_diffs,
            "overdue_differences": overdue_diffs,
            "providers": present, "figures": len(expected), "state_recomputed": bool(write and with_state)}


def freeze_provided(period: Period) -> None:
    """Store the other modules' figures for the period as they count them now (at close)."""
    provided, present = compute_provided(period)
    _write(period, [c for p in PROVIDERS if p.key in present for c in p.codes], provided)


def freeze_state(period: Period, as_of: date | None = None) -> None:
    as_of = as_of or min(period.last, timezone.localdate())
    _write(period, STATE, compute_state(as_of))


def state_map(values: dict[Key, int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for (department_id, code), n in values.items():
        out[department_id][code] = n
    return out
