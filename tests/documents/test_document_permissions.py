"""Role × transition matrix: only the right person in the right department takes each step."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from documents.choices import DocumentState as S
from documents.permissions import available_actions
from documents.selectors import documents_visible_to
from documents.services.errors import Conflict

pytestmark = pytest.mark.django_db

PEOPLE = ["staff_a", "clerk_a", "archivist_a", "director_a", "leader_a", "head_a", "staff_b", "clerk_b", "director_b", "leader_b",
          "head_b", "info_center", "system_admin", "security_admin", "audit_admin"]

# state reached on the happy path → (action, who may take it)
FORWARD = [
    (S.DRAFT, "submit", {"staff_a"}),
    (S.REVIEW, "review", {"director_a"}),
    (S.SIGNING, "sign", {"leader_a", "head_a"}),
    (S.CHECK, "check", {"director_a"}),
    (S.NUMBERING, "number", {"clerk_a"}),
    (S.SEALING, "seal", {"clerk_a"}),
    (S.DISPATCH, "dispatch", {"clerk_a"}),
    (S.DISPATCHED, "archive", {"archivist_a"}),
]

VISIBLE_BEFORE_DISPATCH = {"staff_a", "clerk_a", "archivist_a", "director_a", "leader_a", "head_a"}


@pytest.mark.parametrize("state,action,allowed", FORWARD, ids=[f[1] for f in FORWARD])
@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_right_person_takes_each_step(personas, draft, walk, act, state, action, allowed, who):
    document = walk(draft(), state)
    person = getattr(personas, who)
    if who in allowed:
        assert action in available_actions(person, document)
        assert act(person, action, document).state != state
        return
    visible = who in VISIBLE_BEFORE_DISPATCH or (state == S.DISPATCHED and who.endswith("_b"))
    expected = PermissionDenied if visible else Http404
    with pytest.raises(expected):
        act(person, action, document)
    document.refresh_from_db()
    assert document.state == state


@pytest.mark.parametrize("who", PEOPLE)
def test_outsiders_cannot_even_see_a_draft(personas, draft, who):
    document = draft()
    visible = documents_visible_to(getattr(personas, who)).filter(pk=document.pk).exists()
    assert visible == (who in VISIBLE_BEFORE_DISPATCH)


def test_recipients_see_the_document_only_once_it_is_dispatched(personas, draft, walk):
    document = walk(draft(), S.DISPATCH)
    assert not documents_visible_to(personas.clerk_b).filter(pk=document.pk).exists()
    walk(document, S.DISPATCHED)
    assert documents_visible_to(personas.clerk_b).filter(pk=document.pk).exists()


def test_countersigner_from_another_department_sees_and_acts(personas, draft, walk, act):
    document = draft(countersigners=[personas.leader_b])
    assert documents_visible_to(personas.leader_b).filter(pk=document.pk).exists()
    document = act(personas.director_a, "review", walk(document, S.REVIEW))
    assert available_actions(personas.leader_b, document) == ["countersign", "return"]
    assert available_actions(personas.head_b, document) == []


def test_the_same_step_twice_is_a_conflict_not_a_second_entry(personas, draft, walk, act):
    document = walk(draft(), S.REVIEW)
    act(personas.director_a, "review", document)
    with pytest.raises(Conflict):
        act(personas.director_a, "review", document)


def test_refusals_are_ledgered_even_though_nothing_changes(personas, draft, walk, act):
    from oa.audit.models import LedgerEntry

    document = walk(draft(), S.REVIEW)
    with pytest.raises(PermissionDenied):
        act(personas.clerk_a, "review", document)
    entry = LedgerEntry.objects.filter(action="document.review").latest("id")
    assert entry.outcome == "denied" and entry.actor == personas.clerk_a
