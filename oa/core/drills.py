"""Backup and restore drills (docs/security.md): the database and the media directory into one folder,
and back. SQLite through its online backup API (consistent while the server runs); PostgreSQL through
pg_dump / pg_restore (custom format) with the connection from settings. After a restore the ledger is
verified with `audit_verify --json` and its answer reported."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
MEDIA_DIR = "media"


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


def _count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def backup(target: Path) -> dict:
    """Write the database and MEDIA_ROOT into `target` (created; must be empty); returns the manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ValueError(f"目标目录 {target} 不是空的。")
    connections["default"].close()
    if _is_sqlite():
        _sqlite_copy(_database()["NAME"], target / SQLITE_FILE)
        database = {"engine": "sqlite", "file": SQLITE_FILE, "bytes": (target / SQLITE_FILE).stat().st_size}
    else:
        args, env = _pg_env()
        subprocess.run(["pg_dump", "-Fc", *args, "-f", str(target / PG_FILE), _database()["NAME"]],
                       env=env, check=True, capture_output=True)
        database = {"engine": "postgresql", "file": PG_FILE, "bytes": (target / PG_FILE).stat().st_size}
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, target / MEDIA_DIR)
    manifest = {"at": timezone.now().isoformat(timespec="seconds"), "database": database,
                "media_files": _count_files(target / MEDIA_DIR), "ledger": ledger_check()}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    """Put a backup made by `backup` back in place of the current database and MEDIA_ROOT, then verify
    the ledger. Returns what was restored and the verification."""
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
    media = Path(settings.MEDIA_ROOT)
    if (source / MEDIA_DIR).exists():
        shutil.rmtree(media, ignore_errors=True)
        shutil.copytree(source / MEDIA_DIR, media)
    ledger = ledger_check()
    return {"restored_from": str(source), "backup_at": manifest["at"], "database": manifest["database"]["engine"],
            "media_files": _count_files(media), "ledger": ledger,
            "ledger_matches_backup": ledger.get("checked") == manifest.get("ledger", {}).get("checked")}


def ledger_check() -> dict:
    """`audit_verify --json`'s answer (its exit status 1 becomes ok: false)."""
    out = io.StringIO()
    try:
        call_command("audit_verify", "--json", stdout=out)
    except SystemExit:
        pass
    text = out.getvalue().strip().splitlines()
    return json.loads(text[-1]) if text else {"ok": False, "reason": "audit_verify 无输出"}
