"""/api/v1/notices/: the same steps and the same permission checks as the pages."""

import io

import pytest

from notices.choices import NoticeState as S
from notices.models import Notice
from oa.uploads.screening.declarations import CURRENT_VERSION

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def test_draft_to_published_to_read_through_the_api(personas, info_leader, client, login):
    login(personas.info_center)
    created = _post(client, "/api/v1/notices/", {
        "title": "关于系统停机维护的公告", "body": "11月20日 20:00—22:00 停机维护。", "category": "system",
        "audience": "departments", "audience_departments": [personas.dept_a.pk, personas.dept_b.pk],
        "requires_receipt": True, "pinned": True,
    })
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "draft" and data["available_transitions"] == ["submit"]
    assert data["audience_departments"] == [personas.dept_a.pk, personas.dept_b.pk]
    url = f"/api/v1/notices/{data['id']}/"

    patched = client.patch(url, {"title": "关于系统停机维护的公告（更正）", "version": data["version"]}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["version"] == data["version"] + 1
    stale = client.patch(url, {"title": "覆盖", "version": data["version"]}, content_type=JSON)
    assert stale.status_code == 409 and "旧版本" in stale.json()["detail"]
    assert client.patch(url, {"title": "无版本"}, content_type=JSON).status_code == 400

    assert _post(client, url + "submit/").json()["state"] == "pending"
    assert _post(client, url + "approve/").status_code == 403  # the author is no leader
    client.logout()

    login(info_leader)
    assert client.get(url).json()["available_transitions"] == ["approve", "return"]
    assert _post(client, url + "approve/").json()["state"] == "published"
    assert _post(client, url + "approve/").status_code == 409
    client.logout()

    login(personas.clerk_a)
    inbox = client.get("/api/v1/notices/").json()["results"]
    assert [n["id"] for n in inbox] == [data["id"]] and inbox[0]["is_read"] is False
    detail = client.get(url).json()
    assert detail["my_receipt"]["read"] is False and detail["portal_url"]
    assert _post(client, url + "read/").json()["read"] is True
    receipt = _post(client, url + "receipt/", {"reply": "已知悉"})
    assert receipt.status_code == 200 and receipt.json()["reply"] == "已知悉"
    assert _post(client, url + "receipt/").status_code == 409
    assert client.get(url + "reads/").status_code == 403
    assert _post(client, url + "remind/").status_code == 403
    client.logout()

    login(personas.info_center)
    status = client.get(url + "reads/").json()
    assert status["read_count"] == 1
    by_department = {d["name"]: d for d in status["departments"]}
    assert by_department["甲局"]["read"] == 1 and by_department["乙局"]["read"] == 0
    unread = client.get(url + "reads/?which=unread").json()["results"]
    assert personas.clerk_a.username not in {p["username"] for p in unread}
    assert _post(client, url + "remind/").json()["reminded"] == status["recipient_count"] - 1
    published = client.get("/api/v1/notices/?scope=published").json()["results"]
    assert published[0]["read_count"] == 1
    assert _post(client, url + "withdraw/").status_code == 400  # a reason is required
    assert _post(client, url + "withdraw/", {"reason": "维护时间调整"}).json()["state"] == "withdrawn"


def test_return_with_a_reason_through_the_api(personas, info_leader, notice, client, login):
    made = notice()
    from notices.services.flow import notice_submit

    notice_submit(actor=personas.info_center, notice_id=made.pk)
    login(info_leader)
    assert client.get("/api/v1/notices/?scope=pending").json()["results"][0]["id"] == made.pk
    back = _post(client, f"/api/v1/notices/{made.pk}/return/", {"reason": "请补充时间"})
    assert back.json()["state"] == "draft" and back.json()["return_reason"] == "请补充时间"


def test_unknown_transition_and_bad_scope_are_clear_errors(personas, notice, client, login):
    made = notice()
    login(personas.info_center)
    response = _post(client, f"/api/v1/notices/{made.pk}/publish/")
    assert response.status_code == 404 and "submit" in response.json()["detail"]
    assert client.get("/api/v1/notices/?scope=all").status_code == 400


def test_people_who_may_not_draft_get_403_and_nothing_is_made(personas, client, login):
    login(personas.staff_a)
    response = _post(client, "/api/v1/notices/", {"title": "测试", "body": "正文", "audience": "everyone"})
    assert response.status_code == 403 and "文书" in response.json()["detail"]
    assert not Notice.objects.exists()


def test_a_marked_title_is_refused_by_the_gate(personas, client, login):
    login(personas.info_center)
    response = _post(client, "/api/v1/notices/", {"title": "机密★1年 关于某事项的通知", "body": "正文", "audience": "everyone"})
    assert response.status_code == 400
    assert not Notice.objects.exists()


def test_attachments_pass_the_classification_gate(personas, notice, client, login):
    made = notice()
    login(personas.info_center)
    url = f"/api/v1/notices/{made.pk}/attachments/"

    def upload(**declaration):
        handle = io.BytesIO("培训日程安排：第一期11月9日。".encode())
        handle.name = "培训日程.txt"
        return client.post(url, {"file": handle, **declaration})

    refused = upload()
    assert refused.status_code == 400 and not made.attachments.exists()
    accepted = upload(declaration_accepted="true", declaration_version=CURRENT_VERSION, declared_level="非密")
    assert accepted.status_code == 201, accepted.content
    attachment = made.attachments.get()
    assert attachment.upload_record.verdict == "accepted"
    assert client.get(f"/notices/{made.pk}/attachments/{attachment.pk}/").status_code == 200
    assert client.delete(f"{url}{attachment.pk}/").status_code == 204


def test_the_api_appears_in_the_schema(client, personas, login):
    login(personas.clerk_a)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/notices/", "/api/v1/notices/{id}/{transition}/", "/api/v1/notices/{id}/reads/",
                 "/api/v1/notices/{id}/receipt/", "/api/v1/notices/{id}/remind/"):
        assert path in schema, path


def test_state_in_the_api_is_the_current_state(personas, notice, client, login):
    from datetime import timedelta

    from django.utils import timezone

    made = notice(publish=True, expires_at=timezone.now() + timedelta(days=1))
    Notice.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    login(personas.info_center)
    data = client.get(f"/api/v1/notices/{made.pk}/").json()
    assert data["state"] == S.EXPIRED and data["available_transitions"] == []
