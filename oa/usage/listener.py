"""Ledger entry → rollup increments, in the transaction that writes the entry (oa/audit/listeners.py).

Only the actions in HANDLERS do any work; every other entry returns at once without a query. The
chain lock held by ledger_record (an advisory lock on PostgreSQL, the write lock on SQLite) is
still held here, so two writers never race on the same rollup row.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.utils import timezone

from documents.incoming.deadlines import Grade, exchange_day, grade
from documents.ledger_actions import (
    DELIVERY_CIRCULATE,
    DELIVERY_COMPLETE,
    DELIVERY_MERGE_PAPER,
    DELIVERY_READ,
    DELIVERY_RECALL,
    DELIVERY_REGISTER_PAPER,
    DELIVERY_SIGN_FOR,
    DOCUMENT_CREATE,
    DOCUMENT_DISPATCH,
)
from documents.models import Circulation, Delivery
from oa.audit.choices import Outcome
from oa.calendar import working_days_between
from oa.org.ledger_actions import AUTH_LOGIN
from oa.usage.models import UsageActivePerson, UsageFigure
from oa.usage.periods import Period


def bump_many(increments: dict[tuple[int, str, str], int]) -> None:
    """Add to several rollup rows in ONE statement: {(department_id, period, code): n}.

    INSERT … ON CONFLICT DO UPDATE SET value = value + excluded.value (SQLite ≥ 3.24 and PostgreSQL).
    """
    rows = [(d, str(p), c, n) for (d, p, c), n in increments.items() if d and n]
    if not rows:
        return
    table = UsageFigure._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [x for row in rows for x in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (department_id, period, code, value) VALUES {values} "
            f"ON CONFLICT (period, department_id, code) DO UPDATE SET value = {table}.value + excluded.value",
            params,
        )


def bump(*, department_id: int | None, period: Period | str, code: str, by: int = 1) -> None:
    bump_many({(department_id, str(period), code): by})


# --- how one delivery counts (shared with the rebuild so the two can never disagree) --------------

def sign_bucket(*, sent_at, signed_at, paused_days: int = 0) -> str:
    from oa.usage.figures import SIGN_BUCKETS

    days = working_days_between(exchange_day(sent_at), timezone.localdate(signed_at)) - (paused_days or 0)
    days = max(0, days)
    return f"sign_wd_{days}" if days < SIGN_BUCKETS else "sign_wd_6p"


def done_code(*, due_date, done_at) -> str:
    if due_date is None:
        return "done_on_time"
    done_on = timezone.localdate(done_at)
    result = grade(due=due_date, today=done_on, done_on=done_on)
    return {Grade.RED: "done_red", Grade.YELLOW: "done_yellow"}.get(result, "done_on_time")


# --- handlers ----------------------------------------------------------------------------------

def _login(entry):
    if not entry.actor_id or not entry.department_id:
        return
    period = str(Period.containing(entry.at))
    _, created = UsageActivePerson.objects.get_or_create(period=period, person_id=entry.actor_id,
                                                         defaults={"department_id": entry.department_id})
    increments = {(entry.department_id, period, "logins"): 1}
    if created:
        increments[(entry.department_id, period, "active")] = 1
    bump_many(increments)


def _simple(code):
    def handler(entry):
        bump(department_id=entry.department_id, period=Period.containing(entry.at), code=code)
    return handler


def _dispatch(entry):
    increments = Counter({(entry.department_id, str(Period.containing(entry.at)), "sent"): 1})
    made = getattr(getattr(entry, "target_object", None), "dispatched_deliveries", None)  # documents/services/dispatch.py
    if made is not None:
        rows = [(d.department_id, d.sent_at) for d in made if not d.on_paper]
    elif entry.target_id.isdigit():
        rows = Delivery.objects.filter(document_id=int(entry.target_id), on_paper=False).values_list("department_id", "sent_at")
    else:
        rows = []
    for department_id, sent_at in rows:
        increments[(department_id, str(Period.containing(sent_at)), "received")] += 1
    bump_many(increments)


def _delivery(entry, *fields):
    if not entry.target_id.isdigit():
        return None
    row = getattr(entry, "target_object", None)  # the delivery as the step just saved it (oa.audit.services)
    wanted = ("department_id", *fields)
    if isinstance(row, Delivery) and row.pk == int(entry.target_id) and all(f in row.__dict__ for f in wanted):
        return {f: row.__dict__[f] for f in wanted}
    return Delivery.objects.filter(pk=int(entry.target_id)).values("department_id", *fields).first()


def _paper_missed(entry, by: int) -> dict:
    """A paper arrival from a department of the system counts as 应上网未上网 in the period it arrived
    (its `sent_at`, the day of arrival the clerk registered), until it is merged into its online delivery."""
    d = _delivery(entry, "sent_at", "sender_department_id")
    if d and d["sender_department_id"]:
        return {(d["department_id"], str(Period.containing(d["sent_at"])), "paper_missed"): by}
    return {}


def _register_paper(entry):
    bump_many({(entry.department_id, str(Period.containing(entry.at)), "received_paper"): 1, **_paper_missed(entry, 1)})


def _merge_paper(entry):
    """并入网上来文: the paper was the copy of an online delivery after all — no longer missed, in the period it
    was counted in (a frozen bulletin keeps what it froze; `usage_rebuild` of that period agrees)."""
    bump_many(_paper_missed(entry, -1))


def _sign_for(entry):
    d = _delivery(entry, "sent_at", "signed_at", "paused_days")
    if d and d["signed_at"]:
        period = str(Period.containing(d["signed_at"]))
        bucket = sign_bucket(sent_at=d["sent_at"], signed_at=d["signed_at"], paused_days=d["paused_days"])
        bump_many({(d["department_id"], period, "signed"): 1, (d["department_id"], period, bucket): 1})


def _complete(entry):
    d = _delivery(entry, "due_date", "done_at")
    if d and d["done_at"]:
        bump(department_id=d["department_id"], period=Period.containing(d["done_at"]),
             code=done_code(due_date=d["due_date"], done_at=d["done_at"]))


def _circulate(entry):
    d = _delivery(entry)
    if d:
        bump(department_id=d["department_id"], period=Period.containing(entry.at), code="circ_sent",
             by=len((entry.data or {}).get("readers") or []))


def _read(entry):
    """A reading counts for the period its circulation was started in, and only when it is read before
    that period ends (the cohort: of those asked to read in the half month, how many did in it)."""
    d = _delivery(entry)
    if not d:
        return
    period = Period.containing(entry.at)
    ids = (entry.data or {}).get("circulations") or []
    started = Circulation.objects.filter(pk__in=ids).values_list("created_at", flat=True)
    in_time = sum(1 for at in started if Period.containing(at) == period)  # one marked reading per circulation
    bump(department_id=d["department_id"], period=period, code="circ_read", by=in_time)


def _recall(entry):
    """Readers taken off a circulation in the period it started no longer count as asked; taken off
    later, they stay in that closed period as not having read in it."""
    d = _delivery(entry)
    circulation = (entry.data or {}).get("circulation")
    recalled = int((entry.data or {}).get("recalled") or 0)
    if not d or not circulation or not recalled:
        return
    started = Circulation.objects.filter(pk=circulation).values_list("created_at", flat=True).first()
    if started is not None and Period.containing(started) == Period.containing(entry.at):
        bump(department_id=d["department_id"], period=Period.containing(entry.at), code="circ_sent", by=-recalled)


HANDLERS = {
    AUTH_LOGIN: _login,
    DOCUMENT_CREATE: _simple("drafted"),
    DOCUMENT_DISPATCH: _dispatch,
    DELIVERY_REGISTER_PAPER: _register_paper,
    DELIVERY_MERGE_PAPER: _merge_paper,
    DELIVERY_SIGN_FOR: _sign_for,
    DELIVERY_COMPLETE: _complete,
    DELIVERY_CIRCULATE: _circulate,
    DELIVERY_READ: _read,
    DELIVERY_RECALL: _recall,
}
"""The ledger actions that move a figure, and how (docs/usage.md lists them): keyed on the registered
names (oa/audit/actions.py), so renaming an action breaks the import here, never the figures silently."""


def on_ledger_entry(entry) -> None:
    handler = HANDLERS.get(entry.action)
    if handler is None or entry.outcome != Outcome.SUCCESS:
        return
    handler(entry)
