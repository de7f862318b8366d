"""编号、用印并核发 in one click (issue 19): three steps, each its own trail row and ledger entry, in one
transaction — a step that stops leaves nothing done and the message names it; offered only where the workflow
table lets the same person take all three."""

import dataclasses

import pytest

from documents.choices import DocumentState as S
from documents.models import Delivery, Document, IssuedNumber
from documents.models.document import Recipient
from documents.permissions import CLERK, DOCUMENT_FLOW, OFFICE_DIRECTOR, may_in_turn
from oa.audit.models import LedgerEntry
from oa.core.workflow import turn

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _ledger(document):
    return list(LedgerEntry.objects.filter(target_type="documents.document", target_id=str(document.pk))
                .order_by("id").values_list("action", "outcome"))


def test_the_clerk_issues_in_one_click_each_step_on_record(personas, client, login, draft, walk):
    document = walk(draft(), S.NUMBERING)
    login(personas.clerk_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "编号、用印并核发" in page and 'name="print_copies"' in page
    assert 'id="oa-act-number"' in page  # the single step stays available
    before = len(_ledger(document))
    client.post(f"/documents/{document.pk}/act/issue/", {"print_copies": "8", "opinion": "按时核发"})
    document.refresh_from_db()
    assert document.state == S.DISPATCHED and document.doc_number and document.print_copies == 8 and document.sealed
    assert [s.step for s in document.steps.order_by("id")][-3:] == ["number", "seal", "dispatch"]
    assert document.steps.order_by("id").last().opinion == "按时核发"
    assert [a for a, _ in _ledger(document)[before:]] == ["document.number", "document.seal", "document.dispatch"]
    assert Delivery.objects.filter(document=document).count() == 1


def test_a_step_that_stops_leaves_nothing_half_done_and_says_which(personas, client, login, draft, walk):
    document = walk(draft(), S.NUMBERING)
    Recipient.objects.filter(document=document).delete()  # 核发 will find no department to send to
    login(personas.clerk_a)
    before = _ledger(document)
    page = client.post(f"/documents/{document.pk}/act/issue/", {"print_copies": "8"}, follow=True).content.decode()
    assert "在“核发”一步停止" in page and "没有系统内的主送或抄送单位" in page
    document = Document.objects.get(pk=document.pk)
    assert document.state == S.NUMBERING and not document.doc_number and not document.sealed
    assert not IssuedNumber.objects.filter(document=document).exists()  # the number was not taken
    assert _ledger(document) == before


def test_bad_print_run_is_refused_before_any_step(personas, client, login, draft, walk):
    document = walk(draft(), S.NUMBERING)
    login(personas.clerk_a)
    answer = client.post(f"/api/v1/documents/{document.pk}/issue/", {"print_copies": "三份"}, content_type=JSON)
    assert answer.status_code == 400 and "印制份数" in str(answer.json())
    assert Document.objects.get(pk=document.pk).state == S.NUMBERING


def test_the_api_issues_and_answers_409_once_done(personas, client, login, draft, walk):
    document = walk(draft(), S.NUMBERING)
    login(personas.clerk_a)
    url = f"/api/v1/documents/{document.pk}/issue/"
    done = client.post(url, {"print_copies": 2}, content_type=JSON)
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == S.DISPATCHED and body["print_copies"] == 2
    assert [row["step"] for row in body["trail"]][-3:] == ["number", "seal", "dispatch"]
    again = client.post(url, {}, content_type=JSON)
    assert again.status_code == 409 and "编号" in again.json()["detail"]


def test_someone_else_is_refused_and_the_refusal_stays_on_record(personas, client, login, draft, walk):
    document = walk(draft(), S.NUMBERING)
    login(personas.director_a)  # may void it here, not number it
    answer = client.post(f"/api/v1/documents/{document.pk}/issue/", {}, content_type=JSON)
    assert answer.status_code == 403 and "编号" in answer.json()["detail"]
    assert ("document.number", "denied") in _ledger(document)
    assert "编号、用印并核发" not in client.get(f"/documents/{document.pk}/").content.decode()


def test_offered_only_where_the_table_lets_one_person_take_every_step(personas, draft, walk):
    document = walk(draft(), S.NUMBERING)
    assert may_in_turn(personas.clerk_a, "issue", document)
    assert not may_in_turn(personas.clerk_b, "issue", document)  # another department's clerk
    steps = ("number", "seal", "dispatch")
    table = dict(DOCUMENT_FLOW.table)
    table[S.SEALING] = (turn(OFFICE_DIRECTOR, "seal"),)  # were 用印 the office director's …
    other = dataclasses.replace(DOCUMENT_FLOW, table=table)
    assert other.may_in_turn(personas.director_a, ("seal",), walk(draft(), S.SEALING))
    assert not other.may_in_turn(personas.clerk_a, steps, document)  # … the clerk would not be offered all three
    table[S.SEALING] = (turn(CLERK, "seal"),)
    assert dataclasses.replace(DOCUMENT_FLOW, table=table).may_in_turn(personas.clerk_a, steps, document)
    assert not DOCUMENT_FLOW.may_in_turn(personas.clerk_a, ("seal", "dispatch"), document)  # not from 编号 state
