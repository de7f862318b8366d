"""The deadline watch (`manage.py ticket_sla`, or the django-tasks task): warn the handler before a
response or resolution deadline passes, and escalate to the 统筹协调小组's 组长 and 副组长 once it has
(see escalation_ids). Each warning and each escalation happens once per
ticket and clock, in its own transaction, ledgered (actor: the system) and pushed live.

`now` is a parameter so that tests (and a dry look at "what would happen at 16:00") can move time
without sleeping."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core.live import notify_person_on_commit
from oa.feedback.choices import EntryKind, TicketState
from oa.feedback.models import Ticket, TicketEntry
from oa.feedback.permissions import ESCALATION_ROLES
from oa.feedback.services.common import handler_ids
from oa.org.choices import DepartmentKind
from oa.org.models import Person

S = TicketState


@dataclass
class WatchResult:
    warned: int = 0
    escalated: int = 0

    def as_dict(self) -> dict:
        return {"warned": self.warned, "escalated": self.escalated}


def escalation_ids() -> set[int]:
    """The 统筹协调小组's 组长 and 副组长, as the running (or current) trial programme records them (seed 004
    §7). Only when no group is recorded: the leaders of the information center (分管领导 and 主要负责人),
    the rule before the group was recorded."""
    from oa.trial.people import coordination_leader_ids

    return coordination_leader_ids() or set(
        Person.objects.filter(is_active=True, department__kind=DepartmentKind.INFO_CENTER,
                              role_grants__role__in=ESCALATION_ROLES).values_list("id", flat=True))


# (clock, what, stamp field, deadline field, states in which the clock runs, condition on the ticket)
RULES = [
    ("respond", "warn", "respond_warned_at", "respond_warn_at", (S.SUBMITTED,)),
    ("respond", "escalate", "respond_escalated_at", "respond_due_at", (S.SUBMITTED,)),
    ("resolve", "warn", "resolve_warned_at", "resolve_warn_at", (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS)),
    ("resolve", "escalate", "resolve_escalated_at", "resolve_due_at", (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS)),
]
CLOCK_LABELS = {"respond": "响应", "resolve": "解决"}


def _due_q(stamp: str, deadline: str, now, *, escalate: bool) -> Q:
    # A warning is due once the warning moment has come; an escalation once the deadline has passed.
    moment = Q(**{f"{deadline}__lt": now}) if escalate else Q(**{f"{deadline}__lte": now})
    return moment & Q(**{f"{stamp}__isnull": True})


def _recipients(ticket, what: str) -> set[int]:
    if what == "escalate":
        return escalation_ids() | ({ticket.assignee_id} if ticket.assignee_id else set())
    if ticket.assignee_id:
        return {ticket.assignee_id}
    return handler_ids()  # nobody has taken it yet: the whole information center


def _one(ticket, *, clock: str, what: str, stamp: str, deadline: str, now) -> None:
    setattr(ticket, stamp, now)
    ticket.save(update_fields=[stamp])
    due = getattr(ticket, deadline if what == "escalate" else deadline.replace("_warn_at", "_due_at"))
    local = timezone.localtime(due)
    when = f"{local.month}月{local.day}日 {local:%H:%M}"
    label = CLOCK_LABELS[clock]
    text = (f"{label}时限（{when}）已过，已报统筹协调小组组长。" if what == "escalate"
            else f"{label}时限将至（{when}），请尽快处理。")
    TicketEntry.objects.create(ticket=ticket, kind=EntryKind.STEP, action="超时上报" if what == "escalate" else "时限预警",
                               author=None, author_name="系统", text=text, at=now)
    people = _recipients(ticket, what)
    ledger_record(actor=None, action=step_code("ticket.sla", f"{clock}.{what}"), target=ticket, department=ticket.department_id,
                  data={"due": due.isoformat(), "severity": ticket.severity, "state": ticket.state,
                        "notified": sorted(people)})
    for person_id in people:
        notify_person_on_commit(person_id, "ticket.sla", ticket=ticket.pk, clock=clock, what=what, text=text)
        notify_person_on_commit(person_id, "ticket.changed", ticket=ticket.pk, state=ticket.state)


def tickets_sla_check(*, now=None) -> WatchResult:
    """Send every warning and escalation that is due at `now` and has not been sent. Idempotent."""
    now = now or timezone.now()
    result = WatchResult()
    for clock, what, stamp, deadline, states in RULES:
        escalate = what == "escalate"
        due = Ticket.objects.filter(state__in=states).filter(_due_q(stamp, deadline, now, escalate=escalate))
        for ticket_id in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                ticket = (Ticket.objects.select_for_update().filter(pk=ticket_id, state__in=states)
                          .filter(_due_q(stamp, deadline, now, escalate=escalate)).first())
                if ticket is None:
                    continue  # moved on meanwhile
                _one(ticket, clock=clock, what=what, stamp=stamp, deadline=deadline, now=now)
                if escalate:
                    result.escalated += 1
                else:
                    result.warned += 1
    return result
