"""Writers racing to append never fork the chain (advisory lock on PostgreSQL, IMMEDIATE on SQLite)."""

import threading

import pytest
from django.db import connection, transaction

from oa.audit.chain import verify_entries
from oa.audit.keys import keyring
from oa.audit.models import LedgerEntry
from oa.audit.selectors import ledger_in_chain_order
from oa.audit.services import ledger_record

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
EACH = 5


def test_racing_writers_keep_one_unbroken_chain():
    barrier = threading.Barrier(WRITERS)
    errors = []

    def writer(n):
        try:
            barrier.wait(timeout=10)
            for i in range(EACH):
                with transaction.atomic():
                    ledger_record(action="test.race", data={"writer": n, "i": i})
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert LedgerEntry.objects.filter(action="test.race").count() == WRITERS * EACH
    result = verify_entries(ledger_in_chain_order(), keyring())
    assert result.ok, result.first_break
    hashes = list(LedgerEntry.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes)), "two entries link to the same predecessor: the chain forked"
