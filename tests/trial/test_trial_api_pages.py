"""/api/v1/trials/ and the pages: the same services and the same permission checks."""

import pytest
from django.utils import timezone

from oa.trial.models import PaperRequirement, TrialProgramme

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def test_programme_through_the_api(personas, rule, client, login):
    today = timezone.localdate().isoformat()
    login(personas.clerk_a)
    assert _post(client, "/api/v1/trials/", {"name": "试运行", "start_date": today, "end_date": today}).status_code == 403
    client.logout()
    login(personas.info_center)
    created = _post(client, "/api/v1/trials/", {"name": "电子政务应用系统试运行", "start_date": today, "end_date": today,
                                                 "office": [personas.dept_a.pk, personas.dept_b.pk]})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "planned" and data["available_transitions"] == ["start"] and len(data["participants"]) == 2
    bad = _post(client, "/api/v1/trials/", {"name": "x", "start_date": today, "end_date": "2020-01-01"})
    assert bad.status_code == 400 and "结束日期" in str(bad.json())
    started = _post(client, f"/api/v1/trials/{data['id']}/start/")
    assert started.status_code == 200 and started.json()["state"] == "running"
    assert _post(client, f"/api/v1/trials/{data['id']}/start/").status_code == 409
    assert _post(client, f"/api/v1/trials/{data['id']}/fly/").status_code == 404
    assert client.get("/api/v1/trials/rules/").json()["results"][0]["version"] == 1


def test_paper_and_reconciliation_through_the_api(trial, dispatched, personas, client, login):
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    url = f"/api/v1/trials/paper/{requirement.pk}/"
    login(personas.clerk_a)
    assert client.get("/api/v1/trials/paper/?side=send").json()["results"][0]["id"] == requirement.pk
    assert client.get(url).json()["available_transitions"] == ["record"]
    bad = _post(client, url + "record/", {"count": 3, "copy_range": "000001-000002", "sent_on": timezone.localdate().isoformat(),
                                          "method": "exchange"})
    assert bad.status_code == 400 and "份号" in str(bad.json())
    done = _post(client, url + "record/", {"count": 3, "copy_range": "000001-000003",
                                           "sent_on": timezone.localdate().isoformat(), "method": "exchange"})
    assert done.status_code == 200 and done.json()["state"] == "sent"
    assert _post(client, url + "confirm/", {"count": 3}).status_code == 403
    client.logout()
    login(personas.clerk_b)
    assert _post(client, "/api/v1/trials/paper/confirm/", {"ids": [requirement.pk]}).status_code == 200
    data = client.get(url).json()
    assert data["state"] == "confirmed" and data["received_count"] == 3 and data["discrepancy"] == "not_signed"
    rec = client.get("/api/v1/trials/reconciliation/?kind=not_signed").json()
    assert [r["id"] for r in rec["results"]] == [requirement.pk] and rec["counts"]["not_signed"] == 1
    assert client.get("/api/v1/trials/reconciliation/?kind=whatever").status_code == 400
    own = _post(client, url + "chase/")  # B itself owes the signing: told so, nothing chased
    assert own.status_code == 400 and "请本单位在线上签收该件" in str(own.json())
    client.logout()
    login(personas.clerk_a)
    chased = _post(client, url + "chase/")  # A chases B to sign
    assert chased.status_code == 200 and chased.json()["chase_count"] == 1
    client.logout()
    login(personas.staff_b)
    assert client.get("/api/v1/trials/reconciliation/").status_code == 403
    assert client.get("/api/v1/trials/paper/").status_code == 403


def test_paper_only_through_the_api(trial, personas, client, login):
    login(personas.clerk_a)
    made = _post(client, "/api/v1/trials/paper-only/", {"on_date": timezone.localdate().isoformat(),
                                                        "counterpart": personas.dept_b.pk, "direction": "sent", "count": 1,
                                                        "title": "绝密文件标题"})
    assert made.status_code == 201 and "title" not in made.json()
    assert "绝密" not in str(client.get("/api/v1/trials/paper-only/").json())


def test_the_schema_lists_the_trial_endpoints(personas, client, login):
    login(personas.info_center)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/trials/", "/api/v1/trials/paper/{id}/{transition}/", "/api/v1/trials/reconciliation/"):
        assert path in schema


@pytest.mark.parametrize("who, url, status", [
    ("clerk_a", "/trial/paper/", 200), ("staff_a", "/trial/paper/", 403), ("clerk_b", "/trial/reconcile/", 200),
    ("info_center", "/trial/reconcile/?kind=count_mismatch", 200), ("staff_a", "/trial/reconcile/", 403),
    ("clerk_a", "/trial/paper-only/", 200), ("staff_a", "/trial/rules/", 200), ("info_center", "/trial/new/", 200),
    ("clerk_a", "/trial/new/", 403),
])
def test_pages_answer_with_the_same_checks(trial, personas, client, login, who, url, status):
    login(getattr(personas, who))
    assert client.get(url).status_code == status


def test_the_programme_page_and_paper_pages(trial, dispatched, personas, client, login):
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    login(personas.clerk_a)
    page = client.get("/trial/", follow=True).content.decode()
    assert "电子政务应用系统试运行" in page and "试运行工作组" in page
    response = client.post(f"/trial/paper/{requirement.pk}/record/", {"count": 2, "copy_range": "1-2", "method": "courier",
                                                                      "sent_on": timezone.localdate().isoformat()}, follow=True)
    assert "已登记纸质件送出" in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.copy_range == "000001-000002"
    client.logout()
    login(personas.clerk_b)
    response = client.post(f"/trial/paper/{requirement.pk}/confirm/", {"count": "abc"}, follow=True)
    assert "收到份数" in response.content.decode()
    assert client.get(f"/trial/paper/{requirement.pk}/").status_code == 200
    client.logout()
    login(personas.staff_a)
    assert client.get(f"/trial/paper/{requirement.pk + 99}/").status_code == 404
    assert client.post(f"/trial/{TrialProgramme.objects.get().pk}/act/end/", follow=True).status_code == 200
    assert TrialProgramme.objects.get().state == "running"


def test_the_information_centre_sees_every_department_on_the_programme_page(trial, dispatched, personas, client, login):
    dispatched()
    login(personas.info_center)
    page = client.get(f"/trial/{trial.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "各单位情况" in text and "甲局" in text and "乙局" in text and "结束试运行" in text
