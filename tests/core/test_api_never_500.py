"""Every API endpoint, asked with odd input, answers without a 500: a JSON array or a bare value as
the body (refused by oa.core.parsers.JSONObjectParser), and GET/POST with made-up ids."""

import re

import pytest
from django.urls import URLPattern, URLResolver

pytestmark = pytest.mark.django_db

FILL = {"int": "999999",  # and, below, a number beyond any database integer
         "str": "x", "period": "2026-10-1", "fmt": "pdf", "kind": "pdf", "transition": "x"}


def _paths(patterns, prefix="/api/"):
    import oa.api_urls  # noqa: F401

    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _paths(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            def fill(match):
                converter, name = match[1], match[2]
                return FILL.get(name) or FILL.get(converter or "str", "x")
            yield prefix + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route).lstrip("^").rstrip("$")


def _api_paths(number="999999"):
    from oa.api_urls import urlpatterns

    FILL["int"] = number
    return sorted(set(p for p in _paths(urlpatterns) if "schema" not in p))


@pytest.mark.parametrize("body", ["[1, 2]", "\"text\"", "42", "null"])
def test_a_body_that_is_not_an_object_is_a_400_in_chinese(personas, login, body):
    client = login(personas.info_center)
    client.raise_request_exception = False
    answered = {}
    for path in _api_paths():
        response = client.post(path, body, content_type="application/json")
        answered[path] = response.status_code
        assert response.status_code < 500, (path, response.content[:300])
    # Where a POST is taken at all, the body is refused as such, in Chinese.
    response = client.post("/api/v1/trials/paper/confirm/", body, content_type="application/json")
    assert response.status_code == 400 and "JSON 对象" in response.json()["detail"]


@pytest.mark.parametrize("who", ["info_center", "clerk_a", "staff_b"])
@pytest.mark.parametrize("number", ["999999", "9" * 25])
def test_made_up_ids_are_never_a_500(personas, login, who, number):
    client = login(getattr(personas, who))
    client.raise_request_exception = False
    for path in _api_paths(number):
        for method in ("get", "post"):
            response = getattr(client, method)(path, {}, content_type="application/json") if method == "post" \
                else client.get(path)
            assert response.status_code < 500, (method, path, response.content[:300])
