"""Every way a file comes in refuses active content and a name that lies about its bytes: a 公文's
attachments and DOCX import, a notice's attachments, a department report's attachments, a ticket's
screenshots (on filing and later) and the organisation import. The refusal is recorded and ledgered
like any other; nothing is kept — no row, no file. Once stored, an attachment is served as what
the gate detected, never as what its name says."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.services.drafting import attachment_add as document_attachment_add
from documents.services.drafting import document_import_docx
from notices.services.editing import attachment_add as notice_attachment_add
from oa.audit.models import LedgerEntry
from oa.feedback.services.reporting import ticket_report, ticket_screenshot_add
from oa.orgimport.services.service import org_import
from oa.trial.services.reports import attachment_add as report_attachment_add
from oa.uploads.attachments import attachment_keep
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord
from tests.feedback.conftest import ticket  # noqa: F401 - fixtures of the features' own tests
from tests.notices.conftest import notice  # noqa: F401
from tests.trial.conftest import programme_of, rule, trial  # noqa: F401
from tests.trial.reports import ended
from tests.uploads import corpus as c

pytestmark = pytest.mark.django_db

FIELDS = {"category": "software", "severity": "normal", "description": "打开发文列表时页面报错。"}
ACTIVE = {"svg": ("截图.png", c.SVG_WITH_SCRIPT), "html": ("关于做好试运行工作的通知.pdf", c.HTML_PAGE)}


def _ingresses(personas, draft, notice, ticket, trial):  # noqa: F811 - the fixtures imported above
    """name → call(upload, gate) for each feature, with its owner made first."""
    document = draft()
    made_notice = notice()
    filed = ticket()
    report = ended(trial)[personas.dept_a.pk]
    return {
        "document-attachment": lambda u, g: document_attachment_add(actor=personas.staff_a, document_id=document.pk,
                                                                    upload=u, gate=g),
        "document-import": lambda u, g: document_import_docx(actor=personas.staff_a, document_id=document.pk,
                                                             upload=u, gate=g),
        "notice-attachment": lambda u, g: notice_attachment_add(actor=personas.info_center, notice_id=made_notice.pk,
                                                                upload=u, gate=g),
        "report-attachment": lambda u, g: report_attachment_add(actor=personas.clerk_a, report_id=report.pk,
                                                                upload=u, gate=g),
        "ticket-screenshot": lambda u, g: ticket_screenshot_add(actor=personas.staff_a, ticket_id=filed.pk,
                                                                upload=u, gate=g),
        "ticket-report": lambda u, g: ticket_report(actor=personas.staff_a, fields=FIELDS, screenshots=[(u, g)]),
        "org-import": lambda u, g: org_import(actor=personas.system_admin, filename=u.name, content=u.read(), gate=g),
    }


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("kind", ACTIVE)
@pytest.mark.parametrize("ingress", ["document-attachment", "document-import", "notice-attachment", "report-attachment",
                                     "ticket-screenshot", "ticket-report", "org-import"])
def test_every_ingress_refuses_active_content_and_keeps_nothing(ingress, kind, personas, draft, notice, ticket, trial,  # noqa: F811
                                                                 declared, settings):
    call = _ingresses(personas, draft, notice, ticket, trial)[ingress]
    before = set(_files(settings.MEDIA_ROOT))
    name, content = ACTIVE[kind]
    if ingress.startswith("ticket"):
        name = "截图.png"  # the screenshot form asks for an image's name before the gate
    with pytest.raises(UploadRefused) as refused:
        call(SimpleUploadedFile(name, content), declared)
    assert "活动内容" in "".join(refused.value.messages)
    record = UploadRecord.objects.get(name=name)
    assert (record.verdict, record.detected_type) == ("blocked", kind)
    assert LedgerEntry.objects.filter(action="upload.blocked", target_id=str(record.pk)).exists()
    assert set(_files(settings.MEDIA_ROOT)) == before  # no byte of it on disk


def test_a_name_that_lies_about_its_bytes_is_refused_at_an_ingress(personas, draft, declared):
    document = draft()
    with pytest.raises(UploadRefused) as refused:
        document_attachment_add(actor=personas.staff_a, document_id=document.pk,
                                upload=SimpleUploadedFile("请示.pdf", c.docx()), gate=declared)
    assert "“.pdf”表示PDF 文档" in refused.value.messages[0] and "Word 文档（DOCX）" in refused.value.messages[0]
    assert not document.attachments.exists()


def test_a_marked_file_name_is_refused_at_an_ingress(personas, draft, declared):
    document = draft()
    for name in ("机密-关于某事项的请示.txt", "【秘密】会议纪要.txt"):
        with pytest.raises(UploadRefused) as refused:
            document_attachment_add(actor=personas.staff_a, document_id=document.pk,
                                    upload=SimpleUploadedFile(name, "会议纪要".encode()), gate=declared)
        assert "文件名中标有密级" in refused.value.messages[0]
    assert not document.attachments.exists()


# --- serving back what was kept -----------------------------------------------------------------------
def _kept(into, name: str, content: bytes, detected: str, person):
    """A file kept under `name` whose bytes the gate read as `detected` — an SVG named .svg or .png
    was read as plain text ("txt") before the gate refused active content."""
    record = UploadRecord.objects.create(person=person, person_username=person.username, name=name, size=len(content),
                                         sha256=hashlib.sha256(content).hexdigest(), detected_type=detected, detector_version="2026.1", verdict="accepted")
    return attachment_keep(into=into, record=record, content=content, actor=person)


def _served_safely(response, content_type: str, *, inline: bool = False):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]


def test_a_kept_file_is_served_as_its_detected_type_never_as_its_name_says(personas, draft, client, login):
    document = draft()
    svg = _kept(document.attachments, "图标.svg", c.SVG_WITH_SCRIPT, "txt", personas.staff_a)
    html = _kept(document.attachments, "说明.html", c.HTML_PAGE, "txt", personas.staff_a)
    pdf = _kept(document.attachments, "通知.pdf", b"%PDF-1.7\n", "pdf", personas.staff_a)
    login(personas.staff_a)
    for kept, content_type in ((svg, "text/plain"), (html, "text/plain"), (pdf, "application/pdf")):
        _served_safely(client.get(f"/documents/{document.pk}/attachments/{kept.pk}/"), content_type)


def test_a_screenshot_is_shown_inline_only_when_its_bytes_are_an_image(personas, ticket, client, login):  # noqa: F811
    filed = ticket()
    svg = _kept(filed.screenshots, "截图.png", c.SVG_WITH_SCRIPT, "txt", personas.staff_a)
    png = _kept(filed.screenshots, "截图2.png", c.png(), "png", personas.staff_a)
    login(personas.staff_a)
    _served_safely(client.get(f"/feedback/{filed.pk}/screenshots/{svg.pk}/"), "text/plain")
    _served_safely(client.get(f"/feedback/{filed.pk}/screenshots/{png.pk}/"), "image/png", inline=True)
