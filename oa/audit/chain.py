"""Hashing and verifying the ledger chain. Pure functions; no database writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_payload(entry) -> dict:
    """Every column that the hash covers, in a form that survives a round trip through the DB."""
    return {
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "actor_name": entry.actor_name,
        "department_id": entry.department_id,
        "ip": entry.ip,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "outcome": entry.outcome,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry) -> str:
    return hashlib.sha256(canonical_json(entry_payload(entry)).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_entries(entries) -> VerifyResult:
    """Walk entries in id order; return the first one whose link or content does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in entries:
        checked += 1
        if entry.prev_hash != expected_prev:
            return VerifyResult(checked, Break(entry.pk, "上一条哈希不符：此前的记录被删除、插入或改动"))
        if compute_hash(entry) != entry.entry_hash:
            return VerifyResult(checked, Break(entry.pk, "内容哈希不符：此条记录被改动"))
        expected_prev = entry.entry_hash
    return VerifyResult(checked, None)
