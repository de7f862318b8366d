"""Media on S3-compatible object storage (issue 20, docs/production.md): with OA_MEDIA_S3_BUCKET set every file
the application keeps — gated attachments, held and staged uploads — goes to the bucket through the storage
API and comes back through the permission-checked views, streamed by Django; nothing lands under MEDIA_ROOT.
The `s3` tests run against a real S3 server (SeaweedFS in CI, tests/conftest.py `s3_media`), never a mock."""

import io
import json
import shutil

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from documents.services.drafting import attachment_add, attachment_remove
from oa import config
from oa.uploads.exceptions import UploadHeld
from oa.uploads.gate import upload_accept
from oa.uploads.models import HeldUpload
from oa.uploads.review import held_refuse, held_release
from oa.uploads.screening.declarations import CURRENT_VERSION
from oa.uploads.staging import stage, unstage
from tests.uploads import corpus as c

DECLARED = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
AGENDA = "一、开幕\n二、讲话\n三、部署下一阶段工作".encode()


def _local_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the switch (no server needed) -----------------------------------------------------------------

def test_the_local_disk_is_the_default_and_a_bucket_switches_to_object_storage():
    assert config.media_storage_config({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = config.media_storage_config({"OA_MEDIA_S3_BUCKET": "oa-media", "OA_MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
                                      "OA_MEDIA_S3_ACCESS_KEY": "k", "OA_MEDIA_S3_SECRET_KEY": "s",
                                      "OA_MEDIA_S3_PREFIX": "/oa/"})
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["location"]) == ("oa-media", "http://127.0.0.1:8333", "oa")
    assert (options["access_key"], options["secret_key"]) == ("k", "s")
    # private, never overwritten, any URL it would sign short-lived
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 60
    assert "access_key" not in config.media_storage_config({"OA_MEDIA_S3_BUCKET": "b"})["OPTIONS"]  # boto3's chain


@pytest.mark.parametrize("env, message", [
    ({"OA_MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333"}, "without OA_MEDIA_S3_BUCKET"),
    ({"OA_MEDIA_S3_BUCKET": "b", "OA_MEDIA_S3_ACCESS_KEY": "k"}, "go together"),
])
def test_a_half_configured_bucket_stops_the_start(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        config.media_storage_config(env)


# --- against the S3 server -------------------------------------------------------------------------

@pytest.mark.s3
@pytest.mark.django_db
def test_an_attachment_is_an_object_in_the_bucket_and_downloads_through_its_view(s3_media, personas, draft, client, login):
    document = draft()
    attachment = attachment_add(actor=personas.staff_a, document_id=document.pk,
                                upload=SimpleUploadedFile("会议议程.txt", AGENDA), gate=dict(DECLARED))

    assert s3_media.keys() == [attachment.file.name] and attachment.file.name.startswith("documents/")
    assert s3_media.get(attachment.file.name) == AGENDA  # the raw object, read past Django
    assert _local_files() == []  # nothing on this host's disk

    url = reverse("document-attachment", args=[document.pk, attachment.pk])
    response = login(personas.staff_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == AGENDA
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(AGENDA))
    client.logout()
    assert client.get(url).status_code == 302  # still the view's checks: no public URL …
    assert login(personas.staff_b).get(url).status_code == 404  # … and another department's draft is not there

    s3_media.bucket.client.delete_object(Bucket=s3_media.bucket.name, Key=f"{s3_media.prefix}/{attachment.file.name}")
    client.logout()
    assert login(personas.staff_a).get(url).status_code == 404  # bytes gone from the bucket: a 404, not a 500


@pytest.mark.s3
@pytest.mark.django_db
def test_the_same_bytes_twice_are_two_objects_and_removing_one_keeps_the_other(
        s3_media, personas, draft, django_capture_on_commit_callbacks):
    document = draft()
    first, second = (attachment_add(actor=personas.staff_a, document_id=document.pk,
                                    upload=SimpleUploadedFile(name, AGENDA), gate=dict(DECLARED))
                     for name in ("议程.txt", "议程（副本）.txt"))
    assert first.file.name != second.file.name and sorted(s3_media.keys()) == sorted([first.file.name, second.file.name])

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(actor=personas.staff_a, document_id=document.pk, attachment_id=first.pk)

    assert s3_media.keys() == [second.file.name] and s3_media.get(second.file.name) == AGENDA


@pytest.mark.s3
@pytest.mark.django_db
def test_held_bytes_wait_in_the_bucket_and_go_when_refused(s3_media, personas, django_capture_on_commit_callbacks):
    with pytest.raises(UploadHeld) as caught:
        upload_accept(actor=personas.staff_a, name="截图.png", content=c.png(), purpose="test.gate", **DECLARED)
    held = HeldUpload.objects.get(record=caught.value.record)
    assert s3_media.keys() == [held.file.name] and held.file.name.startswith("held/")
    assert s3_media.get(held.file.name) == c.png()

    with django_capture_on_commit_callbacks(execute=True):
        held_refuse(actor=personas.security_officer_a, record_id=caught.value.record.pk, reason="含敏感信息")

    assert s3_media.keys() == []


@pytest.mark.s3
@pytest.mark.django_db
def test_a_staged_file_round_trips_and_stale_copies_are_purged(s3_media, personas):
    gate = {**DECLARED, "declared_level": "内部"}
    png = c.png()
    token = stage(person=personas.staff_a, upload=SimpleUploadedFile("报错截图.png", png), gate=gate)
    [key] = s3_media.keys()
    assert key.startswith(f"staged/{personas.staff_a.pk}/")

    [again] = unstage(person=personas.staff_a, tokens=[token])
    assert again.read() == png and s3_media.keys() == []

    stale = stage(person=personas.staff_a, upload=SimpleUploadedFile("旧.png", png), gate=gate)
    assert stale and len(s3_media.keys()) == 1
    from oa.uploads import staging

    staging.STAGE_SECONDS, kept = -1, staging.STAGE_SECONDS  # everything already kept is now stale
    try:
        stage(person=personas.staff_a, upload=SimpleUploadedFile("新.png", png), gate=gate)
    finally:
        staging.STAGE_SECONDS = kept
    assert len(s3_media.keys()) == 1  # the old copy went, the new one stays


needs_dump = pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
                                and not shutil.which("pg_dump"), reason="pg_dump / pg_restore are not installed")


@pytest.mark.s3
@needs_dump
@pytest.mark.django_db(transaction=True)
def test_backup_copies_the_objects_out_and_restore_puts_them_back(s3_media, personas, tmp_path):
    default_storage.save("documents/2026/05/aaaa", io.BytesIO(b"%PDF-1.4 kept"))
    default_storage.save("held/bbbb", io.BytesIO(b"held bytes"))

    out = io.StringIO()
    call_command("backup", str(tmp_path / "drill"), stdout=out)
    made = json.loads(out.getvalue())
    assert made["media_files"] == 2 and made["media_storage"] == f"s3://{s3_media.bucket.name}/{s3_media.prefix}"
    assert (tmp_path / "drill" / "media" / "documents" / "2026" / "05" / "aaaa").read_bytes() == b"%PDF-1.4 kept"

    default_storage.delete("documents/2026/05/aaaa")
    default_storage.save("documents/2026/06/after", io.BytesIO(b"written after the backup"))
    out = io.StringIO()
    call_command("restore", str(tmp_path / "drill"), "--yes", stdout=out)
    restored = json.loads(out.getvalue())

    assert restored["ok"] and restored["media_files"] == 2, restored
    assert s3_media.keys() == ["documents/2026/05/aaaa", "held/bbbb"]
    assert s3_media.get("documents/2026/05/aaaa") == b"%PDF-1.4 kept"
    assert _local_files() == []


@pytest.mark.s3
@pytest.mark.django_db
def test_a_feedback_screenshot_staged_filed_and_released_is_shown_from_the_bucket(
        s3_media, personas, login, client, django_capture_on_commit_callbacks):
    import re

    from PIL import Image

    from oa.feedback.models import Ticket

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    png = buffer.getvalue()
    gate = {**DECLARED, "declared_level": "内部"}
    login(personas.staff_a)
    failed = client.post("/feedback/new/", {"category": "software", "severity": "normal", "description": "",
                                            "screenshots": [SimpleUploadedFile("报错截图.png", png, "image/png")], **gate})
    tokens = re.findall(r'<input type="hidden" name="staged" value="([^"]+)">', failed.content.decode())
    assert failed.status_code == 200 and len(tokens) == 1
    [staged] = s3_media.keys()
    assert staged.startswith(f"staged/{personas.staff_a.pk}/") and s3_media.get(staged) == png

    filed = client.post("/feedback/new/", {"category": "software", "severity": "normal", "description": "无法保存",
                                           "staged": tokens, **gate})
    assert filed.status_code == 302
    screenshot = Ticket.objects.get().screenshots.get()
    [held] = s3_media.keys()  # the staged copy went; a picture waits for the security officer
    assert held.startswith("held/") and not screenshot.file and s3_media.get(held) == png

    with django_capture_on_commit_callbacks(execute=True):
        held_release(actor=personas.security_officer_a, record_id=screenshot.upload_record_id, reason="无敏感信息")
    screenshot.refresh_from_db()
    assert s3_media.keys() == [screenshot.file.name] and screenshot.file.name.startswith("feedback/")

    shown = client.get(reverse("ticket-screenshot", args=[screenshot.ticket_id, screenshot.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == png and _local_files() == []


@pytest.mark.s3
@pytest.mark.django_db
def test_a_dispatched_documents_render_is_stored_once_in_the_bucket_and_served_from_it(s3_media, personas, draft, walk,
                                                                                       client, login, monkeypatch):
    """documents/rendering/cache.py on object storage: the first download renders and stores the PDF in the bucket
    (a miss is the storage's FileNotFoundError, which django-storages raises for a missing key); the second reads it."""
    from documents.choices import DocumentState
    from documents.rendering import pdf

    renders = []
    real = pdf.render_pdf_for_sealing  # a sealed, dispatched document: rendered for the electronic seal
    monkeypatch.setattr(pdf, "render_pdf_for_sealing",
                        lambda document, copy=None: renders.append(1) or real(document, copy=copy))
    document = walk(draft(), DocumentState.DISPATCHED)
    login(personas.clerk_b)  # a recipient
    first = client.get(f"/documents/{document.pk}/pdf/")
    again = client.get(f"/documents/{document.pk}/pdf/")
    assert first.status_code == again.status_code == 200 and first.getvalue() == again.getvalue()
    assert first.getvalue().startswith(b"%PDF") and len(renders) == 1
    stored = [key for key in s3_media.keys() if key.startswith(f"renders/documents/{document.pk}/")]
    assert len(stored) == 1 and stored[0].endswith(".pdf")
    assert s3_media.get(stored[0]) == first.getvalue()  # the object itself, read past Django
    assert _local_files() == []
