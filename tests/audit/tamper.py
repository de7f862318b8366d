"""Changing the ledger behind the application's back, as someone with database access could."""

import importlib
import json

from django.db import connection
from django.utils import timezone

from oa.audit.chain import GENESIS_HASH, compute_hash
from oa.audit.models import LedgerEntry

sqlite_triggers = importlib.import_module("oa.audit.migrations.0006_sqlite_append_only_trigger")


def raw(sql, params=()):
    """Run SQL with the append-only triggers out of the way: a PostgreSQL superuser switches them off for
    the session; whoever can write SQLite's file drops them (and here puts them back, for the next test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for statement in sqlite_triggers.DROP:
                cursor.execute(statement)
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for statement in sqlite_triggers.TRIGGERS:
                    cursor.execute(statement)


def rewrite(entry: LedgerEntry) -> None:
    raw("UPDATE audit_ledgerentry SET data = %s, key_id = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
        [json.dumps(entry.data, ensure_ascii=False), entry.key_id, entry.prev_hash, entry.entry_hash, entry.pk])


def recompute_without_key(start_id: int = 0, change=None) -> None:
    """Rehash every entry from `start_id` on with plain SHA-256 (no key id), after `change(entry)` — what
    someone who can write the table but has not got the key can do to hide an edit."""
    prev = GENESIS_HASH
    for entry in LedgerEntry.objects.order_by("id"):
        if entry.pk >= start_id:
            if change:
                change(entry)
            entry.key_id, entry.prev_hash = "", prev
            entry.entry_hash = compute_hash(entry)
            rewrite(entry)
        prev = entry.entry_hash


def insert_plain(**fields) -> LedgerEntry:
    """An entry sealed the old way (no key id, plain SHA-256), linked to the head: a legacy entry, or a forgery."""
    last = LedgerEntry.objects.order_by("-id").first()
    entry = LedgerEntry(action=fields.pop("action", "test.event0"), data=fields.pop("data", {}), key_id="",
                        prev_hash=last.entry_hash if last else GENESIS_HASH, at=timezone.now(), **fields)
    entry.entry_hash = compute_hash(entry)
    entry.save(force_insert=True)
    return entry
