"""The checkpoint file: signed checkpoints of the ledger, one JSON object a line, only ever appended.

It lives under the var dir (settings.LEDGER_CHECKPOINT_FILE), outside the database, so that whoever can
rewrite the ledger's rows cannot rewrite what the ledger looked like at each checkpoint. Production
marks it append-only for the filesystem as well (`chattr +a`, docs/security.md).
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from django.conf import settings

from oa.audit.chain import canonical_json


class CheckpointFileError(Exception):
    """The checkpoint file cannot be continued (its last line is unreadable) or written."""


def checkpoint_path() -> Path:
    return Path(settings.LEDGER_CHECKPOINT_FILE)


def checkpoint_lines() -> list[str]:
    """Its lines, blank ones skipped; none when the file does not exist yet. CheckpointFileError when it
    cannot be read."""
    path = checkpoint_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointFileError(f"检查点文件无法读取：{path}（{exc}）。") from exc
    return [line for line in text.splitlines() if line.strip()]


def last_checkpoint() -> dict | None:
    lines = checkpoint_lines()
    if not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError as exc:
        raise CheckpointFileError("检查点文件最后一行无法读取，请先运行 audit_verify 查明原因。") from exc


def checkpoint_append(record: dict) -> None:
    """Append one line with O_APPEND under an exclusive lock, and flush it to disk before returning."""
    path = checkpoint_path()
    line = (canonical_json(record) + "\n").encode()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise CheckpointFileError(f"检查点文件无法写入：{path}（{exc.strerror}）。") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
