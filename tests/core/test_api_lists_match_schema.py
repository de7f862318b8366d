"""Every list endpoint of /api/schema/ answers what the schema declares: called as a persona who may
read it, over data that fills it, its body validates against the declared 200 response (a client
generated from the schema can read it). Paged lists answer the one envelope {"results", "next"},
and following `next` gives the following rows."""

import functools
from datetime import timedelta

import jsonschema
import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from documents.choices import DocumentState as S
from documents.services.signing import authority_grant, authority_revoke
from oa.audit.services import ledger_checkpoint
from oa.feedback.services.flow import ticket_comment
from oa.org.choices import Role
from oa.org.services.phrases import phrase_add
from oa.org.services.tokens import api_token_issue
from oa.trial.models import PaperRequirement
from oa.trial.services.outages import outage_declare
from oa.trial.services.paper import PaperSent, paper_bulk_confirm, paper_only_record, paper_record
from tests.factories import person_with_role
from tests.feedback.conftest import ticket  # noqa: F401 — fixtures shared with those apps' tests
from tests.notices.conftest import notice  # noqa: F401
from tests.trial.conftest import programme_of, rule, trial  # noqa: F401
from tests.uploads.conftest import declared  # noqa: F401
from tests.uploads.test_review import held  # noqa: F401

pytestmark = pytest.mark.django_db

# Every list endpoint → the persona who may read it (a Personas attribute) and its query string.
# A list endpoint added to the API without a line here fails `test_every_list_endpoint_is_checked`.
CALLS = {
    "/api/v1/archives/catalogues/": ("archivist_a", ""),
    "/api/v1/archives/transfers/": ("archivist_a", ""),
    "/api/v1/audit/checkpoints/": ("audit_admin", ""),
    "/api/v1/audit/entries/": ("audit_admin", ""),
    "/api/v1/auth/tokens/": ("security_admin", ""),
    "/api/v1/deliveries/": ("clerk_b", ""),
    "/api/v1/deliveries/readings/": ("staff_b", ""),
    "/api/v1/departments/": ("staff_a", ""),
    "/api/v1/documents/": ("staff_a", ""),
    "/api/v1/documents/numbers/": ("clerk_a", ""),
    "/api/v1/notices/": ("clerk_a", ""),
    "/api/v1/number-series/": ("system_admin", ""),
    "/api/v1/notices/{id}/reads/": ("info_center", ""),
    "/api/v1/people/": ("staff_a", ""),
    "/api/v1/phrases/": ("leader_a", ""),
    "/api/v1/role-grants/": ("security_admin", ""),
    "/api/v1/signing-authorities/": ("head_a", ""),
    "/api/v1/tickets/": ("staff_a", ""),
    "/api/v1/tickets/{id}/comments/": ("staff_a", ""),
    "/api/v1/tickets/figures/": ("info_center", ""),
    "/api/v1/trials/": ("info_center", ""),
    "/api/v1/trials/outages/": ("info_center", ""),
    "/api/v1/trials/outages/items/": ("clerk_a", ""),
    "/api/v1/trials/paper/": ("clerk_a", "side=send"),
    "/api/v1/trials/paper-only/": ("clerk_a", ""),
    "/api/v1/trials/reconciliation/": ("info_center", "kind=not_signed"),
    "/api/v1/trials/rules/": ("info_center", ""),
    "/api/v1/uploads/review/": ("info_center", ""),
    "/api/v1/usage-reports/periods/": ("info_center", ""),
    "/api/v1/usage-reports/reports/": ("info_center", ""),
    "/api/v1/usage-circulars/": ("info_center", ""),
}
# Lists the data below cannot fill without making this test about something else.
MAY_BE_EMPTY = {"/api/v1/archives/catalogues/",  # filled in tests/archives/test_pages_api.py
                "/api/v1/deliveries/readings/", "/api/v1/trials/outages/items/", "/api/v1/usage-reports/reports/",
                "/api/v1/usage-circulars/",  # filled in tests/usage/test_circular_chain.py
                "/api/v1/archives/transfers/"}  # filled in tests/archives/package/test_package_pages_api.py


@functools.cache
def _openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0's schema dialect as JSON Schema: `nullable: true` becomes "or null", and an object
    answers no property it does not declare. A `pattern` is the rule for input (the fixtures' slugs
    were never typed into a form), not checked here."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items() if key != "pattern" or not isinstance(value, str)}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.get("nullable") is True:
        node.pop("nullable")
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _response_schema(openapi, operation) -> dict | None:
    content = operation["responses"].get("200", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def _resolved(openapi, schema) -> dict:
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _list_endpoints(openapi) -> dict[str, dict]:
    """Path → declared 200 schema, for every GET that answers an array or a `results` envelope."""
    found = {}
    for path, operations in openapi["paths"].items():
        schema = _response_schema(openapi, operations["get"]) if "get" in operations else None
        if schema is None:
            continue
        resolved = _resolved(openapi, schema)
        if resolved.get("type") == "array" or "results" in resolved.get("properties", {}):
            found[path] = schema
    return found


def test_every_list_endpoint_is_checked():
    assert set(_list_endpoints(_openapi())) == set(CALLS)


def test_paged_lists_declare_the_one_envelope_and_the_one_cursor():
    openapi = _openapi()
    for path, schema in _list_endpoints(openapi).items():
        parameters = {p["name"] for p in openapi["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}
        resolved = _resolved(openapi, schema)
        if resolved.get("type") == "array":
            assert "before" not in parameters, path  # a plain array is one bounded page
            continue
        assert {"results", "next"} <= set(resolved["required"]), path
        assert {"before", "page_size"} <= parameters, path
        assert not parameters & {"cursor", "after", "page"}, path


@pytest.fixture
def city(personas, draft, walk, trial, notice, ticket, held):  # noqa: F811
    """Rows in every list: two dispatched documents (deliveries, numbers, paper to sync, one of them
    confirmed on paper but not signed for online), a notice,
    a ticket with a comment, an outage, a 涉密 paper item, a held upload, a personal token, a leader's own 常用意见,
    two signing authorisations (one revoked), a ledger checkpoint."""
    for title in ("关于做好防汛工作的通知", "关于开展安全生产检查的通知"):
        walk(draft(title=title), S.DISPATCHED)
    first_paper = PaperRequirement.objects.order_by("id").first()
    paper_record(actor=personas.clerk_a, requirement_id=first_paper.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="exchange"))
    paper_bulk_confirm(actor=personas.clerk_b, requirement_ids=[first_paper.pk], received_on=None)  # → not_signed
    made = notice(publish=True)
    filed = ticket()
    ticket_comment(actor=personas.staff_a, ticket_id=filed.pk, text="补充：刷新后仍然报错。")
    now = timezone.now()
    outage_declare(actor=personas.info_center, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1),
                   reason="机房停电")
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=1,
                      on_date=timezone.localdate())
    api_token_issue(person=personas.clerk_a, name="脚本")
    for text in ("拟同意，请按程序办理。", "请办公室阅处。"):
        phrase_add(actor=personas.leader_a, text=text)
    today = timezone.localdate()
    for kinds in ([], ["请示"]):
        granted = authority_grant(actor=personas.head_a, grantee_id=personas.leader_a.pk, valid_from=today,
                                  valid_until=today + timedelta(days=30), doc_types=kinds)
    authority_revoke(actor=personas.head_a, authority_id=granted.pk)
    ledger_checkpoint()
    personas.archivist_a = person_with_role("a_archivist", personas.dept_a, Role.ARCHIVIST, "档案员")
    return {"id": {"/api/v1/notices/{id}/reads/": made.pk, "/api/v1/tickets/{id}/comments/": filed.pk}}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_every_list_answers_its_declared_schema(personas, client, login, city):
    openapi = _openapi()
    components = _json_schema(openapi["components"])
    checked_with_rows = set()
    for path, schema in sorted(_list_endpoints(openapi).items()):
        who, query = CALLS[path]
        client.logout()
        login(getattr(personas, who))
        url = path.replace("{id}", str(city["id"].get(path, ""))) + (f"?{query}" if query else "")
        body = _get(client, url)
        validator = jsonschema.Draft202012Validator({**_json_schema(schema), "components": components})
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
        assert not errors, (path, errors[:5])
        rows = body if isinstance(body, list) else body["results"]
        if rows:
            checked_with_rows.add(path)
        if isinstance(body, dict) and "next" in body:  # the next page, one row at a time
            first = _get(client, url + ("&" if query else "?") + "page_size=1")
            if first["next"]:
                second = _get(client, first["next"])
                assert validator.is_valid(second), path
                assert second["results"] and second["results"] != first["results"], path
    assert set(CALLS) - checked_with_rows <= MAY_BE_EMPTY, set(CALLS) - checked_with_rows - MAY_BE_EMPTY
