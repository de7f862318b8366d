"""Role grants: the security admin only, never to oneself, and 三员分立 held by the database."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from oa.audit.models import LedgerEntry
from oa.org.choices import ADMIN_ROLES, Role
from oa.org.models import RoleGrant
from oa.org.services.roles import role_grant, role_revoke
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ACTORS = [
    "staff_a", "clerk_a", "director_a", "leader_a", "head_a", "security_officer_a",
    "info_center", "system_admin", "audit_admin", "security_admin",
]


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("role", Role.values)
def test_only_the_security_admin_may_grant_any_role(personas, actor_name, role):
    actor = getattr(personas, actor_name)
    target = PersonFactory(department=personas.dept_b)
    if actor_name == "security_admin":
        grant = role_grant(actor=actor, person=target, role=role)
        assert grant.role == role
        entry = LedgerEntry.objects.filter(action="org.role.grant", target_id=str(target.pk)).latest("id")
        assert entry.actor_id == actor.pk and entry.outcome == "success" and entry.data["role"] == role
    else:
        with pytest.raises(PermissionDenied):
            role_grant(actor=actor, person=target, role=role)
        assert not RoleGrant.objects.filter(person=target).exists()
        refused = LedgerEntry.objects.filter(action="org.role.grant", target_id=str(target.pk)).latest("id")
        assert refused.outcome == "denied" and refused.actor_id == actor.pk


def test_security_admin_cannot_grant_roles_to_themselves(personas):
    with pytest.raises(PermissionDenied):
        role_grant(actor=personas.security_admin, person=personas.security_admin, role=Role.LEADER)


@pytest.mark.parametrize("held", ADMIN_ROLES)
@pytest.mark.parametrize("wanted", ADMIN_ROLES)
def test_no_person_holds_two_of_the_three_admin_roles(personas, held, wanted):
    person = PersonFactory(department=personas.info_dept)
    role_grant(actor=personas.security_admin, person=person, role=held)
    if held == wanted:
        role_grant(actor=personas.security_admin, person=person, role=wanted)  # idempotent
        assert RoleGrant.objects.filter(person=person).count() == 1
    else:
        with pytest.raises(ValidationError, match="三员分立"):
            role_grant(actor=personas.security_admin, person=person, role=wanted)
        assert list(RoleGrant.objects.filter(person=person).values_list("role", flat=True)) == [held]


def test_the_database_itself_refuses_a_second_admin_role(personas):
    """Even code that bypasses the service cannot break 三员分立: a partial unique index holds it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(person=personas.system_admin, role=Role.AUDIT_ADMIN)


def test_an_admin_role_beside_ordinary_roles_is_allowed(personas):
    role_grant(actor=personas.security_admin, person=personas.system_admin, role=Role.STAFF)
    assert personas.system_admin.role_grants.count() == 2


def test_revoke_is_ledgered_and_removes_the_group(personas):
    role_revoke(actor=personas.security_admin, person=personas.leader_a, role=Role.LEADER)
    assert not personas.leader_a.role_grants.filter(role=Role.LEADER).exists()
    assert not personas.leader_a.groups.filter(name__contains="处室负责人").exists()
    assert LedgerEntry.objects.filter(action="org.role.revoke", target_id=str(personas.leader_a.pk)).exists()


def test_roles_page_is_for_the_security_admin_only(personas, client, login):
    login(personas.system_admin)
    assert client.get("/manage/roles/").status_code == 403
    client.logout()
    login(personas.security_admin)
    page = client.get("/manage/roles/")
    assert page.status_code == 200 and "三员分立" in page.content.decode()


def test_granting_through_the_roles_page_shows_the_separation_message(personas, client, login):
    login(personas.security_admin)
    response = client.post("/manage/roles/", {"person": personas.system_admin.pk, "role": Role.AUDIT_ADMIN})
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert not personas.system_admin.role_grants.filter(role=Role.AUDIT_ADMIN).exists()


def test_role_grants_api_matches_the_browser(personas, client, login):
    login(personas.clerk_a)
    denied = client.post("/api/v1/role-grants/", {"person": personas.staff_b.pk, "role": Role.CLERK}, content_type="application/json")
    assert denied.status_code == 403
    client.logout()
    login(personas.security_admin)
    created = client.post("/api/v1/role-grants/", {"person": personas.staff_b.pk, "role": Role.CLERK}, content_type="application/json")
    assert created.status_code == 201, created.content
    clash = client.post("/api/v1/role-grants/", {"person": personas.audit_admin.pk, "role": Role.SYSTEM_ADMIN}, content_type="application/json")
    assert clash.status_code == 400 and "三员分立" in clash.content.decode()
    grant_id = created.json()["id"]
    assert client.delete(f"/api/v1/role-grants/{grant_id}/").status_code == 204
    assert not personas.staff_b.role_grants.filter(role=Role.CLERK).exists()


def test_bad_role_value_is_a_clear_400_not_a_500(personas, client, login):
    login(personas.security_admin)
    response = client.post("/api/v1/role-grants/", {"person": personas.staff_b.pk, "role": "emperor"}, content_type="application/json")
    assert response.status_code == 400


def test_the_roles_page_tells_the_section_head_from_the_deputy_head(personas, login):
    """Issue 17: two roles, and the page says which signs."""
    page = login(personas.security_admin).get("/manage/roles/").content.decode()
    assert "处室负责人</option>" in page and "分管领导</option>" in page and "处室负责人/分管领导" not in page
    assert "处室负责人只核稿，不代表本单位签发" in page
    role_grant(actor=personas.security_admin, person=personas.staff_a, role=Role.SECTION_HEAD)
    assert personas.staff_a.role_grants.filter(role=Role.SECTION_HEAD).exists()
