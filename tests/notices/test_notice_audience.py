"""Audience scoping: a notice reaches exactly its audience; anyone outside gets 404 on the portal
page, the workbench page and the API — the same answer as for a notice that does not exist."""

import pytest

from notices.choices import Audience
from notices.selectors import notice_board
from notices.services.flow import notice_withdraw
from oa.portal.seed import seed_portal
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    return seed_portal()


def _paths(notice):
    from notices.selectors import notice_url

    return [notice_url(notice.pk), f"/notices/{notice.pk}/", f"/api/v1/notices/{notice.pk}/",
            f"/notices/{notice.pk}/attachments/1/"]


def test_outside_the_audience_is_404_everywhere(portal, personas, notice, client, login):
    made = notice(publish=True, departments=[personas.dept_a])
    assert _paths(made)[0].startswith("/tongzhi/")
    login(personas.clerk_b)
    for path in _paths(made):
        assert client.get(path).status_code == 404, path
    for path in (f"/api/v1/notices/{made.pk}/read/", f"/api/v1/notices/{made.pk}/receipt/"):
        assert client.post(path).status_code == 404, path
    assert made.title not in client.get("/").content.decode()
    assert made.title not in client.get("/tongzhi/").content.decode()
    assert client.get("/api/v1/notices/").json()["results"] == []


def test_inside_the_audience_sees_it_on_the_home_page_the_index_and_its_own_page(portal, personas, notice, client, login):
    made = notice(publish=True, departments=[personas.dept_a])
    login(personas.clerk_a)
    assert made.title in client.get("/").content.decode()
    assert made.title in client.get("/tongzhi/").content.decode()
    page = client.get(f"/tongzhi/{made.pk}/")
    assert page.status_code == 200 and made.title in page.content.decode()
    assert client.get(f"/api/v1/notices/{made.pk}/").json()["state"] == "published"


def test_a_draft_or_pending_notice_is_not_visible_to_its_audience(portal, personas, notice, client, login):
    from notices.services.flow import notice_submit

    made = notice()
    login(personas.clerk_a)
    assert client.get(f"/notices/{made.pk}/").status_code == 404
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    assert client.get(f"/notices/{made.pk}/").status_code == 404
    assert client.get(f"/tongzhi/{made.pk}/").status_code == 404


def test_a_withdrawn_notice_leaves_the_audience(portal, personas, notice, client, login):
    made = notice(publish=True)
    notice_withdraw(actor=personas.info_center, notice_id=made.pk, reason="发错范围")
    login(personas.clerk_a)
    assert client.get(f"/tongzhi/{made.pk}/").status_code == 404
    assert client.get(f"/notices/{made.pk}/").status_code == 404
    assert notice_board(personas.clerk_a).rows == []


def test_chosen_people_only(portal, personas, notice, client, login):
    made = notice(publish=True, audience=Audience.PEOPLE, departments=None, people=[personas.staff_b])
    assert [n.pk for n in notice_board(personas.staff_b).rows] == [made.pk]
    assert notice_board(personas.clerk_b).rows == []
    login(personas.clerk_b)
    assert client.get(f"/tongzhi/{made.pk}/").status_code == 404


def test_everyone_includes_someone_who_joined_after_publication(portal, personas, notice, client, login):
    made = notice(publish=True, audience=Audience.EVERYONE, departments=None)
    newcomer = PersonFactory(username="c_staff", department=DepartmentFactory(name="丙局", organ_code="韶丙", slug="deptC"))
    login(newcomer)
    assert client.get(f"/tongzhi/{made.pk}/").status_code == 200
    made.refresh_from_db()
    assert made.read_count == 1 and made.recipient_count >= 1
    assert made.reads.get(person=newcomer).opened_at is not None


def test_the_publishing_side_sees_its_notice_in_every_state(personas, notice, client, login):
    made = notice(author=personas.clerk_a, departments=[personas.dept_b])
    for person in (personas.clerk_a, personas.director_a, personas.leader_a):
        client.logout()
        login(person)
        assert client.get(f"/notices/{made.pk}/").status_code == 200, person.username
    client.logout()
    login(personas.staff_a)
    assert client.get(f"/notices/{made.pk}/").status_code == 404
