"""Closing rules: what a correction keeps, what a rebuild never writes, what the timer catches up on,
and what a snapshot shows once later events have moved the rollup."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from oa.usage.figures import STATE
from oa.usage.models import Bulletin, UsageFigure
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row, table_for
from oa.usage.services.reports import due_periods, usage_close, usage_correct
from oa.usage.services.rollup import rebuild

pytestmark = pytest.mark.django_db
OCT1 = Period.parse("2026-10-1")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _b(table, personas):
    return department_row(table, personas.dept_b.pk)["figures"]


def test_a_correction_keeps_the_state_frozen_at_close(personas, half_month):
    v1, _ = usage_close(period=OCT1)
    assert _b(v1.data["table"], personas)["accounts"] == 5
    personas.staff_b.is_active = False  # an account closed after the period: “how things stand” moves on
    personas.staff_b.save(update_fields=["is_active"])
    v2 = usage_correct(period=OCT1, actor=personas.info_center, reason="更正错别字")
    assert _b(v2.data["table"], personas)["accounts"] == 5 and _b(v2.data["table"], personas)["red"] == 1


def test_a_rebuild_of_the_running_period_writes_no_state(personas, half_month):
    current = Period.current()
    rebuild(current, write=True)
    assert not UsageFigure.objects.filter(period=str(current), code__in=list(STATE)).exists()
    assert build_table(current)["live"] is True


def test_after_close_the_snapshot_holds_while_the_rollup_moves(personas, half_month, clock):
    from documents.incoming.services.paper import delivery_register_paper

    report, _ = usage_close(period=OCT1)
    before = _b(report.data["table"], personas)
    clock.set(2026, 10, 15, 20, 0)
    delivery_register_paper(actor=personas.clerk_b, title="补登纸质来文", sender_name="甲局")
    clock.value = None
    assert _b(build_table(OCT1, live=False), personas)["usage_rate"] != before["usage_rate"]  # the rollup moved …
    table, shown = table_for(OCT1)
    assert shown.pk == report.pk and _b(table, personas) == before  # … what every page and the API show did not


def test_the_timer_catches_up_on_periods_a_missed_run_left(personas, half_month):
    at = datetime(2027, 1, 20, 1, 0, tzinfo=SHANGHAI)
    assert due_periods(now=at) == [Period.parse("2027-1-1")]  # no bulletin yet: just the last ended one
    usage_close(period=OCT1)
    assert [str(p) for p in due_periods(now=at)] == ["2026-10-2", "2026-11-1", "2026-11-2", "2026-12-1", "2026-12-2",
                                                      "2027-1-1"]
    at = datetime(2027, 6, 20, 1, 0, tzinfo=SHANGHAI)  # months later: at most six
    assert len(due_periods(now=at)) == 6 and str(due_periods(now=at)[-1]) == "2027-6-1"


def test_the_command_closes_the_missed_periods_oldest_first(personas, half_month):
    usage_close(period=OCT1)
    expected = [str(p) for p in due_periods()]
    out = StringIO()
    call_command("usage_close", stdout=out)
    assert expected[0] == "2026-10-2" and str(Period.current().previous()) == expected[-1]
    assert list(Bulletin.objects.order_by("id").values_list("period", flat=True)) == ["2026-10-1", *expected]
    previous = Bulletin.objects.get(period=expected[-1]).data["bulletin"]
    assert previous["summary"]  # each made after the one before it, so it could compare itself with it
