"""notices.usage.usage_counts — receipts due and read for the half-month usage report, on known counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import NoticeRead
from notices.services.reading import notice_open
from notices.usage import usage_counts

pytestmark = pytest.mark.django_db


def test_notices_due_and_read_per_department(personas, notice):
    made = notice(publish=True)
    other = notice(publish=True, title="关于调整系统维护时间的通知", departments=[personas.dept_b])
    due_a = NoticeRead.objects.filter(notice=made, department=personas.dept_a).count()
    due_b = NoticeRead.objects.filter(notice=made, department=personas.dept_b).count()
    assert (due_a, due_b) == (6, 5)  # every person of A (with its security officer) and of B
    for reader in (personas.clerk_a, personas.staff_a, personas.clerk_b):
        notice_open(actor=reader, notice_id=made.pk)
    notice_open(actor=personas.staff_b, notice_id=other.pk)
    now = timezone.now()
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    assert usage_counts(start=start, end=end) == {
        personas.dept_a.pk: {"notices_due": 6, "notices_read": 2},
        personas.dept_b.pk: {"notices_due": 10, "notices_read": 2},
    }
    # Read after the window: due, not read, in it.
    NoticeRead.objects.filter(notice=other, person=personas.staff_b).update(opened_at=end + timedelta(minutes=5))
    assert usage_counts(start=start, end=end)[personas.dept_b.pk] == {"notices_due": 10, "notices_read": 1}
    # Published before the window: not due in it.
    type(made).objects.filter(pk=other.pk).update(published_at=start - timedelta(seconds=1))
    assert usage_counts(start=start, end=end)[personas.dept_b.pk] == {"notices_due": 5, "notices_read": 1}
    assert usage_counts(start=end, end=end + timedelta(days=1)) == {}


def test_a_draft_is_not_due(personas, notice):
    notice()
    now = timezone.now()
    assert usage_counts(start=now - timedelta(days=1), end=now + timedelta(days=1)) == {}
