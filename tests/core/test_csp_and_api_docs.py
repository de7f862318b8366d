"""A Content-Security-Policy without inline scripts on every page (the Wagtail admin scoped to its own,
looser one), and the API's schema and Swagger UI for logged-in people only (issue 15 finding 7).
tests/browser/test_csp_walk.py loads the pages in Chromium and collects what the policy blocks."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _script_src(policy: str) -> str:
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("script-src"))


def test_pages_send_a_policy_that_runs_no_inline_script(personas, client, login):
    login(personas.clerk_a)
    for url in ("/", "/documents/", "/notices/", "/feedback/", "/todo/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert _script_src(policy) == "script-src 'self'", url
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy and "frame-ancestors 'self'" in policy
    assert client.get("/accounts/login/")["Content-Security-Policy"].count("script-src 'self';") == 1


def test_the_wagtail_admin_has_its_own_looser_policy_and_nothing_else_shares_it(personas, client, login):
    login(personas.system_admin)
    assert "'unsafe-inline'" in _script_src(client.get("/cms/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in _script_src(client.get("/cmsx/", follow=True)["Content-Security-Policy"])


def test_no_template_carries_an_inline_script_or_an_event_handler_attribute():
    found = {}
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        hits = INLINE_SCRIPT.findall(text) + HANDLER.findall(text) + re.findall(r"javascript:|hx-on|\[detail\.", text)
        if hits:
            found[str(template.relative_to(TEMPLATES))] = hits
    assert found == {}


def test_schema_and_docs_refuse_anonymous_requests_in_the_apis_error_shape(client):
    for url in ("/api/schema/", "/api/schema/?format=json", "/api/docs/", "/api/docs/?script="):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "请先登录或提供有效的个人令牌。"}


def test_schema_and_docs_for_a_session_or_a_token(personas, client, login, password):
    issued = client.post("/api/v1/auth/token/", {"username": "a_clerk", "password": password, "name": "脚本"},
                         content_type="application/json")
    token = {"HTTP_AUTHORIZATION": f"Token {issued.json()['token']}"}
    assert "/api/v1/me/" in client.get("/api/schema/?format=json", **token).json()["paths"]
    login(personas.clerk_a)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and not INLINE_SCRIPT.search(docs.content.decode())
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
