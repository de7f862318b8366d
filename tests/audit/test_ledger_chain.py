"""The ledger is append-only and hash-chained (HMAC under a key outside the database); audit_verify names
the first broken entry. The anchoring (checkpoints, keys, legacy entries) is tested in test_ledger_anchoring.py."""

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from oa.audit.chain import GENESIS_HASH, compute_hash
from oa.audit.keys import current_key
from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_record
from tests.audit.tamper import raw as _raw

pytestmark = pytest.mark.django_db


def _write(n, actor=None):
    return [ledger_record(actor=actor, action=f"test.event{i}", data={"i": i, "text": "公文〔2026〕1号", "f": 0.1}) for i in range(n)]


def _verify_json(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", "--json")
    return exit_info.value.code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_each_entry_links_to_the_previous_one(personas):
    entries = _write(3, actor=personas.clerk_a)
    first = LedgerEntry.objects.order_by("id").first()
    assert first.prev_hash == GENESIS_HASH
    stored = LedgerEntry.objects.filter(pk__in=[e.pk for e in entries]).order_by("id")
    for before, after in zip(stored, stored[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    key_id, key = current_key()
    for entry in stored:
        assert entry.key_id == key_id
        assert entry.entry_hash == compute_hash(entry, key)  # survives the round trip through the database
        assert entry.at.utcoffset().total_seconds() == 0
        assert entry.department_id == personas.dept_a.pk and entry.actor_username == "a_clerk"


def test_verify_passes_on_an_untouched_chain(personas, capsys):
    _write(5)
    call_command("audit_verify")
    assert "哈希链完整" in capsys.readouterr().out


def test_a_changed_entry_is_named(personas, capsys):
    entries = _write(5)
    victim = entries[2]
    _raw("UPDATE audit_ledgerentry SET data = %s WHERE id = %s", [json.dumps({"i": 999}), victim.pk])
    code, result = _verify_json(capsys)
    assert code == 1 and result["ok"] is False
    assert result["first_broken_entry"] == victim.pk and "改动" in result["reason"]


def test_a_deleted_entry_breaks_the_chain_at_its_successor(personas, capsys):
    entries = _write(5)
    _raw("DELETE FROM audit_ledgerentry WHERE id = %s", [entries[1].pk])
    code, result = _verify_json(capsys)
    assert code == 1 and result["first_broken_entry"] == entries[2].pk


def test_a_rehashed_forgery_is_still_caught_by_the_next_link(personas, capsys):
    """Recomputing the forged row's own hash (even with the key) is not enough: the next row still points at
    the old one."""
    entries = _write(4)
    victim = LedgerEntry.objects.get(pk=entries[1].pk)
    victim.data = {"i": "forged"}
    new_hash = compute_hash(victim, current_key()[1])
    _raw("UPDATE audit_ledgerentry SET data = %s, entry_hash = %s WHERE id = %s", [json.dumps(victim.data), new_hash, victim.pk])
    code, result = _verify_json(capsys)
    assert result["first_broken_entry"] == entries[2].pk


def test_the_verification_itself_is_ledgered(personas):
    _write(1)
    call_command("audit_verify")
    assert LedgerEntry.objects.filter(action="audit.verify", outcome="success").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the refusing trigger exists on PostgreSQL only")
class TestPostgresRefusesChanges:
    def test_update_is_refused(self, personas):
        entry = _write(1)[0]
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            LedgerEntry.objects.filter(pk=entry.pk).update(action="tampered")

    def test_delete_is_refused(self, personas):
        entry = _write(1)[0]
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            LedgerEntry.objects.filter(pk=entry.pk).delete()

    def test_truncate_is_refused_without_the_maintenance_flag(self, personas):
        _write(1)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL oa.ledger_truncate = 'deny'")
            cursor.execute("TRUNCATE audit_ledgerentry CASCADE")


def test_audit_admin_reads_and_filters_the_ledger(personas, client, login):
    _write(3, actor=personas.clerk_b)
    login(personas.audit_admin)
    page = client.get(f"/audit/?action=test.&department={personas.dept_b.pk}")
    body = page.content.decode()
    assert page.status_code == 200 and "test.event2" in body and "测试事件 2" in body  # the code and its label
    # The filter offers every registered action, so the codes of the rows are read from the context.
    assert {entry.action for entry in page.context["entries"]} == {"test.event0", "test.event1", "test.event2"}
    api = client.get("/api/v1/audit/entries/?actor=b_clerk").json()
    assert {row["action"] for row in api["results"]} == {"test.event0", "test.event1", "test.event2"}
    assert client.post("/api/v1/audit/verify/").json()["ok"] is True


@pytest.mark.parametrize("who", ["clerk_a", "system_admin", "security_admin", "info_center"])
def test_nobody_else_reads_the_ledger(personas, client, login, who):
    login(getattr(personas, who))
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit/entries/").status_code == 403


def test_ledger_paginates_by_keyset(personas, client, login):
    _write(60)
    login(personas.audit_admin)
    first = client.get("/audit/?action=test.")
    assert "更早的记录" in first.content.decode()
    cursor = first.context["next_cursor"]
    second = client.get(f"/audit/?action=test.&before={cursor}")
    assert all(entry.pk < int(cursor) for entry in second.context["entries"])
    assert len(first.context["entries"]) + len(second.context["entries"]) == 60


def test_bad_filter_input_is_a_clear_400_in_the_api(personas, client, login):
    login(personas.audit_admin)
    response = client.get("/api/v1/audit/entries/?since=not-a-date")
    assert response.status_code == 400
