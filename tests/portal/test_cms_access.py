"""/cms/ (Wagtail's admin): the portal's editors get in; anyone else signed in gets a Chinese refusal, never a
redirect loop between the login page and /cms/."""

import pytest

from oa.org.choices import Role
from oa.org.permissions import can_edit_portal
from oa.portal.seed import seed_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    return seed_portal()


@pytest.mark.parametrize("who", ["clerk_a", "staff_b", "leader_a", "security_admin", "audit_admin"])
@pytest.mark.parametrize("path", ["/cms/", "/cms/pages/", "/cms/login/"])
def test_a_person_without_cms_rights_gets_a_chinese_refusal_not_a_loop(portal, personas, client, login, who, path):
    login(getattr(personas, who))
    response = client.get(path, follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403
    body = response.content.decode()
    assert "门户内容管理仅供市信息中心和系统管理员使用" in body and "联系市信息中心" in body


@pytest.mark.parametrize("who", ["info_center", "system_admin"])
def test_a_cms_editor_still_gets_in(portal, personas, client, login, who):
    login(getattr(personas, who))
    response = client.get("/cms/", follow=True)
    assert response.status_code == 200 and response.redirect_chain == []
    assert "wagtail" in response.content.decode().lower()


def test_an_anonymous_visitor_goes_to_the_login_page_once(portal, client):
    response = client.get("/cms/", follow=True)
    assert len(response.redirect_chain) == 1
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/cms/")
    assert response.status_code == 200


def test_the_rule_and_wagtails_own_permission_agree_for_every_role(personas):
    """Wagtail lets in whoever holds wagtailadmin.access_admin; our gate lets in can_edit_portal. Were they to
    differ, one side would refuse what the other allows (the loop, or a locked-out editor)."""
    from oa.org.services.groups import ensure_role_groups
    from tests.factories import DepartmentFactory, person_with_role

    ensure_role_groups()
    dept = DepartmentFactory(name="丙局", short_name="丙局", organ_code="韶丙", slug="deptC")
    for role in Role.values:
        person = person_with_role(f"c_{role}", dept, role, "岗位")
        assert can_edit_portal(person) == person.has_perm("wagtailadmin.access_admin"), role


def test_wagtails_permission_follows_the_rule_even_without_the_group_row(portal, personas, client, login):
    """Were access_admin read only from the role groups, an editor whose group lost the row would loop between
    the login page and /cms/; the permission follows can_edit_portal (oa.org.backends.RuleBackend)."""
    from django.contrib.auth.models import Group

    for group in Group.objects.all():
        group.permissions.clear()
    login(personas.info_center)
    response = client.get("/cms/", follow=True)
    assert response.status_code == 200 and response.redirect_chain == []
