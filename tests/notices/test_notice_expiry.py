"""Automatic expiry: a published notice past its date is expired at once for readers and lists,
and `expire_notices` (or its background task) records the transition."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from notices.choices import NoticeState as S
from notices.models import Notice
from notices.selectors import notice_board, unread_for
from notices.services.errors import Conflict
from notices.services.flow import notice_withdraw
from notices.services.reading import notice_confirm
from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _lapse(notice):
    Notice.objects.filter(pk=notice.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    return Notice.objects.get(pk=notice.pk)


def test_a_notice_past_its_date_is_expired_before_the_command_runs(personas, notice):
    made = notice(publish=True, requires_receipt=True, expires_at=timezone.now() + timedelta(days=3))
    assert [n.pk for n in notice_board(personas.clerk_a).rows] == [made.pk]
    lapsed = _lapse(made)
    assert lapsed.state == S.PUBLISHED and lapsed.current_state == S.EXPIRED
    assert notice_board(personas.clerk_a).rows == [] and unread_for(personas.clerk_a) == []
    with pytest.raises(Conflict):
        notice_confirm(actor=personas.clerk_a, notice_id=made.pk)
    with pytest.raises(Conflict):
        notice_withdraw(actor=personas.info_center, notice_id=made.pk, reason="过期前撤回")


def test_the_command_moves_due_notices_and_leaves_the_rest(personas, notice):
    due = _lapse(notice(publish=True, expires_at=timezone.now() + timedelta(days=1)))
    later = notice(publish=True, expires_at=timezone.now() + timedelta(days=5))
    forever = notice(publish=True)
    call_command("expire_notices")
    assert Notice.objects.get(pk=due.pk).state == S.EXPIRED
    assert Notice.objects.get(pk=due.pk).ended_at is not None
    assert Notice.objects.get(pk=later.pk).state == S.PUBLISHED
    assert Notice.objects.get(pk=forever.pk).state == S.PUBLISHED
    entry = LedgerEntry.objects.get(action="notice.expire")
    assert entry.actor is None and entry.target_id == str(due.pk)
    call_command("expire_notices")  # idempotent
    assert LedgerEntry.objects.filter(action="notice.expire").count() == 1


def test_the_background_task_expires_too(personas, notice):
    from notices.tasks import expire_notices_task

    due = _lapse(notice(publish=True, expires_at=timezone.now() + timedelta(days=1)))
    result = expire_notices_task.enqueue()
    assert Notice.objects.get(pk=due.pk).state == S.EXPIRED
    assert result.return_value == 1


def test_an_expired_notice_stays_readable_to_its_audience_but_off_the_board(personas, notice, client, login):
    from oa.portal.seed import seed_portal

    seed_portal()
    due = _lapse(notice(publish=True, expires_at=timezone.now() + timedelta(days=1)))
    call_command("expire_notices")
    login(personas.clerk_a)
    page = client.get(f"/tongzhi/{due.pk}/")
    assert page.status_code == 200 and "该通知已过期" in page.content.decode()
    assert due.title not in client.get("/tongzhi/").content.decode()


def test_a_past_expiry_date_cannot_be_set_or_published(personas, notice, info_leader):
    from django.core.exceptions import ValidationError

    from notices.services.flow import notice_approve, notice_submit

    with pytest.raises(ValidationError):
        notice(expires_at=timezone.now() - timedelta(hours=1))
    made = notice(expires_at=timezone.now() + timedelta(days=1))
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    Notice.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        notice_approve(actor=info_leader, notice_id=made.pk)
    assert Notice.objects.get(pk=made.pk).state == S.PENDING
