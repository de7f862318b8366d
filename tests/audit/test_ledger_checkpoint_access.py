"""Signed checkpoints on demand: the audit admin writes one from the ledger page or the API and downloads the
checkpoint file; nobody else does either. `ledger_checkpoint` writes one on a schedule."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from oa.audit.checkpoints import checkpoint_path
from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_audit_admin_writes_a_checkpoint_from_the_page_and_downloads_the_file(personas, client, login):
    login(personas.audit_admin)
    assert "写入检查点" in client.get("/audit/").content.decode()
    response = client.post("/audit/checkpoints/new/", follow=True)
    assert "已写入第 1 个签名检查点" in response.content.decode()
    download = client.get("/audit/checkpoints/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert download.content.decode() == checkpoint_path().read_text()
    assert json.loads(download.content.decode().splitlines()[0])["seq"] == 1
    assert LedgerEntry.objects.filter(action="audit.checkpoint", actor=personas.audit_admin).exists()
    assert LedgerEntry.objects.filter(action="audit.checkpoint.export", actor=personas.audit_admin).exists()


def test_audit_admin_writes_and_reads_checkpoints_through_the_api(personas, client, login):
    login(personas.audit_admin)
    created = client.post("/api/v1/audit/checkpoints/")
    assert created.status_code == 201 and created.json()["seq"] == 1
    listed = client.get("/api/v1/audit/checkpoints/").json()
    assert listed == [created.json()]
    verified = client.post("/api/v1/audit/verify/").json()
    assert verified["ok"] is True and verified["checkpoints"] == 1


@pytest.mark.parametrize("who", ["clerk_a", "system_admin", "security_admin", "info_center"])
def test_nobody_else_writes_or_downloads_checkpoints(personas, client, login, who):
    login(getattr(personas, who))
    assert client.post("/audit/checkpoints/new/").status_code == 403
    assert client.get("/audit/checkpoints/").status_code == 403
    assert client.post("/api/v1/audit/checkpoints/").status_code == 403
    assert client.get("/api/v1/audit/checkpoints/").status_code == 403
    assert not checkpoint_path().exists()


def test_an_unwritable_checkpoint_file_is_a_clear_refusal(personas, client, login, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    settings.LEDGER_CHECKPOINT_FILE = blocker / "checkpoints.jsonl"
    login(personas.audit_admin)
    response = client.post("/api/v1/audit/checkpoints/")
    assert response.status_code == 503 and "检查点文件无法" in response.json()["detail"]
    assert not LedgerEntry.objects.filter(action="audit.checkpoint").exists()  # rolled back with the failure
    assert client.get("/api/v1/audit/checkpoints/").status_code == 503
    page = client.get("/audit/checkpoints/", follow=True)
    assert "检查点文件无法读取" in page.content.decode()
    assert client.post("/api/v1/audit/verify/").json()["ok"] is False


def test_the_scheduled_command_prints_the_checkpoint(personas):
    out = StringIO()
    call_command("ledger_checkpoint", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == json.loads(checkpoint_path().read_text())
    assert printed["count"] == LedgerEntry.objects.count() - 1
