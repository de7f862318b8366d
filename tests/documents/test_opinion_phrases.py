"""常用意见 on the 发文 办理 panel: the person's own first (in their order), then the system's not already among
them — one query where the panel shows, none on a page without it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.choices import COMMON_OPINIONS
from documents.choices import DocumentState as S
from documents.phrases import opinion_phrases, phrases_for, step_phrases
from oa.org.services.phrases import phrase_add

pytestmark = pytest.mark.django_db

BUTTON = re.compile(r'<button type="button" class="btn btn-sm ([^"]*) oa-phrase" data-phrase="([^"]*)" data-target="id_opinion"')


def _phrase_queries(captured) -> int:
    return sum('"org_phrase"' in query["sql"] for query in captured.captured_queries)


def test_mine_first_then_the_systems_once(personas):
    for text in ("请局长审签。", "同意"):
        phrase_add(actor=personas.director_a, text=text)
    phrases = phrases_for(personas.director_a)
    assert [p.text for p in phrases] == ["请局长审签。", "同意", *[t for t in COMMON_OPINIONS if t != "同意"]]
    assert [p.own for p in phrases[:3]] == [True, True, False]
    assert [p.text for p in phrases_for(personas.staff_a)] == COMMON_OPINIONS


def test_the_panel_shows_mine_before_the_systems(personas, draft, walk, client, login):
    document = walk(draft(), S.REVIEW)
    phrase_add(actor=personas.director_a, text="拟同意，请局长审签。")
    phrase_add(actor=personas.director_a, text="请修改后再报")  # also a system phrase of 核稿: shown once, as mine
    page = login(personas.director_a).get(f"/documents/{document.pk}/").content.decode()
    buttons = BUTTON.findall(page)
    system = step_phrases(["review", "return"])  # the 核稿人's step, read from the workflow table
    assert [text for _, text in buttons] == ["拟同意，请局长审签。", "请修改后再报",
                                             *[t for t in system if t != "请修改后再报"]]
    assert ["oa-phrase-own" in css for css, _ in buttons] == [True, True] + [False] * (len(system) - 1)
    assert 'src="/static/js/phrases.js"' in page and 'href="/accounts/phrases/"' in page


def test_one_query_where_the_panel_shows_none_elsewhere(personas, draft, walk, client, login):
    document = walk(draft(), S.REVIEW)
    for n in range(5):
        phrase_add(actor=personas.director_a, text=f"意见{n}")
    login(personas.director_a)
    with CaptureQueriesContext(connection) as captured:
        assert "oa-phrase" in client.get(f"/documents/{document.pk}/").content.decode()
    assert _phrase_queries(captured) == 1
    for url in ("/documents/?scope=todo", "/todo/", "/accounts/password/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert _phrase_queries(captured) == 0, url
    client.logout()
    login(personas.leader_a)  # sees the document, takes no step at 审核: no panel, no phrases read
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == 200 and "oa-phrase" not in response.content.decode()
    assert _phrase_queries(captured) == 0


def test_opinion_phrases_reads_once_however_often_it_is_used(personas):
    phrases = opinion_phrases(personas.staff_a)
    with CaptureQueriesContext(connection) as captured:
        assert list(phrases) == list(phrases) and len(phrases) == len(COMMON_OPINIONS)
    assert len(captured.captured_queries) == 1
