"""The 待办 badge's parts are compiled once per distinct part and kept for the process (oa.core.todo._compiled,
issue 20): the cached path must give exactly what compiling every time gives, for every persona, and a change of
roles must change the statement (the key holds the conditions the roles build, never the person alone)."""

import pytest

from documents.choices import DocumentState as S
from oa.core import todo
from oa.org.choices import Role
from oa.org.services.roles import role_grant

pytestmark = pytest.mark.django_db

PERSONAS = ("clerk_a", "clerk_b", "director_a", "leader_a", "leader_b", "head_a", "staff_a", "security_officer_a",
            "info_center")


def _fresh(person):
    person.__dict__.pop("_role_set", None)
    return person


def _uncached(person, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(todo, "_part_key", lambda queryset, column: None)
        sources = todo.todo_sources(_fresh(person), limit=50)
        return todo.todo_counts(_fresh(person)), [(s.kind, s.count, [i.url for i in s.items]) for s in sources]


def _cached(person):
    sources = todo.todo_sources(_fresh(person), limit=50)
    return todo.todo_counts(_fresh(person)), [(s.kind, s.count, [i.url for i in s.items]) for s in sources]


def test_the_cached_statement_counts_and_lists_what_compiling_every_time_does(personas, draft, walk, monkeypatch):
    walk(draft(), S.DISPATCHED)
    walk(draft(), S.NUMBERING)
    walk(draft(), S.REVIEW)
    todo._COMPILED.clear()
    for name in PERSONAS:
        person = getattr(personas, name)
        expected = _uncached(person, monkeypatch)
        assert _cached(person) == expected, name  # first time: compiled and kept
        assert _cached(person) == expected, name  # then: from the cache
    assert todo._COMPILED  # the parts were kept


def test_a_cached_part_is_not_compiled_again(personas, draft, walk, monkeypatch):
    walk(draft(), S.NUMBERING)
    todo._COMPILED.clear()
    todo.todo_counts(_fresh(personas.clerk_a))
    from django.db.models.sql.query import Query

    compiled = []

    original = Query.sql_with_params
    monkeypatch.setattr(Query, "sql_with_params", lambda self: compiled.append(self) or original(self))
    again = todo.todo_counts(_fresh(personas.clerk_a))
    assert again.to_do >= 1
    assert len(compiled) < len(todo._COMPILED)  # most parts came from the cache (parts with a subquery compile every time)


def test_a_change_of_roles_changes_the_statement_not_a_stale_one(personas, draft, walk, monkeypatch):
    walk(draft(), S.NUMBERING)  # waiting for A's clerks
    todo._COMPILED.clear()
    staff = personas.staff_a
    before = _cached(staff)
    assert before == _uncached(staff, monkeypatch)
    role_grant(actor=None, person=staff, role=Role.CLERK, system=True)
    after = _cached(staff)
    assert after == _uncached(staff, monkeypatch)
    assert after[0].to_do == before[0].to_do + 1  # now one of A's clerks: the document waits for them too
