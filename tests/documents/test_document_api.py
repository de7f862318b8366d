"""Every step through /api/v1/documents/, with the same permission checks as the pages."""

import base64

import pytest

from documents.choices import DocumentState as S
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def test_draft_to_dispatch_through_the_api(personas, client, login):
    login(personas.staff_a)
    created = _post(client, "/api/v1/documents/", {
        "title": "关于开展公文系统培训的通知", "doc_type": "通知", "body": "一、培训时间\n11月20日。",
        "main_departments": [personas.dept_b.pk], "copy_departments": [personas.info_dept.pk],
    })
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["state"] == "draft" and doc["available_transitions"] == ["submit", "void"]
    url = f"/api/v1/documents/{doc['id']}/"

    patched = client.patch(url, {"title": "关于开展公文系统操作培训的通知", "version": doc["version"]}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["version"] == doc["version"] + 1
    stale = client.patch(url, {"title": "覆盖", "version": doc["version"]}, content_type=JSON)
    assert stale.status_code == 409 and "旧版本" in stale.json()["detail"]

    assert _post(client, url + "submit/").json()["state"] == S.REVIEW
    client.logout()
    for person, action, extra in [
        (personas.director_a, "review", {"opinion": "拟同意"}),
        (personas.leader_a, "sign", {"opinion": "同意", "confirmation": TEST_PASSWORD,
                                     "signature": "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()}),
        (personas.director_a, "check", {}),
        (personas.clerk_a, "number", {}),
        (personas.clerk_a, "seal", {}),
        (personas.clerk_a, "dispatch", {}),
    ]:
        login(person)
        before = client.get(url).json()
        assert action in before["available_transitions"], (action, before["available_transitions"])
        response = _post(client, url + f"{action}/", extra)
        assert response.status_code == 200, (action, response.content)
        client.logout()
    login(personas.clerk_b)
    received = client.get(url).json()
    assert received["state"] == S.DISPATCHED and received["doc_number"].startswith("韶甲〔")
    assert [step["step"] for step in received["trail"]] == ["submit", "review", "sign", "check", "number", "seal", "dispatch"]
    assert received["trail"][2]["has_signature"] is True


def test_wrong_person_gets_403_outsider_gets_404_and_a_repeat_gets_409(personas, client, login, draft, walk):
    document = walk(draft(), S.REVIEW)
    url = f"/api/v1/documents/{document.pk}/"
    login(personas.clerk_a)
    assert _post(client, url + "review/").status_code == 403
    client.logout()
    login(personas.clerk_b)
    assert client.get(url).status_code == 404
    assert _post(client, url + "review/").status_code == 404
    client.logout()
    login(personas.director_a)
    assert _post(client, url + "review/").status_code == 200
    again = _post(client, url + "review/")
    assert again.status_code == 409 and "状态已变化" in again.json()["detail"]
    assert _post(client, url + "fly-away/").status_code == 404


def test_return_needs_a_reason(personas, client, login, draft, walk):
    document = walk(draft(), S.REVIEW)
    login(personas.director_a)
    response = _post(client, f"/api/v1/documents/{document.pk}/return/", {"reason": ""})
    assert response.status_code == 400 and "原因" in response.content.decode()


def test_bad_input_is_a_clear_400(personas, client, login):
    login(personas.staff_a)
    assert _post(client, "/api/v1/documents/", {"title": ""}).status_code == 400
    assert _post(client, "/api/v1/documents/", {"title": "x", "main_departments": [999999]}).status_code == 400
    assert _post(client, "/api/v1/documents/", {"title": "x", "doc_type": "圣旨"}).status_code == 400
    assert client.get("/api/v1/documents/?before=abc").status_code == 200


def test_attachments_through_the_api(personas, client, login, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = draft()
    login(personas.staff_a)
    url = f"/api/v1/documents/{document.pk}/attachments/"
    declared = {"declaration_accepted": "true", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
    upload = client.post(url, {"file": SimpleUploadedFile("会议议程.txt", "一、开幕".encode()), **declared})
    assert upload.status_code == 201 and upload.json()["name"] == "会议议程.txt"
    attachment_id = upload.json()["id"]
    detail = client.get(f"/api/v1/documents/{document.pk}/").json()
    assert [a["name"] for a in detail["attachments"]] == ["会议议程.txt"]
    assert client.delete(f"{url}{attachment_id}/").status_code == 204


def test_number_register_lists_numbers_in_numeric_order(personas, client, login, draft, walk):
    docs = [walk(draft(title=f"第{i}件"), S.SEALING) for i in range(11)]
    login(personas.clerk_a)
    rows = client.get("/api/v1/documents/numbers/").json()
    assert [row["seq"] for row in rows] == list(range(1, 12))  # 10 after 9, not after 1
    assert rows[9]["number"].endswith(f"〔{docs[9].number_year}〕10号")


def test_the_schema_describes_the_document_endpoints(personas, client, login):
    login(personas.clerk_a)
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/documents/{id}/{transition}/" in paths
    assert "/api/v1/documents/{id}/" in paths
