"""Stored files only through views that check who may see them (docs/security.md, issue 15 finding 7):
every file URL answers a person of another department with the 404 of a missing object, and no
route serves MEDIA_ROOT itself — not to the owner, not to the information center, not even with
DEBUG on."""

import importlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from PIL import Image

from documents.incoming.services.paper import delivery_register_paper
from documents.services.drafting import attachment_add as document_attachment_add
from notices.services.editing import attachment_add as notice_attachment_add
from oa.feedback.services.reporting import ticket_report
from oa.trial.services.reports import attachment_add as report_attachment_add
from oa.uploads.review import held_release
from tests.notices.conftest import notice  # noqa: F401 (fixture)
from tests.trial.conftest import programme_of, rule, trial  # noqa: F401 (fixtures)
from tests.trial.reports import GATE, ended, uploaded
from tests.uploads.corpus import pdf_text

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("报错截图.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def files_of_a(personas, draft, notice, trial):  # noqa: F811
    """One file of each kind, all of department A (or drafted by the information center for A and B):
    {url: (who may see it, the stored file's name under MEDIA_ROOT or None when rendered on demand)}."""
    document = draft()
    doc_file = document_attachment_add(actor=personas.staff_a, document_id=document.pk, upload=uploaded(), gate=GATE)
    draft_notice = notice()
    notice_file = notice_attachment_add(actor=personas.info_center, notice_id=draft_notice.pk, upload=uploaded(), gate=GATE)
    report = ended(trial)[personas.dept_a.pk]
    report_file = report_attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded(), gate=GATE)
    ticket = ticket_report(actor=personas.staff_a, fields={"category": "software", "severity": "normal", "description": "报错"},
                           screenshots=[(_png(), GATE), (_png(), GATE)])
    shot, held = ticket.screenshots.order_by("pk")  # a picture waits for the security officer
    held_release(actor=personas.security_officer_a, record_id=shot.upload_record_id, reason="截图不涉密")
    shot.refresh_from_db()
    arrival = delivery_register_paper(actor=personas.clerk_a, title="省厅来函", sender_name="省信息中心",
                                      scans=[SimpleUploadedFile("来函扫描.pdf", pdf_text("省厅来函"))], gate=GATE)
    scan = arrival.scans.get()
    return {
        reverse("document-attachment", args=[document.pk, doc_file.pk]): (personas.staff_a, doc_file.file.name),
        reverse("document-pdf", args=[document.pk]): (personas.staff_a, None),
        reverse("document-docx", args=[document.pk]): (personas.staff_a, None),
        reverse("api-document-attachment", args=[document.pk, doc_file.pk]): (personas.staff_a, None),
        reverse("api-document-rendered", args=[document.pk, "pdf"]): (personas.staff_a, None),
        reverse("document-sheet", args=[document.pk, "pdf"]): (personas.staff_a, None),
        reverse("api-document-sheet", args=[document.pk, "docx"]): (personas.staff_a, None),
        reverse("notice-attachment", args=[draft_notice.pk, notice_file.pk]): (personas.info_center, notice_file.file.name),
        reverse("api-notice-attachment", args=[draft_notice.pk, notice_file.pk]): (personas.info_center, None),
        reverse("trial-report-attachment", args=[report.pk, report_file.pk]): (personas.clerk_a, report_file.file.name),
        reverse("api-trial-report-attachment", args=[report.pk, report_file.pk]): (personas.clerk_a, None),
        reverse("ticket-screenshot", args=[ticket.pk, shot.pk]): (personas.staff_a, shot.file.name),
        reverse("delivery-scan", args=[arrival.pk, scan.pk]): (personas.leader_a, scan.file.name),
        reverse("api-delivery-scan", args=[arrival.pk, scan.pk]): (personas.leader_a, None),
        reverse("uploads-review-file", args=[held.upload_record_id]): (personas.security_officer_a,
                                                                         held.upload_record.held.file.name),
    }


def test_every_file_url_is_a_404_for_another_department_and_served_to_its_own(personas, files_of_a, client, login):
    for url, (owner, _) in files_of_a.items():
        login(owner)
        assert client.get(url).status_code == 200, url
        client.logout()
    login(personas.clerk_b)
    answers = {url: client.get(url).status_code for url in files_of_a}
    assert answers == dict.fromkeys(files_of_a, 404)


@pytest.fixture
def urls_as_in_debug(settings):
    """oa/urls.py as a development server with OA_DEBUG=1 would build it."""
    import oa.urls

    settings.DEBUG = True
    importlib.reload(oa.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(oa.urls)
    clear_url_caches()


def test_the_raw_media_path_is_a_404_for_everybody_even_in_debug(personas, files_of_a, urls_as_in_debug, client, login):
    stored = {name for _, name in files_of_a.values() if name}
    assert len(stored) == 6 and any(name.startswith("held/") for name in stored)
    for person in (personas.staff_a, personas.clerk_a, personas.security_officer_a, personas.info_center,
                   personas.system_admin, personas.clerk_b):
        login(person)
        answers = {name: client.get(f"/media/{name}", follow=True).status_code for name in stored}
        assert answers == dict.fromkeys(stored, 404), person
        client.logout()


def test_static_files_are_served_without_debug(client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/css/oa.css")
    assert response.status_code == 200 and b"".join(response.streaming_content if response.streaming else [response.content])
