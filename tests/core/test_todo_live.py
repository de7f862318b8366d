"""/todo/ and its pop-up follow the live hints (issue 19): the lists are fetched again only on the hint, and a
hint of new work carries its title for the person it waits for — never for one who just acted, never for one
who may not see it."""

import pytest

from documents.choices import DocumentState as S
from documents.services.notify import _document_title_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr("oa.core.live._send", lambda group, message: messages.append((group, message)))
    return messages


def _to(person, sent):
    return [m["payload"] for group, m in sent if group == f"person-{person.pk}" and m["event"] == "todo.changed"]


def test_new_work_carries_its_title_for_whom_it_waits(personas, draft, walk, act, sent,
                                                      django_capture_on_commit_callbacks):
    document = walk(draft(), S.SIGNING)
    with django_capture_on_commit_callbacks(execute=True):
        act(personas.leader_a, "sign", document)
    told = _to(personas.director_a, sent)
    assert told and told[-1]["new"] == {"title": document.title, "url": f"/documents/{document.pk}/"}


def test_no_pop_up_for_the_person_who_just_acted(personas, draft, walk, act, sent, django_capture_on_commit_callbacks):
    document = walk(draft(), S.NUMBERING)
    with django_capture_on_commit_callbacks(execute=True):
        act(personas.clerk_a, "number", document)  # 用印 now waits for the clerk who numbered it
    told = _to(personas.clerk_a, sent)
    assert told and all("new" not in payload for payload in told)


def test_no_title_for_a_person_who_may_not_see_it(personas, draft):
    document = draft()
    assert _document_title_for(document.pk, None)(personas.staff_b.pk) is None  # another department's draft
    assert _document_title_for(document.pk, None)(personas.staff_a.pk)["new"]["title"] == document.title


def test_todo_lists_are_fetched_again_on_the_hint_only(personas, client, login):
    login(personas.clerk_a)
    page = client.get("/todo/").content.decode()
    assert 'id="oa-todo-lists"' in page and "oa:todo-changed from:body" in page and 'id="oa-toasts"' in page
    assert "js/todo_toast.js" in page
    fragment = client.get("/todo/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="oa-todo-lists"') or 'id="oa-todo-lists"' in fragment[:400]
    assert "<html" not in fragment and "待办事项" in fragment
