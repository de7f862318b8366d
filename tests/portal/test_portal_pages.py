"""The Wagtail portal: home, help centre, hotlines, FAQ — seeded once, editable by the information center."""

import pytest
from wagtail.models import Page

from oa.portal.models import ContactsPage, HomePage
from oa.portal.seed import seed_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    return seed_portal()


def test_seeding_twice_changes_nothing(portal):
    before = Page.objects.count()
    assert seed_portal().pk == portal.pk
    assert Page.objects.count() == before


def test_seed_keeps_what_the_information_center_edited(portal):
    contacts = ContactsPage.objects.get()
    contacts.title = "报障热线"
    contacts.save_revision().publish()
    seed_portal()
    assert ContactsPage.objects.get().title == "报障热线"


@pytest.mark.parametrize("path,text", [("/", "待办事项"), ("/help/", "账户安全"), ("/contacts/", "8891904"), ("/faq/", "账户被锁定")])
def test_every_portal_page_renders_for_a_logged_in_person(portal, personas, client, login, path, text):
    login(personas.clerk_a)
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200 and text in body
    # inside the site's frame — top bar, navigation, the 问题反馈 button — not a bare page (a portal block once
    # shared base.html's frame block name and replaced the frame)
    assert 'class="oa-topbar' in body and 'id="oa-feedback-button"' in body and 'href="/todo/"' in body


def test_the_hotline_page_carries_the_seed_contacts(portal, personas, client, login):
    login(personas.staff_b)
    body = client.get("/contacts/").content.decode()
    for name in ("谢金保", "尹德雄", "陈叶飞", "何磊", "13826313052"):
        assert name in body


def test_portal_pages_need_login(portal, client):
    response = client.get("/help/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who,allowed", [("info_center", True), ("system_admin", True), ("clerk_a", False), ("leader_a", False)])
def test_only_the_information_center_and_system_admin_edit_the_portal(portal, personas, client, login, who, allowed):
    login(getattr(personas, who))
    response = client.get(f"/cms/pages/{portal.pk}/edit/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert client.get("/cms/").status_code in (302, 403)


def test_information_center_can_edit_the_help_centre_in_the_cms(portal, personas, client, login):
    login(personas.info_center)
    help_page = HomePage.objects.get().get_children().get(slug="help")
    assert client.get(f"/cms/pages/{help_page.pk}/edit/").status_code == 200


@pytest.mark.parametrize("who", ["info_center", "system_admin"])
def test_the_cms_offers_no_back_door_to_people_or_roles(portal, personas, client, login, who):
    """Role grants go through the security admin's page only; Wagtail's user and group admin stay shut."""
    login(getattr(personas, who))
    assert client.get("/cms/users/").status_code in (302, 403)
    assert client.get("/cms/groups/").status_code in (302, 403)
