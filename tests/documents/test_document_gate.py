"""Every way into a document passes the classification gate: attachments and DOCX imports (pages
and API), and the typed title and body of a draft. A refusal changes nothing and stays on record."""

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Attachment, Document
from oa.uploads.choices import Source, Verdict
from oa.uploads.models import UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.uploads import corpus as c

pytestmark = pytest.mark.django_db

DECLARED = {"declaration_accepted": "true", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
CLASSIFIED_DOCX = c.docx(c.p("000001") + c.p("机密★1年") + c.p("关于某项目的请示"))


def _docx_bytes(*paragraphs: str) -> bytes:
    import io

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _files(settings):
    root = settings.MEDIA_ROOT / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_api_attachment_is_recorded_with_the_uploader_and_the_declaration(personas, client, login, draft):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/api/v1/documents/{document.pk}/attachments/",
                           {"file": SimpleUploadedFile("议程.txt", "一、开幕".encode()), **DECLARED})
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    record = attachment.upload_record
    assert (record.person, record.department, record.verdict) == (personas.staff_a, personas.dept_a, Verdict.ACCEPTED)
    assert record.declaration_version == CURRENT_VERSION and record.declared_level == "非密"
    assert record.sha256 == attachment.sha256 and record.purpose == "公文附件"


def test_api_attachment_without_the_declaration_is_refused_and_nothing_is_kept(personas, client, login, draft, settings):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/api/v1/documents/{document.pk}/attachments/", {"file": SimpleUploadedFile("议程.txt", b"x")})
    assert response.status_code == 400 and "承诺" in response.content.decode()
    assert not Attachment.objects.exists() and _files(settings) == []


@pytest.mark.parametrize("level", ["绝密", "机密", "秘密"])
def test_declaring_a_classified_level_is_refused_with_where_it_goes(personas, client, login, draft, level):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/api/v1/documents/{document.pk}/attachments/",
                           {"file": SimpleUploadedFile("议程.txt", b"x"), **DECLARED, "declared_level": level})
    assert response.status_code == 400 and "机要渠道" in response.content.decode()
    assert not Attachment.objects.exists()
    assert UploadRecord.objects.get().verdict == Verdict.BLOCKED


def test_classified_attachment_from_the_page_is_refused_and_leaves_no_file(personas, client, login, draft, settings):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/documents/{document.pk}/attachments/",
                           {"file": SimpleUploadedFile("请示.docx", CLASSIFIED_DOCX), **DECLARED}, follow=True)
    assert response.status_code == 200
    assert "附件未添加" in response.content.decode() and "机密★1年" in response.content.decode()
    assert not Attachment.objects.exists() and _files(settings) == []
    record = UploadRecord.objects.get()
    assert record.verdict == Verdict.BLOCKED and record.person == personas.staff_a


def test_nobody_elses_upload_is_screened_for_a_document_they_cannot_change(personas, client, login, draft):
    document = draft()
    login(personas.staff_b)
    response = client.post(f"/api/v1/documents/{document.pk}/attachments/",
                           {"file": SimpleUploadedFile("议程.txt", b"x"), **DECLARED})
    assert response.status_code == 404
    assert not UploadRecord.objects.exists()


def test_docx_import_passes_the_gate_then_replaces_the_body(personas, client, login, draft):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/documents/{document.pk}/import-docx/",
                           {"file": SimpleUploadedFile("正文.docx", _docx_bytes("一、总体要求", "按时完成。")), **DECLARED})
    assert response.status_code == 302
    document.refresh_from_db()
    assert "按时完成。" in document.body and document.version == 2
    assert UploadRecord.objects.get().purpose == "公文正文导入"


def test_classified_docx_import_through_the_api_leaves_the_body_alone(personas, client, login, draft):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/api/v1/documents/{document.pk}/import-docx/",
                           {"file": SimpleUploadedFile("正文.docx", CLASSIFIED_DOCX), **DECLARED})
    assert response.status_code == 400 and "机密★1年" in response.content.decode()
    document.refresh_from_db()
    assert document.version == 1 and "机密" not in document.body


def test_a_typed_title_with_a_marking_is_refused_and_no_draft_is_made(personas, client, login):
    login(personas.staff_a)
    response = client.post("/api/v1/documents/", {"title": "机密★1年 关于某项目的请示", "body": "正文"},
                           content_type="application/json")
    assert response.status_code == 400 and "标题" in response.content.decode()
    assert not Document.objects.exists()
    record = UploadRecord.objects.get()
    assert (record.source, record.verdict, record.person) == (Source.TYPED, Verdict.BLOCKED, personas.staff_a)
    assert "机密★1年" not in str(record.name)


def test_a_typed_body_with_a_marking_is_refused_on_save_and_the_draft_keeps_its_version(personas, client, login, draft):
    document = draft()
    login(personas.staff_a)
    response = client.post(f"/documents/{document.pk}/edit/", {
        "version": 1, "title": document.title, "body": "密级：秘密\n正文", "doc_type": document.doc_type,
        "direction": document.direction, "urgency": document.urgency, "publicity": document.publicity,
        "main_departments": [personas.dept_b.pk],
    })
    assert response.status_code == 200
    assert "正文中标注了“密级：秘密”" in response.content.decode() and "机要渠道" in response.content.decode()
    document.refresh_from_db()
    assert document.version == 1 and "秘密" not in document.body


def test_the_edit_page_asks_for_the_declaration_on_both_upload_forms(personas, client, login, draft):
    document = draft()
    login(personas.staff_a)
    html = client.get(f"/documents/{document.pk}/edit/").content.decode()
    assert html.count('name="declaration_accepted"') == 2 and html.count('name="declared_level"') == 2
    assert 'id="attach_declared_level"' in html and 'id="import_declared_level"' in html
    assert "谁上网谁负责" in html
