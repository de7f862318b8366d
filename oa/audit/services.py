"""Writing to the ledger. The only code that creates LedgerEntry rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from oa.audit.actions import AUDIT_CHECKPOINT, AUDIT_CHECKPOINT_EXPORT, AUDIT_VERIFY, registry
from oa.audit.chain import (
    GENESIS_HASH,
    Break,
    compute_hash,
    parse_checkpoints,
    sign_checkpoint,
    verify_entries,
)
from oa.audit.checkpoints import CheckpointFileError, checkpoint_append, checkpoint_lines, last_checkpoint
from oa.audit.choices import Outcome
from oa.audit.keys import current_key, keyring
from oa.audit.listeners import notify as notify_listeners
from oa.audit.models import LedgerEntry
from oa.audit.selectors import ledger_in_chain_order
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
    # The department's id only (`department`: a Department or its id; by default the actor's): none is loaded.
    department_id = getattr(department, "pk", department) if department is not None else getattr(actor, "department_id", None)
    target_type, target_id, target_repr = _describe_target(target)
    key_id, key = current_key()
    # No savepoint of its own: inside a caller's transaction the entry simply joins it.
    with transaction.atomic(savepoint=False):
        _lock_chain_head()
        last = LedgerEntry.objects.order_by("-id").only("entry_hash", "key_id").first()
        entry = LedgerEntry(
            at=timezone.now(),
            actor=actor,
            actor_username=actor.username if actor else "",
            actor_name=actor.name if actor else "",
            department_id=department_id,
            ip=ip if ip is not None else current_client_ip(),
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            outcome=outcome,
            data=_json_safe(data),
            key_id=key_id,
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.entry_hash = compute_hash(entry, key)
        entry.save(force_insert=True)
        entry.target_object = target  # for listeners: the row as the step left it, without reading it again
        notify_listeners(entry)  # oa/audit/listeners.py: same transaction as the entry
        if last is None or not last.key_id:
            # The first keyed entry: the switch point (the legacy segment's length) goes on record in the
            # checkpoint file at once, so that a chain later recomputed without keys cannot pass as legacy.
            transaction.on_commit(lambda: ledger_checkpoint(), robust=True)
    return entry


def ledger_checkpoint(*, actor=None) -> dict:
    """Sign the chain's present state (entry count, legacy count, head, time) with the current key, ledger
    the signing and append the checkpoint to the checkpoint file (oa/audit/checkpoints.py) — under the chain
    lock, so nothing is appended between the count and the line. The file line is written after the ledger
    entry: if writing fails, the entry rolls back with it."""
    key_id, key = current_key()
    with transaction.atomic():
        _lock_chain_head()
        previous = last_checkpoint()
        totals = LedgerEntry.objects.aggregate(count=Count("id"), legacy=Count("id", filter=Q(key_id="")))
        head = LedgerEntry.objects.order_by("-id").only("entry_hash").first()
        record = {
            "seq": previous["seq"] + 1 if previous else 1,
            "count": totals["count"],
            "legacy": totals["legacy"],
            "head_id": head.pk if head else None,
            "head_hash": head.entry_hash if head else GENESIS_HASH,
            "at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
            "key_id": key_id,
            "prev": previous["sig"] if previous else GENESIS_HASH,
        }
        record["sig"] = sign_checkpoint(record, key)
        ledger_record(actor=actor, action=AUDIT_CHECKPOINT,
                      data={name: record[name] for name in ("seq", "count", "head_hash", "sig")})
        checkpoint_append(record)
    return record


def ledger_checkpoint_export(*, actor) -> list[str]:
    """The checkpoint file's lines, as they stand, for the audit admin to keep offline (audit_verify judges
    them); the export is ledgered."""
    lines = checkpoint_lines()
    ledger_record(actor=actor, action=AUDIT_CHECKPOINT_EXPORT, data={"lines": len(lines)})
    return lines


def ledger_check():
    """The chain, its keys, the checkpoint file and the two against each other; nothing is written."""
    keys = keyring()
    try:
        checkpoints, problem = parse_checkpoints(checkpoint_lines(), keys)
    except CheckpointFileError as exc:
        checkpoints, problem = [], Break(None, str(exc))
    result = verify_entries(ledger_in_chain_order(), keys, checkpoints=checkpoints, anchor_action=AUDIT_CHECKPOINT)
    if problem is not None:  # the checkpoint file itself does not hold: that is the first thing to report
        return replace(result, first_break=problem)
    return result


def ledger_checkpoint_match(expected: Mapping) -> dict:
    """Whether the ledger holds the state a checkpoint recorded (a backup's, after a restore: oa/core/drills.py):
    the checkpoint file has that checkpoint, intact, with the same count, head and signature; the chain holds
    from its start to the head; exactly `count` entries (and `legacy` of them unkeyed) lead up to `head_id`,
    and that entry carries `head_hash`. Also how far the file goes past it: the checkpoints written later, and
    how many more entries the last of them counted than the ledger holds now (lost, at least, with a restore
    from an older backup). Reads only."""
    seq = expected.get("seq")
    answer = {"seq": seq, "count": expected.get("count"), "matched": False, "reason": None,
              "later_checkpoints": 0, "entries_lost_after": 0}
    keys = keyring()
    try:
        records, _problem = parse_checkpoints(checkpoint_lines(), keys)  # the problem itself: audit_verify's
    except CheckpointFileError as exc:
        return {**answer, "reason": str(exc)}
    record = next((r for r in records if r["seq"] == seq), None)
    later = [r for r in records if record is not None and r["seq"] > seq]
    if later:
        answer.update(later_checkpoints=len(later),
                      entries_lost_after=max(0, later[-1]["count"] - LedgerEntry.objects.count()))
    if record is None:
        return {**answer, "reason": f"检查点文件中没有完好的第 {seq} 个检查点"}
    if any(record[name] != expected.get(name) for name in ("count", "head_id", "head_hash", "sig")):
        return {**answer, "reason": f"第 {seq} 个检查点与检查点文件中的不同：来自另一个检查点文件，或被改动"}
    head_id = record["head_id"]
    upto = LedgerEntry.objects.filter(pk__lte=head_id) if head_id is not None else LedgerEntry.objects.none()
    walked = verify_entries(upto.order_by("id").iterator(chunk_size=2000), keys)
    if not walked.ok:
        return {**answer, "reason": f"第 {walked.first_break.entry_id} 条记录：{walked.first_break.reason}"}
    if (walked.checked, walked.legacy) != (record["count"], record["legacy"]) or (
            head_id is not None and not upto.filter(pk=head_id, entry_hash=record["head_hash"]).exists()):
        return {**answer, "reason": f"到第 {head_id} 条为止有 {walked.checked} 条记录，与检查点记下的 "
                                    f"{record['count']} 条及末条哈希不符"}
    return {**answer, "matched": True}


def ledger_verify(*, actor=None):
    """Walk the whole chain; the check itself is ledgered (who verified, and what was found)."""
    result = ledger_check()
    ledger_record(
        actor=actor,
        action=AUDIT_VERIFY,
        outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
        data={"checked": result.checked, "first_break": result.first_break.entry_id if result.first_break else None,
              "checkpoints": result.checkpoints},
    )
    return result
