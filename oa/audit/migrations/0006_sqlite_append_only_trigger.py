"""On SQLite too the database itself refuses UPDATE and DELETE of the ledger (0003 does it on PostgreSQL).

DELETE is let through only on a connection that says so: the function oa_ledger_delete_allowed(), which
oa/audit/guard.py registers on every SQLite connection the application opens, answers 1 only where the
database settings carry OA_LEDGER_DELETE = "allow" — the test suite sets this to empty tables between
transactional tests (Django's flush is a DELETE on SQLite); the application never does. A connection that
does not know the function (the sqlite3 shell) fails on it, which refuses the DELETE as well. Anyone who
can edit the file can drop the triggers: that is what the keyed chain and the checkpoints are for.

A later migration that rebuilds this table on SQLite (most AlterField/AddField do) drops the triggers with
the old table and must create them again: tests/audit/test_ledger_triggers.py would notice.
"""

from django.db import migrations

TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS audit_ledger_no_update BEFORE UPDATE ON audit_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_ledger_no_delete BEFORE DELETE ON audit_ledgerentry
       WHEN oa_ledger_delete_allowed() IS NOT 1
       BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only: DELETE refused'); END""",
]
DROP = ["DROP TRIGGER IF EXISTS audit_ledger_no_update", "DROP TRIGGER IF EXISTS audit_ledger_no_delete"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in TRIGGERS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_ledger_key_id")]
    operations = [migrations.RunPython(forwards, backwards)]
