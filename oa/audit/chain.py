"""Hashing and verifying the ledger chain and its checkpoints. Pure functions; no database, no files.

An entry with a key id is sealed with HMAC-SHA256 under that key (the key lives outside the database:
oa/audit/keys.py), over the canonical JSON of its columns, its key id and the previous entry's hash.
Entries without a key id are the legacy segment, written before the ledger was keyed: plain SHA-256,
and only at the start of the chain. A checkpoint (count, head hash, time) is signed the same way and
links to the previous checkpoint's signature, so the checkpoint file is a chain of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC

GENESIS_HASH = "0" * 64
CHECKPOINT_FIELDS = ("seq", "count", "legacy", "head_id", "head_hash", "at", "key_id", "prev")


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_payload(entry) -> dict:
    """Every column that the hash covers, in a form that survives a round trip through the DB."""
    payload = {
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
    key_id = getattr(entry, "key_id", "")
    if key_id:  # legacy entries hash exactly as they always did
        payload["key_id"] = key_id
    return payload


def _seal(message: str, key: bytes | None) -> str:
    if key is None:
        return hashlib.sha256(message.encode()).hexdigest()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def compute_hash(entry, key: bytes | None = None) -> str:
    """HMAC-SHA256 under `key` for an entry with a key id; plain SHA-256 for a legacy one (no key id)."""
    if getattr(entry, "key_id", "") and key is None:
        raise ValueError("an entry with a key id is sealed with its key")
    return _seal(canonical_json(entry_payload(entry)), key if getattr(entry, "key_id", "") else None)


def sign_checkpoint(record: Mapping, key: bytes) -> str:
    return _seal(canonical_json({name: record[name] for name in CHECKPOINT_FIELDS}), key)


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_break: Break | None
    legacy: int = 0
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.first_break is None

    def report(self) -> dict:
        """What audit_verify --json prints and POST /api/v1/audit/verify/ answers."""
        broken = self.first_break
        return {"ok": self.ok, "checked": self.checked, "legacy": self.legacy, "checkpoints": self.checkpoints,
                "first_broken_entry": broken.entry_id if broken else None, "reason": broken.reason if broken else None}


def parse_checkpoints(lines: Sequence[str], keys: Mapping[str, bytes]) -> tuple[list[dict], Break | None]:
    """The checkpoint file's records, each checked against its signature and its place in the sequence;
    the records before the first one that does not hold, and what is wrong with it."""
    records: list[dict] = []
    prev = GENESIS_HASH
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
            fields_ok = isinstance(record, dict) and all(name in record for name in (*CHECKPOINT_FIELDS, "sig"))
        except ValueError:
            fields_ok = False
        if not fields_ok:
            return records, Break(None, f"检查点文件第 {number} 行无法读取：检查点文件被改动")
        key = keys.get(record["key_id"]) if isinstance(record["key_id"], str) else None
        if key is None:
            return records, Break(None, f"第 {number} 个检查点的密钥编号 {record['key_id']} 不在密钥环中（OA_LEDGER_OLD_KEYS）")
        if not hmac.compare_digest(str(record["sig"]), sign_checkpoint(record, key)):
            return records, Break(None, f"第 {number} 个检查点的签名不符：检查点被改动或伪造")
        if record["seq"] != number or record["prev"] != prev:
            return records, Break(None, f"检查点文件第 {number} 行序号或前一签名不符：检查点被删除、插入或改动")
        records.append(record)
        prev = record["sig"]
    return records, None


class _Walk:
    """One pass over the chain, in id order: links, seals, the legacy segment, the checkpoints' heads."""

    def __init__(self, keys: Mapping[str, bytes], checkpoints: Sequence[Mapping], anchor_action: str):
        self.keys, self.anchor_action = keys, anchor_action
        self.heads = {record["count"]: record for record in checkpoints}
        self.checked = self.legacy = 0
        self.keyed = False
        self.prev = GENESIS_HASH
        self.last_id = None
        self.anchors: dict[int, tuple[int, str]] = {}  # checkpoint seq → (entry id, signature) as ledgered

    def step(self, entry) -> str | None:
        self.checked += 1
        if entry.prev_hash != self.prev:
            return "上一条哈希不符：此前的记录被删除、插入或改动"
        key = None
        if entry.key_id:
            key = self.keys.get(entry.key_id)
            if key is None:
                return f"密钥编号 {entry.key_id} 不在密钥环中：伪造的记录，或旧密钥未配置（OA_LEDGER_OLD_KEYS）"
            self.keyed = True
        elif self.keyed:
            return "未用密钥签名的记录出现在签名记录之后：伪造的记录，或不用密钥重算的哈希链"
        else:
            self.legacy += 1
        if not hmac.compare_digest(compute_hash(entry, key), entry.entry_hash):
            return "内容哈希不符：此条记录被改动或伪造"
        head = self.heads.get(self.checked)
        if head is not None and head["head_hash"] != entry.entry_hash:
            return f"与第 {head['seq']} 个检查点记下的哈希不符：此前的记录被改动，或整条哈希链被重算"
        if self.anchor_action and entry.action == self.anchor_action and isinstance(entry.data, dict):
            self.anchors[entry.data.get("seq")] = (entry.pk, entry.data.get("sig"))
        self.prev, self.last_id = entry.entry_hash, entry.pk
        return None

    def finish(self, checkpoints: Sequence[Mapping]) -> Break | None:
        for record in checkpoints:
            if record["count"] > self.checked:
                return Break(self.last_id, f"只有 {self.checked} 条记录，少于第 {record['seq']} 个检查点记下的 "
                                           f"{record['count']} 条：末尾的记录被删除")
            if record["seq"] not in self.anchors:
                return Break(self.last_id, f"没有记录第 {record['seq']} 个检查点的审计记录：末尾的记录被删除")
        by_seq = {record["seq"]: record for record in checkpoints}
        for seq, (entry_id, sig) in sorted(self.anchors.items(), key=lambda item: item[1][0]):
            if seq not in by_seq or by_seq[seq]["sig"] != sig:
                return Break(entry_id, f"检查点文件中没有此条记录写下的第 {seq} 个检查点：检查点被删除或改动")
        return None


def verify_entries(entries, keys: Mapping[str, bytes] | None = None, *, checkpoints: Sequence[Mapping] = (),
                   anchor_action: str = "") -> VerifyResult:
    """Walk entries in id order; return the first one whose link, seal or checkpoint does not hold, then
    check the checkpoints against the end of the chain: none may count more entries than there are, and
    each checkpoint and the ledger entry that recorded its writing (`anchor_action`) name one another."""
    walk = _Walk(keys or {}, checkpoints, anchor_action)
    for entry in entries:
        reason = walk.step(entry)
        if reason:
            return VerifyResult(walk.checked, Break(entry.pk, reason), walk.legacy, len(checkpoints))
    return VerifyResult(walk.checked, walk.finish(checkpoints), walk.legacy, len(checkpoints))
