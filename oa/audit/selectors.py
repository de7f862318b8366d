"""Reading the ledger: filters and keyset pagination (newest first, `before=<id>`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.core.pagination import Page, keyset


@dataclass(frozen=True)
class LedgerFilter:
    action: str = ""
    actor: str = ""
    department_id: int | None = None
    outcome: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def ledger_entries(criteria: LedgerFilter):
    entries = LedgerEntry.objects.select_related("department")
    if criteria.action:
        entries = entries.filter(action__startswith=criteria.action)
    if criteria.actor:
        entries = entries.filter(actor_username=criteria.actor)
    if criteria.department_id:
        entries = entries.filter(department_id=criteria.department_id)
    if criteria.outcome:
        entries = entries.filter(outcome=criteria.outcome)
    if criteria.since:
        entries = entries.filter(at__gte=_day_start(criteria.since))
    if criteria.until:
        entries = entries.filter(at__lt=_day_start(criteria.until + timedelta(days=1)))
    return entries.order_by("-id")


def ledger_page(criteria: LedgerFilter, *, before=None, size: int = 50) -> Page:
    """One page and the cursor for the next (None when this is the last page)."""
    return keyset(ledger_entries(criteria), before=before, size=size)


def ledger_in_chain_order():
    return LedgerEntry.objects.order_by("id").iterator(chunk_size=2000)
