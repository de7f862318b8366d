"""The drills of docs/security.md: `backup` / `restore` give the database and the media back with the
ledger verified (SQLite here; PostgreSQL when DATABASE_URL points at one), and `bench soak` walks a live
server as several people and reports requests, errors, latency and the server's memory."""

import io
import json
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from oa.org.models import Department, Person
from tests.factories import TEST_PASSWORD, DepartmentFactory


def _run(*args) -> dict:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_everything_back_and_the_ledger_verifies(personas, tmp_path):
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not shutil.which("pg_dump"):
        pytest.skip("pg_dump / pg_restore are not installed")
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

    assert restored["ledger"]["ok"] and restored["ledger_matches_backup"], restored
    assert not Department.objects.filter(slug="bingju").exists()  # … and gone again
    assert Person.objects.count() == people
    assert (media / "uploads" / "a.pdf").read_bytes() == b"%PDF-1.4 kept"


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
