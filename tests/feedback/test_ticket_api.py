"""/api/v1/tickets/: the same services and checks as the pages."""

import pytest

from oa.feedback.models import Ticket

pytestmark = pytest.mark.django_db


def test_report_walk_and_comment_through_the_api(personas, draft, login, client, info_leader):
    document = draft()
    login(personas.clerk_a)
    created = client.post("/api/v1/tickets/", {"category": "data", "severity": "urgent", "description": "公文正文丢失",
                                                "page_url": f"/documents/{document.pk}/"},
                          content_type="application/json", HTTP_USER_AGENT="TestBrowser/1.0")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "submitted" and body["document"] == document.pk and body["user_agent"] == "TestBrowser/1.0"
    assert body["available_transitions"] == []
    pk = body["id"]
    assert client.post(f"/api/v1/tickets/{pk}/accept/", {}, content_type="application/json").status_code == 403
    client.logout()
    login(personas.info_center)
    listed = client.get("/api/v1/tickets/?state=submitted").json()
    assert [r["id"] for r in listed["results"]] == [pk]
    detail = client.get(f"/api/v1/tickets/{pk}/").json()
    assert set(detail["available_transitions"]) == {"accept", "merge"}
    step = client.post(f"/api/v1/tickets/{pk}/accept/", {"to_vendor": True}, content_type="application/json")
    assert step.status_code == 200 and step.json()["state"] == "accepted" and step.json()["to_vendor"] is True
    assert client.post(f"/api/v1/tickets/{pk}/accept/", {}, content_type="application/json").status_code == 409
    bad = client.post(f"/api/v1/tickets/{pk}/resolve/", {"text": ""}, content_type="application/json")
    assert bad.status_code == 400 and "处理结果" in bad.content.decode()
    assert client.post(f"/api/v1/tickets/{pk}/resolve/", {"text": "已从备份恢复"},
                       content_type="application/json").json()["state"] == "resolved"
    assert client.post(f"/api/v1/tickets/{pk}/fly/", {}, content_type="application/json").status_code == 404
    comment = client.post(f"/api/v1/tickets/{pk}/comments/", {"text": "请核对"}, content_type="application/json")
    assert comment.status_code == 201
    figures = client.get("/api/v1/tickets/figures/").json()
    assert {"department": personas.dept_a.pk, "category": "data", "reported": 1, "resolved": 1}.items() <= figures[0].items()
    client.logout()
    login(personas.clerk_a)
    thread = client.get(f"/api/v1/tickets/{pk}/comments/").json()
    assert thread[-1]["text"] == "请核对"
    assert client.get("/api/v1/tickets/figures/").status_code == 403
    assert client.post(f"/api/v1/tickets/{pk}/confirm/", {}, content_type="application/json").json()["state"] == "confirmed"


def test_bad_input_is_a_clear_400_and_files_nothing(personas, login, client):
    login(personas.staff_a)
    response = client.post("/api/v1/tickets/", {"category": "weather", "description": ""}, content_type="application/json")
    assert response.status_code == 400 and not Ticket.objects.exists()
    response = client.post("/api/v1/tickets/", {"category": "network", "description": "机密★1年 内网拓扑说明"},
                           content_type="application/json")
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_the_schema_lists_the_ticket_routes(personas, login, client):
    login(personas.staff_a)
    schema = client.get("/api/schema/?format=json").content.decode()
    for path in ("/api/v1/tickets/", "/api/v1/tickets/{id}/{transition}/", "/api/v1/tickets/{id}/comments/"):
        assert path in schema
