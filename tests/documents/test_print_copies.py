"""印制份数 recorded at 用印 (page and API), the 份号 of each printed copy (?copy=N), and the 纪要 fields
through the draft form, the API and the classification gate."""

import io

import pytest
from pypdf import PdfReader

from documents.choices import DocumentState as S
from documents.models import Document

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_the_seal_step_records_the_print_run_in_the_api(personas, client, login, draft, walk):
    document = walk(draft(), S.SEALING)
    login(personas.clerk_a)
    url = f"/api/v1/documents/{document.pk}/seal/"
    for bad in ("三份", 0, 10000, True):
        refused = client.post(url, {"print_copies": bad}, content_type=JSON)
        assert refused.status_code == 400 and "印制份数" in str(refused.json()), bad
    done = client.post(url, {"print_copies": 12}, content_type=JSON)
    assert done.status_code == 200 and done.json()["print_copies"] == 12 and done.json()["state"] == S.DISPATCH
    assert done.json()["trail"][-1]["step"] == "seal"


def test_the_seal_step_records_the_print_run_on_the_page(personas, client, login, draft, walk):
    document = walk(draft(print_copies=3), S.SEALING)
    login(personas.clerk_a)
    page = client.get(f"/documents/{document.pk}/")
    assert 'name="print_copies"' in page.content.decode() and 'value="3"' in page.content.decode()
    refused = client.post(f"/documents/{document.pk}/act/seal/", {"print_copies": "-1"}, follow=True)
    assert "印制份数" in refused.content.decode()
    assert Document.objects.get(pk=document.pk).state == S.SEALING
    client.post(f"/documents/{document.pk}/act/seal/", {"print_copies": "20"})
    document.refresh_from_db()
    assert document.state == S.DISPATCH and document.print_copies == 20 and document.sealed


def test_each_printed_copy_carries_its_own_copy_number(personas, client, login, draft, walk):
    document = walk(draft(), S.SEALING)
    login(personas.clerk_a)
    missing = client.get(f"/api/v1/documents/{document.pk}/render.pdf?copy=1")
    assert missing.status_code == 404 and "未登记印制份数" in missing.json()["detail"]
    client.post(f"/api/v1/documents/{document.pk}/seal/", {"print_copies": 5}, content_type=JSON)
    for url in (f"/documents/{document.pk}/pdf/?copy=3", f"/api/v1/documents/{document.pk}/render.pdf?copy=3"):
        response = client.get(url)
        assert response.status_code == 200
        assert "000003" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        assert "000003.pdf" in response["Content-Disposition"]
    docx = client.get(f"/documents/{document.pk}/docx/?copy=5")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    for value, status, words in (("6", 404, "共印制 5 份"), ("0", 400, "正整数"), ("x", 400, "正整数")):
        page = client.get(f"/documents/{document.pk}/pdf/?copy={value}")
        assert page.status_code == status and words in page.content.decode()
        api = client.get(f"/api/v1/documents/{document.pk}/render.docx?copy={value}")
        assert api.status_code == status and words in api.json()["detail"]
    plain = client.get(f"/documents/{document.pk}/pdf/")
    assert "000003" not in PdfReader(io.BytesIO(plain.content)).pages[0].extract_text()


def test_minutes_fields_through_the_form_and_the_api(personas, client, login):
    login(personas.staff_a)
    created = client.post("/api/v1/documents/", {
        "title": "局长办公会议纪要", "doc_type": "纪要", "body": "会议议定如下：", "recipients_note": "各科室",
        "minutes_present": "王局长、李副局长", "minutes_absent": "郑副局长", "minutes_attending": "冯某某",
    }, content_type=JSON)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["minutes_present"], body["minutes_absent"], body["minutes_attending"]) == ("王局长、李副局长", "郑副局长", "冯某某")
    assert body["organ_mark"] == f"{personas.staff_a.department.name}纪要"  # 纪要格式's mark by default
    page = client.get(f"/documents/{body['id']}/edit/")
    assert 'name="minutes_present"' in page.content.decode() and "王局长、李副局长" in page.content.decode()
    letter = client.post("/api/v1/documents/", {"title": "关于商请支持的函", "doc_type": "函"}, content_type=JSON)
    assert letter.json()["organ_mark"] == personas.staff_a.department.name  # a 函's mark: the organ's name alone


def test_the_gate_reads_the_minutes_lines(personas, client, login):
    login(personas.staff_a)
    refused = client.post("/api/v1/documents/", {
        "title": "局长办公会议纪要", "doc_type": "纪要", "minutes_attending": "机密★1年 冯某某",
    }, content_type=JSON)
    assert refused.status_code in (400, 403) and "列席" in str(refused.json())
    assert not Document.objects.filter(title="局长办公会议纪要").exists()
