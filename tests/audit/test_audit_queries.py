"""The audit admin's ledger page and API list stay a fixed number of SQL queries however many entries there
are, with and without filters (so a query-per-row creeps in visibly)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app). The ledger's
# own part: the filter form's department choices (page) or the department filter's look-up, and one page of
# entries with their departments (50 and one more to know whether there is a next page).
BUDGET = {
    "/audit/": 15,
    "/audit/?action=auth.login&department={a}&outcome=success&since={today}&until={today}": 16,
    "/audit/?actor=a_staff": 15,
    "/api/v1/audit/entries/": 7,
    "/api/v1/audit/entries/?action=auth.login&department={a}&outcome=success&since={today}&until={today}": 8,
    "/api/v1/audit/entries/?actor=a_staff": 7,
}


def test_ledger_lists_make_the_same_number_of_queries_for_2_or_62_logins(personas, client, login):
    """Each row: a login by one of department A's people (a ledger entry with actor and department)."""
    p = personas
    people = [p.staff_a, p.clerk_a, p.director_a, p.leader_a, p.head_a]

    def add(n):
        for i in range(n):
            login(people[i % len(people)])
            client.logout()

    shown = []  # department A's logins on the filtered API page

    def count():
        measured = {}
        login(p.audit_admin)
        for url in BUDGET:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url.format(a=p.dept_a.pk, today=timezone.localdate().isoformat()))
            assert response.status_code == 200, (url, response.content.decode()[:300])
            measured[url] = len(captured.captured_queries)
            if url.startswith("/api/") and "department" in url:
                shown.append(len(response.json()["results"]))
        client.logout()
        return measured

    add(2)
    few = count()
    add(60)  # past a page of 50 entries
    many = count()
    assert shown == [2, 50]
    assert many == few, {k: (few[k], many[k]) for k in few if few[k] != many[k]}
    assert not {k: c for k, c in few.items() if c > BUDGET[k]}, few
