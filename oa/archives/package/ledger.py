"""ledger/segment.json: the ledger entries about a document, the chain that links them to a checkpoint,
and that checkpoint.

The ledger is one hash chain over everything the system did, so the entries about one document lie far
apart. The segment therefore holds, from the first entry about the document up to the head of the first
checkpoint written after the last one (oa/audit/checkpoints.py):
- `entries`: those about the document, in full (every column the hash covers, oa/audit/chain.py);
- `links`: every entry of that stretch as [id, prev_hash, entry_hash] only — the other entries' contents
  (other people's work) stay out of the package, their links prove nothing was left out or put in;
- `checkpoint`: the signed checkpoint whose head is the last link.

Anyone can check the links and that the last link is the checkpoint's head. The seals (HMAC-SHA256) of
the entries and of the checkpoint need the ledger's key: this system checks them when it builds and when
it imports a package; an archive without the key sees "未校验" for them (docs/archiving.md: what an
asymmetric checkpoint signature would add).
"""

from __future__ import annotations

import hmac
from datetime import datetime
from types import SimpleNamespace

from oa.audit.chain import CHECKPOINT_FIELDS, compute_hash, entry_payload, sign_checkpoint

SEGMENT_FORMAT = "oa-ledger-segment"


class SegmentError(Exception):
    """The segment cannot be made (no entry about the document, or no checkpoint can be written)."""


def entry_record(entry) -> dict:
    return {"id": entry.pk, "entry_hash": entry.entry_hash, **entry_payload(entry)}


def collect_segment(*, targets: list[tuple[str, str]], write_checkpoint: bool = True) -> dict:
    """The segment for the entries whose (target_type, target_id) is one of `targets`. When no checkpoint
    covers the last of them yet, one is written (ledger_checkpoint) unless `write_checkpoint` is False."""
    from django.db.models import Q

    from oa.audit.chain import parse_checkpoints
    from oa.audit.checkpoints import checkpoint_lines
    from oa.audit.keys import keyring
    from oa.audit.models import LedgerEntry
    from oa.audit.services import ledger_checkpoint

    where = Q()
    for target_type, target_id in targets:
        where |= Q(target_type=target_type, target_id=str(target_id))
    if not targets:
        raise SegmentError("没有指定审计记录的对象。")
    entries = list(LedgerEntry.objects.filter(where).order_by("id"))
    if not entries:
        raise SegmentError("审计记录中没有关于此文件的记录。")
    last_id = entries[-1].pk
    records, _problem = parse_checkpoints(checkpoint_lines(), keyring())
    checkpoint = next((r for r in records if r["head_id"] is not None and r["head_id"] >= last_id), None)
    if checkpoint is None:
        if not write_checkpoint:
            raise SegmentError("还没有覆盖这些审计记录的检查点。")
        checkpoint = ledger_checkpoint()
    links = [list(row) for row in LedgerEntry.objects.filter(pk__gte=entries[0].pk, pk__lte=checkpoint["head_id"])
             .order_by("id").values_list("id", "prev_hash", "entry_hash")]
    return {"format": SEGMENT_FORMAT, "targets": [list(t) for t in targets],
            "entries": [entry_record(entry) for entry in entries], "links": links,
            "checkpoint": {name: checkpoint[name] for name in (*CHECKPOINT_FIELDS, "sig")}}


def _as_entry(record: dict) -> SimpleNamespace:
    fields = {k: v for k, v in record.items() if k not in ("id", "entry_hash")}
    fields["at"] = datetime.fromisoformat(record["at"])
    fields.setdefault("key_id", "")
    return SimpleNamespace(pk=record["id"], entry_hash=record["entry_hash"], **fields)


def verify_segment(segment, keys: dict[str, bytes] | None = None) -> list[tuple[str, str, str]]:
    """(status, label, detail) per check: pass / fail / warn (a seal that cannot be checked without the
    key). Never raises on a malformed segment: that is a failure."""
    try:
        entries, links, checkpoint = segment["entries"], segment["links"], segment["checkpoint"]
        links = [(int(i), str(p), str(h)) for i, p, h in links]
        if not entries or not links:
            return [("fail", "审计记录片段", "片段中没有审计记录。")]
        return _verify(entries, links, checkpoint, keys or {})
    except (KeyError, TypeError, ValueError) as exc:
        return [("fail", "审计记录片段", f"片段结构不完整（{type(exc).__name__}）。")]


def _verify(entries, links, checkpoint, keys) -> list[tuple[str, str, str]]:
    results = []
    broken = next((n for n in range(1, len(links)) if links[n][1] != links[n - 1][2] or links[n][0] <= links[n - 1][0]),
                  None)
    if broken is None:
        results.append(("pass", "哈希链衔接", f"{len(links)} 条记录前后衔接。"))
    else:
        results.append(("fail", "哈希链衔接", f"第 {links[broken][0]} 条记录的上一条哈希不符：片段中的记录被删除、插入或改动。"))
    head_ok = links[-1][0] == checkpoint["head_id"] and links[-1][2] == checkpoint["head_hash"]
    results.append(("pass", "与检查点一致", f"链尾即第 {checkpoint['seq']} 个检查点记下的末条记录。") if head_ok else
                   ("fail", "与检查点一致", f"链尾与第 {checkpoint['seq']} 个检查点记下的末条记录不符。"))
    by_id = {i: (p, h) for i, p, h in links}
    outside = [e["id"] for e in entries if by_id.get(e["id"]) != (e["prev_hash"], e["entry_hash"])]
    results.append(("fail", "文件的审计记录在链中", f"第 {outside[0]} 条记录不在哈希链片段中，或其哈希与链中不同。")
                   if outside else ("pass", "文件的审计记录在链中", f"{len(entries)} 条关于此文件的记录均在链中。"))
    results.append(_seals(entries, keys))
    key = keys.get(checkpoint.get("key_id"))
    if key is None:
        results.append(("warn", "检查点签名", "没有检查点的密钥，未校验签名（接收方可在本系统导入时校验）。"))
    elif hmac.compare_digest(str(checkpoint["sig"]), sign_checkpoint(checkpoint, key)):
        results.append(("pass", "检查点签名", f"第 {checkpoint['seq']} 个检查点的签名相符。"))
    else:
        results.append(("fail", "检查点签名", f"第 {checkpoint['seq']} 个检查点的签名不符：检查点被改动或伪造。"))
    return results


def _seals(entries, keys) -> tuple[str, str, str]:
    unchecked = 0
    for record in entries:
        entry = _as_entry(record)
        key = keys.get(entry.key_id) if entry.key_id else None
        if entry.key_id and key is None:
            unchecked += 1
            continue
        if not hmac.compare_digest(compute_hash(entry, key), entry.entry_hash):
            return "fail", "审计记录内容", f"第 {record['id']} 条记录的内容与其哈希不符：记录被改动。"
    if unchecked:
        return "warn", "审计记录内容", f"{unchecked} 条记录以密钥签名，没有密钥，未校验其内容。"
    return "pass", "审计记录内容", f"{len(entries)} 条记录的内容与其哈希相符。"
