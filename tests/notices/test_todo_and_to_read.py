"""待办 and 待阅 apart (issue 19): an unread notice waits to be read, it is not work to do — the 待办 badge
leaves it out, /todo/ shows it under 待阅 with its own count; each 待办 provider is still asked once."""

import pytest

from oa.core.todo import TO_DO, TO_READ, todo_count, todo_counts, todo_sources

pytestmark = pytest.mark.django_db


def _sections(html: str) -> tuple[str, str]:
    to_do, to_read = html.split('id="oa-todo-read"', 1)
    return to_do.split('id="oa-todo-do"', 1)[1], to_read


def test_the_badge_does_not_count_an_unread_notice(personas, notice):
    made = notice(publish=True)
    assert todo_count(personas.clerk_a) == 0
    assert todo_counts(personas.clerk_a).to_do == 0 and todo_counts(personas.clerk_a).to_read == 1
    unread = {s.kind: s for s in todo_sources(personas.clerk_a)}["notices-unread"]
    assert unread.group == TO_READ and made.title in unread.items[0].title
    assert {s.kind: s.group for s in todo_sources(personas.clerk_a)}["deliveries"] == TO_DO
    assert {s.kind for s in todo_sources(personas.clerk_a, group=TO_READ)} == {"readings", "notices-unread"}


def test_the_badge_fragment_shows_to_do_and_to_read_apart(personas, notice, login):
    notice(publish=True)
    html = login(personas.clerk_a).get("/todo/badge/").content.decode()
    assert '<span id="oa-todo-badge" class="badge rounded-pill text-bg-warning ms-1" title="待办：需要您办理的事项">0</span>' in html
    assert ">阅 1</span>" in html


def test_the_todo_page_shows_to_do_and_to_read_apart(personas, notice, info_leader, login):
    from notices.services.flow import notice_submit

    unread = notice(publish=True, title="关于春节放假安排的通知")
    pending = notice(title="关于开展节前安全检查的通知")
    notice_submit(actor=personas.info_center, notice_id=pending.pk)
    # The information center's leader has one to approve (待办) and one still unread (待阅).
    notice(publish=True, title="关于报送年度总结的通知", audience="people", people=[info_leader])
    to_do, to_read = _sections(login(info_leader).get("/todo/").content.decode())
    assert pending.title in to_do and pending.title not in to_read
    assert "关于报送年度总结的通知" in to_read and "关于报送年度总结的通知" not in to_do
    assert unread.title not in to_do
    assert "待阅事项" in to_read and "只需阅知" in to_read
