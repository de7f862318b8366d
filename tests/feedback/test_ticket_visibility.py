"""Who sees which tickets: the reporter their own, the department contact (文书) the department's,
the information center all; anyone else gets the same 404 as for a ticket that does not exist —
on the pages, the screenshots and the API."""

import pytest

from oa.feedback.selectors import ticket_list
from oa.feedback.services.flow import ticket_accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(personas, ticket):
    return {"a_staff": ticket(actor=personas.staff_a), "a_leader": ticket(actor=personas.leader_a),
            "b_staff": ticket(actor=personas.staff_b)}


def _ids(person):
    return {t.pk for t in ticket_list(person).rows}


def test_list_scopes(personas, tickets):
    assert _ids(personas.staff_a) == {tickets["a_staff"].pk}
    assert _ids(personas.clerk_a) == {tickets["a_staff"].pk, tickets["a_leader"].pk}
    assert _ids(personas.info_center) == {t.pk for t in tickets.values()}
    assert _ids(personas.director_a) == set()
    assert _ids(personas.clerk_b) == {tickets["b_staff"].pk}


@pytest.mark.parametrize("who,key,status", [
    ("staff_a", "a_staff", 200), ("staff_a", "a_leader", 404), ("clerk_a", "a_leader", 200),
    ("clerk_b", "a_staff", 404), ("info_center", "b_staff", 200), ("director_a", "a_staff", 404),
])
def test_detail_page_and_api(personas, tickets, login, client, who, key, status):
    login(getattr(personas, who))
    pk = tickets[key].pk
    assert client.get(f"/feedback/{pk}/").status_code == status
    assert client.get(f"/api/v1/tickets/{pk}/").status_code == status


def test_contact_reports_for_a_colleague_but_not_for_another_department(personas, ticket):
    from django.core.exceptions import PermissionDenied

    t = ticket(actor=personas.clerk_a, reporter=personas.staff_a)
    assert t.reporter == personas.staff_a and t.reported_by == personas.clerk_a and t.department == personas.dept_a
    with pytest.raises(PermissionDenied):
        ticket(actor=personas.clerk_a, reporter=personas.staff_b)
    with pytest.raises(PermissionDenied):
        ticket(actor=personas.staff_a, reporter=personas.leader_a)


def test_pages_render_for_each_side(personas, tickets, login, client):
    ticket_accept(actor=personas.info_center, ticket_id=tickets["a_staff"].pk)
    login(personas.info_center)
    console = client.get("/feedback/?severity=normal").content.decode()
    assert "受理队列" in console and tickets["b_staff"].number in console
    assert client.get("/feedback/?tab=known").status_code == 200
    assert client.get("/feedback/figures/?start=2026-01-01&end=2026-12-31").status_code == 200
    assert "问题反馈待受理" in client.get("/todo/").content.decode()
    client.logout()
    login(personas.clerk_a)
    page = client.get("/feedback/").content.decode()
    assert tickets["a_leader"].number in page and tickets["b_staff"].number not in page
    assert client.get("/feedback/figures/").status_code == 403
    assert client.get(f"/feedback/{tickets['a_staff'].pk}/").status_code == 200
    assert client.post(f"/feedback/{tickets['a_staff'].pk}/act/resolve/", {"text": "x"}).status_code == 302
    assert tickets["a_staff"].__class__.objects.get(pk=tickets["a_staff"].pk).state == "accepted"


def test_nav_entry_points_to_the_list(personas, login, client):
    login(personas.staff_a)
    assert 'href="/feedback/"' in client.get("/todo/").content.decode()
