"""Writing to the ledger. The only code that creates LedgerEntry rows."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from oa.audit.actions import AUDIT_VERIFY, registry
from oa.audit.chain import GENESIS_HASH, compute_hash
from oa.audit.choices import Outcome
from oa.audit.listeners import notify as notify_listeners
from oa.audit.models import LedgerEntry
from oa.core.request_info import current_client_ip

# Any 64-bit number unique to this lock; held until the surrounding transaction ends.
_PG_LEDGER_LOCK = 0x0A_0A_1ED6E5


def _lock_chain_head() -> None:
    """Serialise appends so that two writers never link to the same previous entry.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions begin IMMEDIATE
    (settings), so the writer already holds the database's single write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LEDGER_LOCK])


def _json_safe(data) -> dict:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _describe_target(target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = getattr(target, "_meta", None)
    target_type = meta.label_lower if meta is not None else type(target).__name__.lower()
    return target_type, str(getattr(target, "pk", "") or ""), str(target)[:200]


def ledger_record(
    *,
    action: str,
    actor=None,
    target=None,
    outcome: str = Outcome.SUCCESS,
    data: dict | None = None,
    department=None,
    ip: str | None = None,
) -> LedgerEntry:
    """Append one entry. Call it inside the transaction of the change it records, so that the
    change and its entry commit or roll back together. `action` must be registered (oa/audit/actions.py):
    an unknown code raises UnknownLedgerAction before anything is written."""
    registry.require(action)
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if department is None and actor is not None:
        department = actor.department
    target_type, target_id, target_repr = _describe_target(target)
    # No savepoint of its own: inside a caller's transaction the entry simply joins it.
    with transaction.atomic(savepoint=False):
        _lock_chain_head()
        last = LedgerEntry.objects.order_by("-id").only("entry_hash").first()
        entry = LedgerEntry(
            at=timezone.now(),
            actor=actor,
            actor_username=actor.username if actor else "",
            actor_name=actor.name if actor else "",
            department=department,
            ip=ip if ip is not None else current_client_ip(),
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            outcome=outcome,
            data=_json_safe(data),
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save(force_insert=True)
        notify_listeners(entry)  # oa/audit/listeners.py: same transaction as the entry
    return entry


def ledger_verify(*, actor=None):
    """Walk the whole chain; the check itself is ledgered (who verified, and what was found)."""
    from oa.audit.chain import verify_entries
    from oa.audit.selectors import ledger_in_chain_order

    result = verify_entries(ledger_in_chain_order())
    ledger_record(
        actor=actor,
        action=AUDIT_VERIFY,
        outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
        data={"checked": result.checked, "first_break": result.first_break.entry_id if result.first_break else None},
    )
    return result
