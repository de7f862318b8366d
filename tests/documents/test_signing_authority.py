"""签发权限 (条例 art. 22, issue 17): a 上行文 is signed by the 主要负责人, or by a 分管领导 under an
authorisation in force for its kind — then 代签 on the page, the 稿纸 and in the ledger; a 处室负责人
reviews but never signs; the authorisations are granted and revoked on a page and through the API."""

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from documents.choices import Direction
from documents.choices import DocumentState as S
from documents.models import Document, SigningAuthority
from documents.permissions import DOCUMENT_FLOW, SIGNER, available_actions
from documents.services.signing import authority_grant, authority_revoke
from oa.audit.models import LedgerEntry
from oa.core.workflow import either
from oa.org.choices import Role
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def grant(personas, today):
    """grant(**overrides) -> department A's head authorises its 分管领导 leader_a (30 days from today, every kind)."""

    def _grant(actor=None, **overrides):
        values = {"grantee_id": personas.leader_a.pk, "valid_from": today, "valid_until": today + timedelta(days=30)}
        values.update(overrides)
        return authority_grant(actor=actor or personas.head_a, **values)

    return _grant


@pytest.fixture
def upward(draft, walk):
    """upward(kind) -> a 上行文 of department A waiting to be signed."""

    def _upward(kind="请示"):
        return walk(draft(direction=Direction.UPWARD, doc_type=kind), S.SIGNING)

    return _upward


@pytest.fixture
def section_head(personas):
    return person_with_role("a_section", personas.dept_a, Role.SECTION_HEAD, "综合科科长")


def fresh(person):
    person.__dict__.pop("_role_set", None)
    return person


# --- signing a 上行文 --------------------------------------------------------------------------------

def test_a_leader_without_authorisation_may_not_sign_an_upward_document(personas, upward, act):
    document = upward()
    assert "sign" not in available_actions(personas.leader_a, document)
    with pytest.raises(PermissionDenied):
        act(personas.leader_a, "sign", document, opinion="同意")
    document.refresh_from_db()
    assert document.state == S.SIGNING and document.signer is None


def test_a_leader_under_authorisation_signs_as_stand_in_recorded_everywhere(personas, upward, act, grant, login):
    authority = grant()
    document = upward()
    assert "sign" in available_actions(personas.leader_a, document)
    document = act(personas.leader_a, "sign", document, opinion="同意上报")
    step = document.steps.latest("id")
    assert document.signer == personas.leader_a and document.signed_as_standin
    assert step.as_standin and step.authority == authority
    entry = LedgerEntry.objects.filter(action="document.sign").latest("id")
    assert entry.data["standin"] is True and entry.data["authority"] == authority.pk
    # the page: 代签, under whose authorisation
    page = login(personas.staff_a).get(f"/documents/{document.pk}/").content.decode()
    assert re.search(r"leader_a|" + re.escape(personas.leader_a.name), page)
    assert "代签" in page and f"经{personas.head_a.name}授权" in page
    # the 稿纸: the 签发 opinion carries 代签
    sheet = login(personas.staff_a).get(f"/documents/{document.pk}/draft-sheet.pdf")
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text())
    assert "同意上报" in text and "代签" in text


def test_the_principal_head_signs_an_upward_document_in_his_own_right(personas, upward, act, grant):
    grant()
    document = act(personas.head_a, "sign", upward(), opinion="同意")
    step = document.steps.latest("id")
    assert not document.signed_as_standin and not step.as_standin and step.authority is None
    assert LedgerEntry.objects.filter(action="document.sign").latest("id").data["standin"] is False


def test_an_authorised_leader_signing_a_downward_document_is_no_stand_in(personas, draft, walk, act, grant):
    grant()
    document = act(personas.leader_a, "sign", walk(draft(), S.SIGNING))
    assert not document.signed_as_standin and document.steps.latest("id").authority is None


@pytest.mark.parametrize("case", ["expired", "revoked", "other_kind", "not_yet", "other_leader"])
def test_an_authorisation_not_in_force_for_this_document_does_not_let_him_sign(case, personas, upward, act, grant,
                                                                               today):
    if case == "expired":  # granted earlier, now past its last day
        authority = grant(valid_from=today - timedelta(days=10), valid_until=today + timedelta(days=1))
        SigningAuthority.objects.filter(pk=authority.pk).update(valid_until=today - timedelta(days=1))
    elif case == "revoked":
        authority_revoke(actor=personas.head_a, authority_id=grant().pk)
    elif case == "other_kind":
        grant(doc_types=["报告"])
    elif case == "not_yet":
        grant(valid_from=today + timedelta(days=1))
    else:
        other = person_with_role("a_leader2", personas.dept_a, Role.LEADER, "副局长")
        grant(grantee_id=other.pk)
    document = upward("请示")
    assert "sign" not in available_actions(personas.leader_a, document)
    with pytest.raises(PermissionDenied):
        act(personas.leader_a, "sign", document)


def test_an_authorisation_for_named_kinds_covers_those_kinds(personas, upward, act, grant):
    grant(doc_types=["请示", "报告"])
    assert "sign" in available_actions(personas.leader_a, upward("报告"))
    assert "sign" in available_actions(personas.leader_a, upward("请示"))
    assert "sign" not in available_actions(personas.leader_a, upward("意见"))


def test_who_is_told_and_whose_todo_follows_the_authorisation(personas, upward, draft, walk, grant):
    request, report, notice = upward("请示"), upward("报告"), walk(draft(), S.SIGNING)
    leader = personas.leader_a

    def waiting_for(person):
        return set(Document.objects.filter(either(DOCUMENT_FLOW.waiting_parts(fresh(person)))).values_list("id", flat=True))

    assert SIGNER.person_ids(request) == {personas.head_a.pk}
    assert SIGNER.person_ids(notice) == {personas.head_a.pk, leader.pk}
    assert waiting_for(leader) == {notice.pk}
    assert {request.pk, report.pk, notice.pk} <= waiting_for(personas.head_a)
    grant(doc_types=["请示"])
    assert SIGNER.person_ids(request) == {personas.head_a.pk, leader.pk}
    assert SIGNER.person_ids(report) == {personas.head_a.pk}
    assert waiting_for(leader) == {notice.pk, request.pk}
    assert waiting_for(personas.leader_b) == set()


def test_an_authorisation_is_read_once_per_document(personas, upward, grant):
    grant()
    document = upward()
    with CaptureQueriesContext(connection) as captured:
        assert "sign" in available_actions(fresh(personas.leader_a), document)
        assert "sign" in available_actions(personas.leader_a, document)  # read once per document
    assert len(captured.captured_queries) == 2  # the roles, the authorisation


# --- the 处室负责人 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("direction", [Direction.UPWARD, Direction.PARALLEL, Direction.DOWNWARD])
def test_a_section_head_is_never_offered_signing_but_reviews(direction, personas, section_head, draft, walk, act):
    document = draft(direction=direction, doc_type="请示" if direction == Direction.UPWARD else "通知")
    document = act(personas.staff_a, "submit", document)
    assert available_actions(section_head, document) == ["review", "return"]
    assert section_head.pk in DOCUMENT_FLOW.waiting_ids(document)
    document = act(section_head, "review", document, opinion="核稿无误")
    assert document.state == S.SIGNING
    assert "sign" not in available_actions(section_head, document)
    assert section_head.pk not in SIGNER.person_ids(document)
    with pytest.raises(PermissionDenied):
        act(section_head, "sign", document)


def test_a_section_head_cannot_be_authorised_to_sign(personas, section_head, grant):
    with pytest.raises(ValidationError, match="分管领导"):
        grant(grantee_id=section_head.pk)


# --- granting and revoking --------------------------------------------------------------------------

def test_grant_and_revoke_are_ledgered(personas, grant):
    authority = grant(doc_types=["请示"])
    entry = LedgerEntry.objects.filter(action="document.signing.grant").latest("id")
    assert entry.actor_id == personas.head_a.pk and entry.data["grantee"] == personas.leader_a.pk
    assert entry.data["doc_types"] == ["请示"] and authority.grantor == personas.head_a
    authority_revoke(actor=personas.head_a, authority_id=authority.pk)
    assert LedgerEntry.objects.filter(action="document.signing.revoke").latest("id").data["grantee"] == personas.leader_a.pk
    with pytest.raises(ValidationError, match="已于此前撤销"):
        authority_revoke(actor=personas.head_a, authority_id=authority.pk)


def test_the_system_admin_records_a_grant_in_the_heads_name(personas, grant):
    authority = grant(actor=personas.system_admin, grantee_id=personas.leader_b.pk, department_id=personas.dept_b.pk)
    assert authority.grantor == personas.head_b and authority.created_by == personas.system_admin


@pytest.mark.parametrize("who,overrides,message", [
    ("head_a", {"grantee_id": "leader_b"}, "分管领导"),
    ("head_a", {"grantee_id": "staff_a"}, "分管领导"),
    ("head_a", {"valid_until": -1}, "截止日期"),
    ("head_a", {"valid_from": 5, "valid_until": 2}, "不能早于"),
    ("head_a", {"valid_until": 400}, "最长一年"),
    ("head_a", {"doc_types": ["通知书"]}, "未知的文种"),
    ("head_a", {"doc_types": "请示"}, "文种应为列表"),
])
def test_bad_grants_are_refused_in_words(who, overrides, message, personas, grant, today):
    values = {}
    for key, value in overrides.items():
        if key == "grantee_id":
            value = getattr(personas, value).pk
        elif key.startswith("valid"):
            value = today + timedelta(days=value)
        values[key] = value
    with pytest.raises(ValidationError, match=message):
        grant(actor=getattr(personas, who), **values)
    assert not SigningAuthority.objects.exists()


@pytest.mark.parametrize("who", ["leader_a", "director_a", "staff_a", "security_admin"])
def test_only_the_head_or_the_system_admin_grants(who, personas, grant):
    with pytest.raises(PermissionDenied):
        grant(actor=getattr(personas, who))


def test_a_head_does_not_revoke_another_departments_grant(personas, grant):
    from django.http import Http404

    authority = grant()
    with pytest.raises(Http404):
        authority_revoke(actor=personas.head_b, authority_id=authority.pk)


# --- the API and the page ---------------------------------------------------------------------------

def test_api_lists_grants_and_revokes(personas, client, login, today):
    login(personas.head_a)
    body = {"grantee": personas.leader_a.pk, "valid_from": str(today), "valid_until": str(today + timedelta(days=7)),
            "doc_types": ["请示", "报告"]}
    created = client.post("/api/v1/signing-authorities/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["grantee"]["id"] == personas.leader_a.pk and data["doc_types"] == ["报告", "请示"]
    assert data["status"] == "有效" and data["grantor"]["id"] == personas.head_a.pk
    listed = client.get("/api/v1/signing-authorities/").json()
    assert set(listed) == {"results", "next"} and [row["id"] for row in listed["results"]] == [data["id"]]
    revoked = client.post(f"/api/v1/signing-authorities/{data['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["status"] == "已撤销"
    again = client.post(f"/api/v1/signing-authorities/{data['id']}/revoke/")
    assert again.status_code == 400 and "撤销" in again.content.decode()
    assert client.post("/api/v1/signing-authorities/999999999999/revoke/").status_code == 404
    client.logout()
    login(personas.staff_a)
    assert client.get("/api/v1/signing-authorities/").json()["results"] == []
    refused = client.post("/api/v1/signing-authorities/", body, content_type="application/json")
    assert refused.status_code == 403


@pytest.mark.parametrize("body", [
    {"grantee": "x"}, {"grantee": 10**30, "valid_from": "2026-01-01", "valid_until": "2026-01-02"},
    {"valid_from": "tomorrow"}, {"grantee": 1, "valid_from": "2026-01-01", "valid_until": "9999-12-31"},
])
def test_api_bad_input_is_a_400(body, personas, client, login):
    login(personas.head_a)
    response = client.post("/api/v1/signing-authorities/", body, content_type="application/json")
    assert response.status_code == 400, response.content


def test_the_page_grants_and_revokes(personas, client, login, today):
    login(personas.head_a)
    page = client.get("/documents/signing-authorities/")
    assert page.status_code == 200 and "处室负责人只核稿，不签发" in page.content.decode()
    response = client.post("/documents/signing-authorities/", {
        "grantee": personas.leader_a.pk, "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=5)).isoformat(), "doc_types": ["请示"]})
    assert response.status_code == 302
    authority = SigningAuthority.objects.get()
    assert authority.kinds == ["请示"] and authority.department == personas.dept_a
    listed = client.get("/documents/signing-authorities/").content.decode()
    assert personas.leader_a.name in listed and "有效" in listed
    client.post(f"/documents/signing-authorities/{authority.pk}/revoke/")
    authority.refresh_from_db()
    assert authority.revoked_at is not None
    bad = client.post("/documents/signing-authorities/", {
        "grantee": personas.leader_a.pk, "valid_from": today.isoformat(), "valid_until": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 200 and "不能早于" in bad.content.decode()
    client.logout()
    login(personas.leader_a)
    assert client.get("/documents/signing-authorities/").status_code == 403
    client.logout()
    login(personas.system_admin)  # records grants for any department: every 分管领导 is offered
    page = client.get("/documents/signing-authorities/").content.decode()
    assert personas.leader_a.name in page and personas.leader_b.name in page
