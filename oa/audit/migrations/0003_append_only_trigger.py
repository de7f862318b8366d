"""On PostgreSQL the database itself refuses UPDATE, DELETE and TRUNCATE of the ledger.

TRUNCATE is allowed only where the session says `SET oa.ledger_truncate = 'allow'` — the test
suite does this to empty tables between tests; the application never does. Anyone who can drop
the trigger can also change rows, which is why the hash chain (audit_verify) exists as well.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('oa.ledger_truncate', true) = 'allow' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'audit ledger is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_ledger_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_refuse_change();
CREATE TRIGGER audit_ledger_no_truncate
    BEFORE TRUNCATE ON audit_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_ledger_no_truncate ON audit_ledgerentry;
DROP TRIGGER IF EXISTS audit_ledger_no_update_delete ON audit_ledgerentry;
DROP FUNCTION IF EXISTS audit_ledger_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
