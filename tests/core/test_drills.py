"""The drills of docs/security.md: `backup` / `restore` give the database and the media back with the
ledger verified and the backup's checkpoint matched (SQLite here; PostgreSQL when DATABASE_URL points at
one), and `bench soak` walks a live server as several people and reports requests, errors, latency and the
server's memory."""

import io
import json
import os
import shutil
import sqlite3

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from oa.audit.services import ledger_checkpoint
from oa.org.models import Department, Person
from tests.audit.tamper import sqlite_triggers
from tests.factories import TEST_PASSWORD, DepartmentFactory

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
needs_dump = pytest.mark.skipif(not SQLITE and not shutil.which("pg_dump"), reason="pg_dump / pg_restore are not installed")


def _run(*args) -> dict:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def _restore_failing(source) -> dict:
    """`restore --yes` that exits 1: its JSON."""
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("restore", str(source), "--yes", stdout=out)
    assert exited.value.code == 1
    return json.loads(out.getvalue())


@needs_dump
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_everything_back_and_the_ledger_verifies(personas, tmp_path):
    media = settings.MEDIA_ROOT
    (media / "uploads").mkdir(parents=True)
    (media / "uploads" / "a.pdf").write_bytes(b"%PDF-1.4 kept")
    people = Person.objects.count()

    made = _run("backup", str(tmp_path / "drill"))
    assert made["ledger"]["ok"] and made["media_files"] == 1
    assert made["database"]["engine"] == ("sqlite" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "postgresql")

    DepartmentFactory(name="丙局", slug="bingju")  # changed after the backup …
    (media / "uploads" / "a.pdf").unlink()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "drill"))
    restored = _run("restore", str(tmp_path / "drill"), "--yes")

    assert restored["ok"] and restored["ledger"]["ok"] and restored["ledger_matches_backup"], restored
    assert restored["checkpoint"]["matched"] and restored["checkpoint_file"] == "kept"
    assert not Department.objects.filter(slug="bingju").exists()  # … and gone again
    assert Person.objects.count() == people
    assert (media / "uploads" / "a.pdf").read_bytes() == b"%PDF-1.4 kept"


@needs_dump
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_var_dir_brings_its_checkpoint_and_matches_it(personas, tmp_path, settings):
    made = _run("backup", str(tmp_path / "drill"))
    kept = (tmp_path / "drill" / "ledger-checkpoints.jsonl").read_text(encoding="utf-8")
    assert json.loads(kept.splitlines()[-1])["sig"] == made["checkpoint"]["sig"]
    assert set(made["checkpoint"]) == {"seq", "count", "head_id", "head_hash", "sig"}

    settings.LEDGER_CHECKPOINT_FILE = tmp_path / "fresh" / "ledger" / "checkpoints.jsonl"  # a new machine
    settings.MEDIA_ROOT = tmp_path / "fresh" / "media"
    restored = _run("restore", str(tmp_path / "drill"), "--yes")

    assert restored["ok"] and restored["ledger"]["ok"], restored
    assert restored["checkpoint"] == {"seq": made["checkpoint"]["seq"], "count": made["checkpoint"]["count"],
                                      "matched": True, "reason": None}
    assert restored["checkpoint_file"] == "restored" and restored["entries_after_backup_lost"] == 0
    assert settings.LEDGER_CHECKPOINT_FILE.read_text(encoding="utf-8") == kept


@pytest.mark.skipif(not SQLITE, reason="the backup's SQLite file is edited")
@pytest.mark.django_db(transaction=True)
def test_a_backup_whose_ledger_was_changed_is_refused_on_restore(personas, tmp_path, settings):
    ledger_checkpoint()  # a ledger with entries before the backup's checkpoint
    made = _run("backup", str(tmp_path / "drill"))
    with sqlite3.connect(tmp_path / "drill" / "db.sqlite3") as db:  # whoever can write the file
        for statement in (*sqlite_triggers.DROP, "UPDATE audit_ledgerentry SET target_repr = 'x' WHERE id = ?",
                          *sqlite_triggers.TRIGGERS):
            db.execute(statement, (made["checkpoint"]["head_id"],) if "?" in statement else ())
    settings.LEDGER_CHECKPOINT_FILE = tmp_path / "fresh" / "checkpoints.jsonl"

    restored = _restore_failing(tmp_path / "drill")

    assert not restored["ok"] and not restored["ledger"]["ok"]
    assert restored["ledger"]["first_broken_entry"] == made["checkpoint"]["head_id"]
    assert restored["checkpoint"]["matched"] is False and "内容哈希不符" in restored["checkpoint"]["reason"]


@needs_dump
@pytest.mark.django_db(transaction=True)
def test_restoring_an_older_backup_reports_the_entries_written_since_as_lost(personas, tmp_path):
    made = _run("backup", str(tmp_path / "drill"))
    DepartmentFactory(name="丙局", slug="bingju")
    ledger_checkpoint()
    last = ledger_checkpoint()  # the instance goes on: two checkpoints after the backup's

    restored = _restore_failing(tmp_path / "drill")

    assert not restored["ok"] and not restored["ledger"]["ok"]  # the tail really is gone …
    assert "末尾的记录被删除" in restored["ledger"]["reason"]
    assert restored["checkpoint"]["matched"] and restored["checkpoint_file"] == "kept"  # … after the backup's state
    assert restored["checkpoints_after_backup"] == 2
    # The backup holds the entries its checkpoint counted and the entry that recorded that checkpoint.
    assert restored["entries_after_backup_lost"] == last["count"] - (made["checkpoint"]["count"] + 1) > 0


def test_audit_verify_matches_a_checkpoint_only_as_signed(db):
    record = ledger_checkpoint()
    expected = {name: record[name] for name in ("seq", "count", "head_id", "head_hash", "sig")}
    assert _run("audit_verify", "--json", "--checkpoint", json.dumps(expected))["checkpoint"]["matched"]

    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("audit_verify", "--json", "--checkpoint", json.dumps({**expected, "count": 99}), stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] and not report["checkpoint"]["matched"] and "不同" in report["checkpoint"]["reason"]
    with pytest.raises(CommandError, match="JSON"):
        call_command("audit_verify", "--checkpoint", "[1]", stdout=io.StringIO())


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "x").write_text("")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path))


@pytest.mark.parametrize("url", ["http://example.com:8000", "http://10.0.0.1/", "ftp://127.0.0.1/", None])
def test_soak_refuses_anything_but_this_machine(url):
    args = ["bench", "soak", "--seconds", "1"] + (["--url", url] if url else [])
    with pytest.raises(CommandError, match="本机"):
        call_command(*args, stdout=io.StringIO())


def test_soak_options_belong_to_soak_only(db):
    with pytest.raises(CommandError, match="只用于 bench soak"):
        call_command("bench", "documents", "--users", "3", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_short_soak_against_a_live_server(personas, live_server):
    accounts = ",".join(p.username for p in (personas.clerk_a, personas.staff_b, personas.info_center))
    report = _run("bench", "soak", "--url", live_server.url, "--users", "3", "--seconds", "3",
                  "--accounts", accounts, "--password", TEST_PASSWORD, "--pid", str(os.getpid()))
    assert report["suite"] == "soak" and report["users"] == 3
    assert report["errors"] == 0, report["error_kinds"]
    assert report["requests"] > 3 * 2  # each logged in (two requests) and walked on
    assert not [s for s in report["statuses"] if s.startswith("5") or s == "login_refused"], report["statuses"]
    assert report["p50_ms"] is not None and report["p95_ms"] >= report["p50_ms"]
    assert report["server_memory"]["rss_before_mib"] > 0 and "growth_mib" in report["server_memory"]
