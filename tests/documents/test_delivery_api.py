"""/api/v1/deliveries/ in the same style as documents; filters; other departments get 404."""

import pytest

from documents.choices import DocumentState as S
from documents.models import Delivery

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def delivery(personas, draft, walk):
    document = walk(draft(title="关于报送试运行工作组名单的通知"), S.DISPATCHED)
    return Delivery.objects.get(document=document)


def test_receiving_steps_through_the_api(personas, client, login, delivery):
    url = f"/api/v1/deliveries/{delivery.pk}/"
    for person, action, body in [
        (personas.clerk_b, "sign_for", {}), (personas.clerk_b, "register", {}),
        (personas.clerk_b, "screen", {"handling": "task"}),
        (personas.director_b, "propose", {"text": "拟请领导阅示", "assignee": personas.staff_b.pk,
                                          "leaders": [personas.leader_b.pk]}),
        (personas.leader_b, "instruct", {"text": "请办公室落实", "assignee": personas.staff_b.pk}),
        (personas.leader_b, "circulate", {"readers": [personas.head_b.pk, personas.clerk_b.pk]}),
        (personas.staff_b, "complete", {"text": "已报送名单"}),
    ]:
        login(person)
        state = client.get(url).json()
        assert action in state["available_transitions"], (action, state["available_transitions"])
        response = client.post(url + f"{action}/", body, content_type=JSON)
        assert response.status_code == 200, (action, response.content)
        client.logout()
    login(personas.head_b)
    assert client.get("/api/v1/deliveries/readings/").json()["results"][0]["delivery"] == delivery.pk
    assert client.post(url + "read/").json() == {"marked": 1}
    detail = client.get(url).json()
    readings = detail["circulations"][0]["readings"]
    assert {(r["reader_name"], r["read_at"] is not None) for r in readings} == {
        (personas.head_b.name, True), (personas.clerk_b.name, False)}
    assert detail["state"] == "done" and detail["register_number"].startswith("收〔")
    assert detail["handling"] == "task" and detail["proposed_assignee"] == personas.staff_b.pk
    assert [(t["person_name"], t["kind"], t["text"]) for t in detail["instructions"]] == [
        (personas.leader_b.name, "instruct", "请办公室落实")]
    assert [s["action"] for s in detail["trail"]][:5] == ["签收", "登记", "初审", "拟办", "批示"]


def test_lists_filter_and_page_by_keyset(personas, client, login, draft, walk):
    for i in range(3):
        walk(draft(title=f"关于第{i}期培训的通知", urgency="urgent" if i == 0 else "normal"), S.DISPATCHED)
    login(personas.clerk_b)
    todo = client.get("/api/v1/deliveries/").json()["results"]
    assert len(todo) == 3
    urgent = client.get("/api/v1/deliveries/?urgency=urgent").json()["results"]
    assert [d["title"] for d in urgent] == ["关于第0期培训的通知"]
    found = client.get("/api/v1/deliveries/?list=register&q=第2期").json()["results"]
    assert [d["title"] for d in found] == ["关于第2期培训的通知"]
    assert client.get("/api/v1/deliveries/?since=yesterday").status_code == 400


def test_other_departments_get_404_and_wrong_people_403(personas, client, login, delivery):
    from tests.factories import DepartmentFactory, PersonFactory

    stranger = PersonFactory(department=DepartmentFactory(name="丙局", organ_code="韶丙", slug="deptC"))
    login(stranger)
    assert client.get(f"/api/v1/deliveries/{delivery.pk}/").status_code == 404
    client.logout()
    login(personas.staff_b)
    assert client.post(f"/api/v1/deliveries/{delivery.pk}/sign_for/", {}, content_type=JSON).status_code == 403
    assert client.post(f"/api/v1/deliveries/{delivery.pk}/teleport/", {}, content_type=JSON).status_code == 404


def test_paper_arrival_through_the_api(personas, client, login):
    login(personas.clerk_b)
    response = client.post("/api/v1/deliveries/paper/", {"title": "省厅来函", "sender_name": "省信息中心"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["on_paper"] is True
    assert client.post("/api/v1/deliveries/paper/", {"title": ""}, content_type=JSON).status_code == 400
