"""Personal tokens and the organisation endpoints."""

import pytest

from oa.org.models import ApiToken

pytestmark = pytest.mark.django_db


def _token(client, username, password):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password, "name": "脚本"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_token_is_shown_once_and_stored_only_as_a_hash(personas, client, password):
    key = _token(client, "a_clerk", password)
    token = ApiToken.objects.get(person=personas.clerk_a)
    assert key not in (token.key_hash, token.prefix) and key.startswith(token.prefix)


def test_token_authenticates_and_can_be_revoked(personas, client, password):
    key = _token(client, "a_clerk", password)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/me/", **auth).json()["department_name"] == "甲局"
    assert client.delete("/api/v1/auth/token/", **auth).status_code == 204
    again = client.get("/api/v1/me/", **auth)
    assert again.status_code == 401 and "吊销" in again.json()["detail"]


def test_wrong_password_gets_the_same_answer_as_an_unknown_account(personas, client):
    wrong = client.post("/api/v1/auth/token/", {"username": "a_clerk", "password": "x-Wrong-123"}, content_type="application/json")
    unknown = client.post("/api/v1/auth/token/", {"username": "ghost", "password": "x-Wrong-123"}, content_type="application/json")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_token_endpoint_locks_out_like_the_login_page(personas, client, password):
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "a_clerk", "password": "x-Wrong-123"}, content_type="application/json")
    locked = client.post("/api/v1/auth/token/", {"username": "a_clerk", "password": password}, content_type="application/json")
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]


def test_anonymous_api_requests_get_json_401_not_a_redirect(client, db):
    response = client.get("/api/v1/departments/")
    assert response.status_code in (401, 403) and response["Content-Type"].startswith("application/json")


def test_garbage_token_is_refused_cleanly(client, db):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token \u4e2d\u6587 extra")
    assert response.status_code == 401


def test_directory_endpoints(personas, client, login):
    login(personas.clerk_a)
    departments = client.get("/api/v1/departments/").json()
    assert {"甲局", "乙局", "市信息中心"} <= {d["name"] for d in departments}
    people = client.get(f"/api/v1/people/?department={personas.dept_b.pk}").json()
    assert {p["username"] for p in people["results"]} == {"b_staff", "b_clerk", "b_director", "b_leader", "b_head"}
    one = client.get(f"/api/v1/people/{personas.leader_b.pk}/").json()
    assert one["roles"] == ["leader"]
    assert client.get("/api/v1/people/?department=abc").status_code == 200


def test_openapi_schema_lists_only_the_versioned_api(client, personas, login):
    login(personas.clerk_a)
    schema = client.get("/api/schema/?format=json").json()
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert "/api/v1/auth/token/" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200
