"""Read receipts: opening records 已阅 once; 回执 with an optional reply; reminders reach only the unread."""

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from notices.models import Notice, NoticeRead
from notices.selectors import read_summary
from notices.services.errors import Conflict
from notices.services.flow import notice_withdraw
from notices.services.reading import notice_confirm, notice_open, notice_remind_unread
from oa.audit.models import LedgerEntry
from oa.core.todo import todo_sources
from tests.live import socket_for

pytestmark = pytest.mark.django_db


def test_opening_records_the_read_once_with_the_time(personas, notice):
    made = notice(publish=True)
    row = notice_open(actor=personas.clerk_a, notice_id=made.pk)
    first = row.opened_at
    assert first is not None
    again = notice_open(actor=personas.clerk_a, notice_id=made.pk)
    assert again.opened_at == first
    made.refresh_from_db()
    assert made.read_count == 1
    assert LedgerEntry.objects.filter(action="notice.read", actor=personas.clerk_a).count() == 1


def test_the_publisher_opening_their_own_notice_is_not_a_read(personas, notice):
    made = notice(publish=True)
    assert notice_open(actor=personas.info_center, notice_id=made.pk) is None
    assert Notice.objects.get(pk=made.pk).read_count == 0


def test_receipt_with_a_short_reply(personas, notice):
    made = notice(publish=True, requires_receipt=True)
    row = notice_confirm(actor=personas.clerk_b, notice_id=made.pk, reply="已收到，派2人参加第一期")
    assert row.opened_at and row.confirmed_at and row.reply == "已收到，派2人参加第一期"
    with pytest.raises(Conflict):
        notice_confirm(actor=personas.clerk_b, notice_id=made.pk)
    summary = {s["department__name"]: s for s in read_summary(made)}
    assert summary["乙局"]["read"] == 1 and summary["乙局"]["confirmed"] == 1 and summary["甲局"]["read"] == 0


def test_receipt_rules(personas, notice):
    plain = notice(publish=True)
    with pytest.raises(ValidationError):
        notice_confirm(actor=personas.clerk_a, notice_id=plain.pk)  # no receipt asked for
    asking = notice(publish=True, requires_receipt=True, departments=[personas.dept_a])
    with pytest.raises(Http404):
        notice_confirm(actor=personas.clerk_b, notice_id=asking.pk)  # outside the audience
    with pytest.raises(ValidationError):
        notice_confirm(actor=personas.clerk_a, notice_id=asking.pk, reply="长" * 201)
    notice_withdraw(actor=personas.info_center, notice_id=asking.pk, reason="撤回")
    with pytest.raises(Http404):
        notice_confirm(actor=personas.clerk_a, notice_id=asking.pk)
    assert not NoticeRead.objects.filter(notice=asking, confirmed_at__isnull=False).exists()


def test_a_reply_carrying_a_classification_marking_is_refused(personas, notice):
    from oa.uploads.exceptions import UploadRefused

    made = notice(publish=True, requires_receipt=True)
    with pytest.raises(UploadRefused):
        notice_confirm(actor=personas.clerk_a, notice_id=made.pk, reply="机密★1年 附后")
    assert made.reads.get(person=personas.clerk_a).confirmed_at is None


@pytest.mark.django_db(transaction=True)
def test_reminders_reach_only_the_unread(personas, notice):
    from asgiref.sync import sync_to_async

    made = notice(publish=True)
    notice_open(actor=personas.clerk_a, notice_id=made.pk)
    notice_open(actor=personas.leader_b, notice_id=made.pk)
    read_socket, unread_socket = socket_for(personas.clerk_a), socket_for(personas.clerk_b)
    result = {}

    async def scenario():
        for socket in (read_socket, unread_socket):
            assert (await socket.connect())[0]
        result["count"] = await sync_to_async(notice_remind_unread)(actor=personas.info_center, notice_id=made.pk)
        events = [(await unread_socket.receive_json_from(timeout=3))["event"] for _ in range(2)]
        assert "notice.reminder" in events
        assert await read_socket.receive_nothing(timeout=0.5)
        for socket in (read_socket, unread_socket):
            await socket.disconnect()

    async_to_sync(scenario)()
    count = result["count"]
    assert count == made.recipient_count - 2
    reminded = set(NoticeRead.objects.filter(notice=made, reminder_count=1).values_list("person_id", flat=True))
    assert personas.clerk_a.pk not in reminded and personas.leader_b.pk not in reminded
    assert personas.clerk_b.pk in reminded and len(reminded) == count
    entry = LedgerEntry.objects.get(action="notice.remind")
    assert entry.data["count"] == count and personas.clerk_a.pk not in entry.data["people"]


def test_only_the_publishing_side_reminds(personas, notice):
    made = notice(publish=True)
    with pytest.raises(PermissionDenied):
        notice_remind_unread(actor=personas.clerk_a, notice_id=made.pk)
    assert not NoticeRead.objects.filter(notice=made, reminder_count__gt=0).exists()


def test_unread_notices_count_in_the_readers_todo_until_opened_and_confirmed(personas, notice):
    made = notice(publish=True, requires_receipt=True)

    def waiting(person):
        return {s.kind: s for s in todo_sources(person)}["notices-unread"]

    assert waiting(personas.clerk_a).count == 1 and "【未读】" in waiting(personas.clerk_a).items[0].title
    notice_open(actor=personas.clerk_a, notice_id=made.pk)
    assert waiting(personas.clerk_a).count == 1 and "【待回执】" in waiting(personas.clerk_a).items[0].title
    notice_confirm(actor=personas.clerk_a, notice_id=made.pk)
    assert waiting(personas.clerk_a).count == 0


def test_pending_notices_count_in_the_approvers_todo(personas, notice, info_leader):
    from notices.services.flow import notice_submit

    made = notice()
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    source = {s.kind: s for s in todo_sources(info_leader)}["notices"]
    assert source.count == 1 and source.items[0].url == f"/notices/{made.pk}/"
    assert {s.kind: s for s in todo_sources(personas.leader_a)}["notices"].count == 0
