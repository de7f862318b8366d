"""Racing people and tabs: one success per step, one number per document, countersign moves on once."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from documents.choices import DocumentState as S
from documents.models import Document, IssuedNumber
from documents.services.errors import Conflict
from oa.audit.models import LedgerEntry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(calls):
    """Run the callables at the same moment in threads; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except (Conflict, PermissionDenied) as exc:
            errors.append(exc)
        except Exception as exc:  # anything else is a bug the test must show
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_eight_racing_attempts_at_one_step_give_one_success_and_one_entry(personas, draft, walk, act):
    document = walk(draft(), S.REVIEW)
    results, errors = race([lambda: act(personas.director_a, "review", document) for _ in range(8)])
    assert len(results) == 1
    assert len(errors) == 7 and all(isinstance(e, Conflict) for e in errors), errors
    assert LedgerEntry.objects.filter(action="document.review", target_id=str(document.pk)).count() == 1
    assert document.steps.filter(step="review").count() == 1


def test_two_tabs_numbering_the_same_document_take_one_number(personas, draft, walk, act):
    document = walk(draft(), S.NUMBERING)
    results, errors = race([lambda: act(personas.clerk_a, "number", document) for _ in range(4)])
    assert len(results) == 1 and all(isinstance(e, Conflict) for e in errors)
    assert IssuedNumber.objects.filter(document=document).count() == 1


def test_racing_clerks_never_get_the_same_number(personas, draft, walk, act):
    second_clerk = PersonFactory(username="a_clerk2", department=personas.dept_a)
    from oa.org.choices import Role
    from oa.org.services.roles import role_grant

    role_grant(actor=None, person=second_clerk, role=Role.CLERK, system=True)
    documents = [walk(draft(title=f"第{i}份"), S.NUMBERING) for i in range(6)]
    clerks = [personas.clerk_a, second_clerk]
    results, errors = race([lambda d=d, c=clerks[i % 2]: act(c, "number", d) for i, d in enumerate(documents)])
    assert not errors, errors
    numbers = sorted(Document.objects.filter(pk__in=[d.pk for d in documents]).values_list("number_seq", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]  # distinct and no gaps


def test_five_concurrent_countersigners_all_recorded_and_the_document_moves_on_once(personas, draft, walk, act):
    signers = [PersonFactory(username=f"b_co{i}", department=personas.dept_b) for i in range(5)]
    document = walk(draft(countersigners=signers), S.REVIEW)
    document = act(personas.director_a, "review", document)
    assert document.state == S.COUNTERSIGN
    results, errors = race([lambda p=p: act(p, "countersign", document, opinion="同意") for p in signers])
    assert not errors, errors
    document.refresh_from_db()
    assert document.state == S.SIGNING
    assert document.countersigns.filter(signed_at__isnull=False).count() == 5
    moves = document.steps.filter(step="countersign", to_state=S.SIGNING).count()
    assert moves == 1
