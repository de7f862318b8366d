"""oa.trial.usage.usage_counts — the trial's figures for the half-month usage report, on known counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.models import Delivery
from oa.trial.models import PaperRequirement
from oa.trial.services.paper import PaperSent, paper_confirm, paper_only_record, paper_record
from oa.trial.usage import day_range, usage_counts

pytestmark = pytest.mark.django_db


def test_paper_required_parallel_and_only_per_department(trial, dispatched, personas):
    today = timezone.localdate()
    normal = [PaperRequirement.objects.get(delivery=dispatched(title=f"平件{i}")) for i in range(4)]
    PaperRequirement.objects.get(delivery=dispatched(title="急件", urgency="urgent"))  # exempt: never required
    paper_record(actor=personas.clerk_a, requirement_id=normal[0].pk, sent=PaperSent(count=1, sent_on=today, method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=normal[1].pk, count=1)  # the paper arrived first
    now = timezone.now()
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    Delivery.objects.filter(pk=normal[3].delivery_id).update(sent_at=start - timedelta(minutes=1))  # before the window
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="received", count=2, on_date=today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=5, on_date=today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="received", count=4,
                      on_date=today - timedelta(days=3))
    paper_only_record(actor=personas.clerk_b, counterpart_id=personas.dept_a.pk, direction="received", count=1, on_date=today)

    counts = usage_counts(start=start, end=end)
    assert counts == {
        personas.dept_a.pk: {"paper_required": 3, "paper_parallel": 2, "paper_only": 2},
        personas.dept_b.pk: {"paper_required": 0, "paper_parallel": 0, "paper_only": 1},
    }
    # The window is [start, end): the delivery moved to just before `start` counts in the window before.
    earlier = usage_counts(start=start - timedelta(hours=1), end=start)
    assert earlier[personas.dept_a.pk]["paper_required"] == 1 and earlier[personas.dept_a.pk]["paper_parallel"] == 0
    # Paper recorded as sent after the window does not count for it (a closed period does not drift).
    PaperRequirement.objects.filter(pk=normal[0].pk).update(sent_on=today + timedelta(days=3))
    assert usage_counts(start=start, end=end)[personas.dept_a.pk]["paper_parallel"] == 1
    # Paper-only items are dated by day: a window from tomorrow 00:00 has none of today's.
    tomorrow = timezone.make_aware(timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time()))
    assert usage_counts(start=max(end, tomorrow), end=tomorrow + timedelta(days=15)) == {}


def test_the_day_range_of_a_window():
    tz = timezone.get_current_timezone()
    midnight = timezone.make_aware(timezone.datetime(2026, 11, 1), tz)
    assert day_range(midnight, midnight + timedelta(days=15)) == (midnight.date(), (midnight + timedelta(days=15)).date())
    assert day_range(midnight, midnight + timedelta(hours=12))[1] == midnight.date() + timedelta(days=1)


def test_the_usage_table_shows_the_trial_columns(trial, dispatched, personas):
    from oa.usage.figures import providers_present

    assert "trial" in providers_present() and "notices" in providers_present()
