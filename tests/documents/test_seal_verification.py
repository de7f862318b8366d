"""电子印章验证: the page and the API, for anyone logged in; a PDF (kept nowhere) or its SHA-256; 用印 itself
still goes through run_step with the workflow's permissions, and the PDF is signed only once dispatched."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.choices import DocumentState as S
from documents.models import SealedPdf
from tests.documents.test_electronic_seal import changed, download

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(personas, client, login, draft, walk):
    document = walk(draft(title="关于电子印章验证的通知"), S.DISPATCHED)
    login(personas.clerk_a)
    return document, download(client, document)


def test_the_page_says_who_sealed_an_uploaded_pdf_and_when(personas, client, login, signed):
    document, pdf = signed
    login(personas.staff_b)  # anyone logged in, here another department's staff
    response = client.post("/documents/seals/verify/", {"file": SimpleUploadedFile("x.pdf", pdf, "application/pdf")})
    text = response.content.decode()
    assert response.status_code == 200
    assert "验证通过：这是本系统加盖电子印章的文件" in text
    assert personas.dept_a.name in text and "关于电子印章验证的通知" in text and document.doc_number in text
    assert "市信息中心电子印章演示根证书" in text and "年" in text


def test_a_changed_byte_fails_on_the_page_and_the_api(personas, client, login, signed):
    _, pdf = signed
    response = client.post("/documents/seals/verify/", {"file": SimpleUploadedFile("x.pdf", changed(pdf), "application/pdf")})
    assert response.status_code == 200 and "验证未通过" in response.content.decode()
    api = client.post("/api/v1/seals/verify/", {"file": SimpleUploadedFile("x.pdf", changed(pdf), "application/pdf")})
    assert api.status_code == 200
    assert api.json()["ok"] is False and api.json()["sealed_here"] is False


def test_the_api_checks_a_file_and_a_hash(personas, client, login, signed):
    document, pdf = signed
    sha = hashlib.sha256(pdf).hexdigest()
    api = client.post("/api/v1/seals/verify/", {"file": SimpleUploadedFile("x.pdf", pdf, "application/pdf")})
    body = api.json()
    assert api.status_code == 200 and body["ok"] and body["sealed_here"] and body["sha256"] == sha
    assert body["document"]["id"] == document.pk and body["document"]["organs"][0]["organ"] == personas.dept_a.name
    [signature] = body["verification"]["signatures"]
    assert signature["intact"] and signature["valid"] and signature["trusted"] and signature["signer"] == personas.dept_a.name
    by_hash = client.post("/api/v1/seals/verify/", {"sha256": sha.upper()}, content_type="application/json")
    assert by_hash.status_code == 200 and by_hash.json()["sealed_here"] and by_hash.json()["verification"] is None
    unknown = client.post("/api/v1/seals/verify/", {"sha256": "0" * 64}, content_type="application/json")
    assert unknown.status_code == 200 and unknown.json()["ok"] is False


@pytest.mark.parametrize("payload, message", [
    ({"sha256": "not-a-hash"}, "64 位十六进制"),
    ({}, "请上传 PDF 文件"),
])
def test_bad_input_is_a_400_in_chinese(personas, client, login, payload, message):
    login(personas.staff_a)
    response = client.post("/api/v1/seals/verify/", payload, content_type="application/json")
    assert response.status_code == 400 and message in response.json()["detail"]


def test_a_file_that_is_not_a_pdf_or_too_big_is_refused_and_nothing_is_kept(personas, client, login, settings):
    login(personas.staff_a)
    before = SealedPdf.objects.count()
    response = client.post("/documents/seals/verify/", {"file": SimpleUploadedFile("x.pdf", b"PK\x03\x04zip", "application/pdf")})
    assert response.status_code == 400 and "不是 PDF" in response.content.decode()
    settings.OA_UPLOAD_MAX_BYTES = 100
    response = client.post("/api/v1/seals/verify/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n" + b"0" * 200)})
    assert response.status_code == 400 and "超过上限" in response.json()["detail"]
    assert SealedPdf.objects.count() == before


def test_an_unsigned_pdf_says_it_carries_no_seal(personas, client, login, draft):
    from documents.rendering.pdf import render_pdf

    login(personas.staff_a)
    response = client.post("/api/v1/seals/verify/", {"file": SimpleUploadedFile("x.pdf", render_pdf(draft()))})
    assert response.status_code == 200
    assert response.json()["ok"] is False and "没有电子印章" in response.json()["headline"]


def test_the_page_needs_a_login(client):
    response = client.get("/documents/seals/verify/")
    assert response.status_code in (302, 401, 403)


def test_the_page_opens_empty(personas, client, login):
    login(personas.staff_b)
    response = client.get("/documents/seals/verify/")
    assert response.status_code == 200 and "电子印章验证" in response.content.decode()


def test_yongyin_goes_through_run_step_with_the_same_permissions_and_signs_only_when_dispatched(
        personas, client, login, draft, walk, act):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    document = walk(draft(), S.SEALING)
    for outsider in (personas.staff_a, personas.clerk_b):  # not the issuing office's clerk
        with pytest.raises((PermissionDenied, Http404)):
            act(outsider, "seal", document)
    document = act(personas.clerk_a, "seal", document, print_copies=2)
    assert document.sealed and document.state == S.DISPATCH
    login(personas.clerk_a)
    download(client, document)  # before 核发: the drawn seal, nothing signed
    assert not SealedPdf.objects.filter(document=document).exists()
    document = act(personas.clerk_a, "dispatch", document)
    download(client, document)
    assert SealedPdf.objects.filter(document=document).count() == 1
