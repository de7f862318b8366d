"""The audit admin's ledger page and API list stay a fixed number of SQL queries however many entries there
are, with and without filters (so a query-per-row creeps in visibly)."""

import pytest
from django.utils import timezone

from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db

# Whole pages, frame included (session, person, roles, the 待办 providers and badges of every app). The ledger's
# own part: the filter form's department choices (page) or the department filter's look-up, and one page of
# entries with their departments (50 and one more to know whether there is a next page).
BUDGET = {
    ("audit_admin", "/audit/"): 15,
    ("audit_admin", "/audit/?action=auth.login&department={a}&outcome=success&since={today}&until={today}"): 16,
    ("audit_admin", "/audit/?actor=a_staff"): 15,
    ("audit_admin", "/api/v1/audit/entries/"): 7,
    ("audit_admin", "/api/v1/audit/entries/?action=auth.login&department={a}&outcome=success&since={today}&until={today}"): 8,
    ("audit_admin", "/api/v1/audit/entries/?actor=a_staff"): 7,
}


def test_ledger_lists_make_the_same_number_of_queries_for_2_or_62_logins(personas, client, login, pages_within_budget):
    """Each row: a login by one of department A's people (a ledger entry with actor and department); 62 runs
    past a page of 50."""
    p = personas
    people = [p.staff_a, p.clerk_a, p.director_a, p.leader_a, p.head_a]
    logins = LedgerEntry.objects.filter(action="auth.login", department=p.dept_a)

    def add(n):
        before = logins.count()
        for i in range(n):
            login(people[i % len(people)])
            client.logout()
        assert logins.count() == before + n

    pages_within_budget(BUDGET, add, url=lambda page: page.format(a=p.dept_a.pk, today=timezone.localdate().isoformat()),
                        then=60)
