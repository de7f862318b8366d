"""Backup and restore drills (docs/security.md): the database and the media into one folder, and back.
The media are read and written through the storage API (default_storage), whichever it is: on the local disk
the files under MEDIA_ROOT, on object storage (OA_MEDIA_S3_BUCKET) every object under the prefix, copied one by
one into the backup's media/ folder and put back the same way (restore first empties the storage). SQLite
through its online backup API (consistent while the server runs); PostgreSQL through pg_dump / pg_restore
(custom format) with the connection from settings. A backup first writes a signed checkpoint of the ledger
(`ledger_checkpoint`) and keeps it in the manifest, with a copy of the checkpoint file; after a restore
`audit_verify --json --checkpoint …` verifies the ledger and matches that checkpoint.
(The audit layer is above this one: its commands are called by name.)"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
MEDIA_DIR = "media"
CHECKPOINT_FILE = "ledger-checkpoints.jsonl"
CHECKPOINT_FIELDS = ("seq", "count", "head_id", "head_hash", "sig")


def _database() -> dict:
    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return _database()["ENGINE"].endswith("sqlite3")


def _pg_env() -> tuple[list[str], dict]:
    db = _database()
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or "")]
    return args, {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    with sqlite3.connect(str(source)) as src, sqlite3.connect(str(target)) as dst:
        src.backup(dst)


def stored_names(storage=None, folder: str = "") -> list[str]:
    """Every file's name in the media storage (a listing of folders on disk, of prefixes on object storage)."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the local disk before the first upload
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return names


def _media_out(target: Path) -> int:
    """Copy every stored file into target/ (its name as the relative path); how many."""
    target.mkdir()
    names = stored_names()
    for name in names:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as stream, path.open("wb") as out:
            shutil.copyfileobj(stream, out)
    return len(names)


def _media_in(source: Path) -> int:
    """Empty the media storage, then store every file of source/ under its relative path; how many."""
    for name in stored_names():
        default_storage.delete(name)
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        with path.open("rb") as stream:
            stored = default_storage.save(name, File(stream, name=name))
        if stored != name:
            raise ValueError(f"文件 {name} 未能按原名恢复（存为 {stored}）。")
        count += 1
    return count


def backup(target: Path) -> dict:
    """Write the database and the media into `target` (created; must be empty); returns the manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ValueError(f"目标目录 {target} 不是空的。")
    checkpoint = _command_json("ledger_checkpoint")
    shutil.copyfile(settings.LEDGER_CHECKPOINT_FILE, target / CHECKPOINT_FILE)
    connections["default"].close()
    if _is_sqlite():
        _sqlite_copy(_database()["NAME"], target / SQLITE_FILE)
        database = {"engine": "sqlite", "file": SQLITE_FILE, "bytes": (target / SQLITE_FILE).stat().st_size}
    else:
        args, env = _pg_env()
        subprocess.run(["pg_dump", "-Fc", *args, "-f", str(target / PG_FILE), _database()["NAME"]],
                       env=env, check=True, capture_output=True)
        database = {"engine": "postgresql", "file": PG_FILE, "bytes": (target / PG_FILE).stat().st_size}
    media_files = _media_out(target / MEDIA_DIR)
    manifest = {"at": timezone.now().isoformat(timespec="seconds"), "database": database,
                "media_files": media_files, "media_storage": _storage_label(), "ledger": ledger_check(),
                "checkpoint": {name: checkpoint[name] for name in CHECKPOINT_FIELDS}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    """Put a backup made by `backup` back in place of the current database and media (and its checkpoint
    file where there is none yet: a new machine or var dir), then verify the ledger and match the backup's
    checkpoint. Returns what was restored, the verification and the match; `ok` when both hold."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    connections["default"].close()
    if manifest["database"]["engine"] == "sqlite":
        if not _is_sqlite():
            raise ValueError("该备份来自 SQLite，当前数据库不是 SQLite。")
        _sqlite_copy(source / SQLITE_FILE, _database()["NAME"])
    else:
        if _is_sqlite():
            raise ValueError("该备份来自 PostgreSQL，当前数据库是 SQLite。")
        args, env = _pg_env()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", *args, "-d", _database()["NAME"],
                        str(source / PG_FILE)], env=env, check=True, capture_output=True)
    if (source / MEDIA_DIR).exists():
        _media_in(source / MEDIA_DIR)
    checkpoint_file = _put_checkpoint_file(source)
    expected = manifest.get("checkpoint")
    ledger = ledger_check(expected)
    match = ledger.pop("checkpoint", None) or {"seq": None, "count": None, "matched": False,
                                               "reason": "备份中没有检查点", "later_checkpoints": 0, "entries_lost_after": 0}
    return {"ok": bool(ledger.get("ok") and match["matched"]), "restored_from": str(source),
            "backup_at": manifest["at"], "database": manifest["database"]["engine"],
            "media_files": len(stored_names()), "ledger": ledger,
            "ledger_matches_backup": ledger.get("checked") == manifest.get("ledger", {}).get("checked"),
            "checkpoint_file": checkpoint_file,
            "checkpoint": {name: match[name] for name in ("seq", "count", "matched", "reason")},
            # A backup older than the instance's last checkpoint gives back fewer entries than that counted:
            # audit_verify rightly reports the tail as deleted; here is by how many (at least).
            "checkpoints_after_backup": match["later_checkpoints"],
            "entries_after_backup_lost": match["entries_lost_after"]}


def _storage_label() -> str:
    options = settings.STORAGES["default"].get("OPTIONS", {})
    if "bucket_name" in options:
        return f"s3://{options['bucket_name']}/{options.get('location') or ''}"
    return str(settings.MEDIA_ROOT)


def _put_checkpoint_file(source: Path) -> str:
    """The backup's copy of the checkpoint file goes in place only where there is none: an existing file is
    append-only and may hold checkpoints written after the backup."""
    target = Path(settings.LEDGER_CHECKPOINT_FILE)
    if target.exists():
        return "kept"
    if not (source / CHECKPOINT_FILE).exists():
        return "none"
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(source / CHECKPOINT_FILE, target)
    target.chmod(0o600)
    return "restored"


def ledger_check(checkpoint: dict | None = None) -> dict:
    """`audit_verify --json`'s answer (its exit status 1 becomes ok: false), with `--checkpoint` when given."""
    args = ["--checkpoint", json.dumps(checkpoint)] if checkpoint else []
    try:
        return _command_json("audit_verify", "--json", *args)
    except ValueError:
        return {"ok": False, "reason": "audit_verify 无输出"}


def _command_json(*args) -> dict:
    """Run a management command that prints JSON and read its last line (its exit status 1 is ignored: the
    JSON says what went wrong). ValueError when it printed none."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit:
        pass
    text = out.getvalue().strip().splitlines()
    if not text:
        raise ValueError(f"{args[0]} 无输出。")
    return json.loads(text[-1])
