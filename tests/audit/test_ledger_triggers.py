"""SQLite refuses UPDATE and DELETE of the ledger as PostgreSQL does (migration 0006, oa/audit/guard.py).
DELETE passes only on a connection whose switch is on — test connections, so that transactional tests
can empty the table; here it is switched off, as on every application connection."""

import pytest
from django.db import DatabaseError, connection, transaction

from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's trigger: tests/audit/test_ledger_chain.py"),
]


@pytest.fixture
def entry(db):
    return ledger_record(action="test.event0", data={"i": 1})


@pytest.fixture
def application_connection():
    connection.ensure_connection()
    allowed, connection.ledger_delete_allowed = connection.ledger_delete_allowed, False
    yield
    connection.ledger_delete_allowed = allowed


def test_update_is_refused(entry, application_connection):
    with pytest.raises(DatabaseError, match="append-only: UPDATE"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(action="tampered")
    assert LedgerEntry.objects.get(pk=entry.pk).action == "test.event0"


def test_update_is_refused_even_where_deleting_is_allowed(entry):
    assert connection.ledger_delete_allowed  # the test suite's connections
    with pytest.raises(DatabaseError, match="append-only: UPDATE"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(data={"i": 2})


def test_delete_is_refused(entry, application_connection):
    with pytest.raises(DatabaseError, match="append-only: DELETE"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only: DELETE"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_ledgerentry")
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_the_application_never_switches_deleting_on(settings):
    """Only the test suite puts OA_LEDGER_DELETE into the database settings (tests/conftest.py)."""
    from oa import config

    assert "OA_LEDGER_DELETE" not in config.database_config({}, settings.VAR_DIR)


def test_inserting_still_works(entry, application_connection):
    assert ledger_record(action="test.event1").prev_hash == entry.entry_hash
