"""The ledger is keyed and anchored (issue 15, finding 4): audit_verify exits non-zero for a changed entry, a
deleted middle entry, a deleted tail, a forged entry, a chain recomputed without the key, and a checkpoint
edited or removed; entries written before the ledger was keyed keep verifying; keys rotate."""

import json

import pytest
from django.core.management import call_command

from oa.audit.checkpoints import checkpoint_path
from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_check, ledger_checkpoint, ledger_record
from tests.audit.tamper import insert_plain, raw, recompute_without_key

pytestmark = pytest.mark.django_db

KEY_1 = "k1-" + "a" * 40
KEY_2 = "k2-" + "b" * 40


def _write(n, start=0):
    return [ledger_record(action=f"test.event{(start + i) % 60}", data={"i": start + i}) for i in range(n)]


def _verify(capsys):
    """audit_verify --json: (exit status, its report)."""
    try:
        call_command("audit_verify", "--json")
        code = 0
    except SystemExit as exit_info:
        code = exit_info.code
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _lines():
    return checkpoint_path().read_text().splitlines()


@pytest.fixture
def anchored(personas):
    """Ten entries, a checkpoint (count 10; the 11th entry records it), five more entries."""
    entries = _write(10)
    ledger_checkpoint()
    entries += _write(5, start=10)
    return entries


def test_an_untouched_anchored_chain_verifies(anchored, capsys):
    ledger_checkpoint()
    code, report = _verify(capsys)
    assert code == 0 and report["ok"] and report["checkpoints"] == 2 and report["legacy"] == 0
    assert report["checked"] == LedgerEntry.objects.count() - 1  # the verification's own entry comes after


def test_a_changed_middle_entry_fails(anchored, capsys):
    raw("UPDATE audit_ledgerentry SET data = %s WHERE id = %s", [json.dumps({"i": 999}), anchored[3].pk])
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == anchored[3].pk


def test_a_deleted_middle_entry_fails(anchored, capsys):
    raw("DELETE FROM audit_ledgerentry WHERE id = %s", [anchored[12].pk])
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == anchored[13].pk


def test_a_deleted_tail_below_the_last_checkpoint_fails(anchored, capsys):
    """The last checkpoint counted 10 entries: deleting everything from the 8th on leaves a chain that links."""
    raw("DELETE FROM audit_ledgerentry WHERE id >= %s", [anchored[7].pk])
    code, report = _verify(capsys)
    assert code == 1 and "末尾的记录被删除" in report["reason"]
    assert report["first_broken_entry"] == anchored[6].pk


def test_a_deleted_tail_that_takes_the_checkpoints_own_entry_fails(anchored, capsys):
    """Deleting from the entry that recorded the checkpoint on leaves exactly the count it names."""
    recorded = LedgerEntry.objects.get(action="audit.checkpoint")
    raw("DELETE FROM audit_ledgerentry WHERE id >= %s", [recorded.pk])
    code, report = _verify(capsys)
    assert code == 1 and "没有记录第 1 个检查点" in report["reason"]


def test_a_forged_entry_fails(anchored, capsys):
    """Appended at the end, linked correctly, sealed the old way or under a guessed key: neither holds."""
    forged = insert_plain(action="test.event1", data={"i": "forged"})
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == forged.pk and "伪造" in report["reason"]


def test_an_entry_under_an_unknown_key_fails(anchored, capsys):
    raw("UPDATE audit_ledgerentry SET key_id = 'evil' WHERE id = %s", [anchored[14].pk])
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == anchored[14].pk and "evil" in report["reason"]


def test_a_chain_recomputed_without_the_key_from_the_change_on_fails(anchored, capsys):
    """Change one entry and rehash it and all later ones with plain SHA-256: every link holds, as it did
    before the ledger was keyed — but a plain entry after keyed ones is not a legacy entry."""
    recompute_without_key(anchored[12].pk, change=lambda e: setattr(e, "data", {"i": "changed"}) if e.pk == anchored[12].pk else None)
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == anchored[12].pk and "不用密钥重算" in report["reason"]


def test_a_chain_recomputed_without_the_key_from_the_start_fails_on_the_checkpoint(anchored, capsys):
    """Rehash everything as if it were all legacy: the chain alone cannot tell, the checkpoint can."""
    recompute_without_key(0, change=lambda e: setattr(e, "data", {"i": "changed"}) if e.pk == anchored[2].pk else None)
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] == anchored[9].pk and "第 1 个检查点" in report["reason"]


def test_an_edited_checkpoint_fails(anchored, capsys):
    lines = _lines()
    record = json.loads(lines[0])
    record["count"] = 3  # as if the ledger had been shorter
    checkpoint_path().write_text(json.dumps(record) + "\n")
    code, report = _verify(capsys)
    assert code == 1 and report["first_broken_entry"] is None and "签名不符" in report["reason"]


@pytest.mark.parametrize("keep", [slice(0, 1), slice(1, 2), slice(0, 0)], ids=["last", "first", "all"])
def test_a_removed_checkpoint_fails(anchored, capsys, keep):
    ledger_checkpoint()
    checkpoint_path().write_text("".join(f"{line}\n" for line in _lines()[keep]))
    code, report = _verify(capsys)
    assert code == 1 and "检查点" in report["reason"]


def test_a_missing_checkpoint_file_fails_once_a_checkpoint_was_recorded(anchored, capsys):
    checkpoint_path().unlink()
    code, report = _verify(capsys)
    assert code == 1 and "检查点文件中没有" in report["reason"]


def test_checkpoints_form_a_signed_sequence(anchored):
    second = ledger_checkpoint()
    first, again = (json.loads(line) for line in _lines())
    assert again == second and second["seq"] == 2 and second["prev"] == first["sig"]
    assert second["count"] == LedgerEntry.objects.count() - 1 and second["head_hash"] == LedgerEntry.objects.order_by("-id")[1].entry_hash
    assert {"seq", "count", "legacy", "head_id", "head_hash", "at", "key_id", "prev", "sig"} == set(second)


def test_legacy_entries_keep_verifying_and_the_chain_continues_from_the_last(db, capsys,
                                                                            django_capture_on_commit_callbacks):
    """A database from before the key: plain SHA-256 entries. Nothing rewrites them; the first keyed entry
    links to the last plain one, and the switch point goes on record in the checkpoint file on commit."""
    legacy = [insert_plain(action="test.event0", data={"i": i}) for i in range(4)]
    hashes = [entry.entry_hash for entry in legacy]
    with django_capture_on_commit_callbacks(execute=True):
        keyed = ledger_record(action="test.event1")
    assert keyed.prev_hash == hashes[-1] and keyed.key_id
    assert list(LedgerEntry.objects.filter(key_id="").order_by("id").values_list("entry_hash", flat=True)) == hashes
    switch = json.loads(_lines()[0])
    assert switch["legacy"] == 4 and switch["count"] == 5
    code, report = _verify(capsys)
    assert code == 0 and report["legacy"] == 4


def test_key_rotation_keeps_old_entries_verifiable(db, settings, capsys):
    settings.LEDGER_KEY_ID, settings.LEDGER_KEYS = "k1", {"k1": KEY_1}
    _write(3)
    ledger_checkpoint()
    settings.LEDGER_KEY_ID, settings.LEDGER_KEYS = "k2", {"k1": KEY_1, "k2": KEY_2}  # rotated; k1 kept
    _write(3, start=3)
    ledger_checkpoint()
    assert list(LedgerEntry.objects.order_by("id").values_list("key_id", flat=True)) == ["k1"] * 4 + ["k2"] * 4
    assert [json.loads(line)["key_id"] for line in _lines()] == ["k1", "k2"]
    assert ledger_check().ok
    settings.LEDGER_KEYS = {"k2": KEY_2}  # the old key dropped from the keyring
    code, report = _verify(capsys)
    assert code == 1 and "k1" in report["reason"]


def test_a_chain_resealed_under_another_key_fails(db, settings, capsys):
    """Whoever holds some key but not the ledger's cannot reseal the chain under the ledger's key id."""
    settings.LEDGER_KEY_ID, settings.LEDGER_KEYS = "k1", {"k1": KEY_2}
    _write(3)
    settings.LEDGER_KEYS = {"k1": KEY_1}
    code, report = _verify(capsys)
    assert code == 1 and "内容哈希不符" in report["reason"]
