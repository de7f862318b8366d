"""Every figure of a half month with known counts; the listener's same-transaction increments;
the rebuild finds no difference, and finds one when the rollup is tampered with."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from oa.usage.figures import median_working_days
from oa.usage.models import UsageFigure
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row
from oa.usage.services.rollup import rebuild

pytestmark = pytest.mark.django_db
OCT1 = Period.parse("2026-10-1")


def _stored(department, code, period=OCT1):
    row = UsageFigure.objects.filter(period=str(period), department=department, code=code).first()
    return row.value if row else 0


def test_every_figure_of_the_half_month(personas, half_month):
    table = build_table(OCT1)
    b = department_row(table, personas.dept_b.pk)["figures"]
    a = department_row(table, personas.dept_a.pk)["figures"]
    assert (b["logins"], b["active"]) == (2, 1)
    assert (a["logins"], a["active"], a["drafted"], a["sent"]) == (1, 1, 1, 1)  # the 30 Sept draft is in 2026-9-2
    assert b["received"] == 1  # the 30 Sept dispatch counts in 2026-9-2
    assert b["signed_1wd"] == 1  # 30 Sept 18:00 → exchanged 8 Oct (holiday) → signed 9 Oct: 1 working day
    assert b["sign_median"] == 2.5  # delays 1 and 4 working days
    assert (b["done_on_time"], b["yellow"], b["red"]) == (1, 0, 1)
    assert b["on_time_rate"] == 0.5
    assert b["circ_read_rate"] == 0.5
    assert b["usage_rate"] == 0.5  # 1 online, 1 paper
    assert b["accounts"] == 5 and a["accounts"] == 6  # A also has its security officer
    assert b["notices_read_rate"] is None  # no notice due to B in the period: "—", not 0 (tests/usage/test_providers.py)
    assert (b["drafted"], b["sent"], a["received"], a["signed_1wd"]) == (0, 0, 0, 0)
    # The trial module is installed but no trial ran: nothing required, no paper-only items; no faults filed.
    assert (b["paper_compliance"], b["paper_only"], b["faults_reported"], b["faults_resolved"]) == (None, 0, 0, 0)
    assert department_row(table, personas.dept_b.pk)["score"]["score"] == 48.0  # 19.44+13.89+11.11+5.56 − 2 (one red)
    city = table["city"]["figures"]
    expected_city = {"logins": 3, "active": 2, "drafted": 1, "sent": 1, "received": 1, "signed_1wd": 1,
                     "sign_median": 2.5, "done_on_time": 1, "yellow": 0, "red": 1, "on_time_rate": 0.5,
                     "circ_read_rate": 0.5, "usage_rate": 0.5, "paper_only": 0, "faults_reported": 0}
    assert {code: city[code] for code in expected_city} == expected_city
    # The city sums the units the bulletin counts (oa.usage.units): not the information center's accounts.
    assert city["accounts"] == sum(r["figures"]["accounts"] for r in table["rows"] if r["counted"]) == 11
    assert [r["counted"] for r in table["rows"] if r["department_id"] == personas.info_dept.pk] == [False]
    assert _stored(personas.dept_b, "sign_wd_1") == 1 and _stored(personas.dept_b, "sign_wd_4") == 1
    assert _stored(personas.dept_a, "drafted", Period.parse("2026-9-2")) == 1


def test_rebuild_agrees_with_the_listener(half_month):
    for period in (OCT1, Period.parse("2026-9-2")):
        result = rebuild(period, write=False)
        assert result["differences"] == [], result


def test_rebuild_reports_and_repairs_a_difference(personas, half_month):
    UsageFigure.objects.filter(period=str(OCT1), department=personas.dept_b, code="logins").update(value=7)
    UsageFigure.objects.filter(period=str(OCT1), department=personas.dept_b, code="circ_read").delete()
    out = StringIO()
    call_command("usage_rebuild", "--period", "2026-10-1", "--check", stdout=out)
    result = json.loads(out.getvalue())
    assert {"department_id": personas.dept_b.pk, "code": "logins", "kept": 7, "recomputed": 2} in result["differences"]
    assert {"department_id": personas.dept_b.pk, "code": "circ_read", "kept": 0, "recomputed": 1} in result["differences"]
    assert _stored(personas.dept_b, "logins") == 7  # --check wrote nothing
    call_command("usage_rebuild", "--period", "2026-10-1", stdout=StringIO())
    assert _stored(personas.dept_b, "logins") == 2
    assert rebuild(OCT1, write=False)["differences"] == []


def test_the_increment_rolls_back_with_the_event(personas):
    from documents.incoming.services.paper import delivery_register_paper

    period = Period.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        delivery_register_paper(actor=personas.clerk_b, title="纸质来文", sender_name="省厅")
        assert _stored(personas.dept_b, "received_paper", period) == 1  # inside: already counted
        raise RuntimeError("the surrounding change fails")
    assert _stored(personas.dept_b, "received_paper", period) == 0
    delivery_register_paper(actor=personas.clerk_b, title="纸质来文", sender_name="省厅")
    assert _stored(personas.dept_b, "received_paper", period) == 1


def test_refused_steps_do_not_count(personas, draft):
    from django.core.exceptions import PermissionDenied

    from documents.services.drafting import document_create

    with pytest.raises(PermissionDenied):
        document_create(actor=personas.info_center.__class__(username="nobody"), fields={"title": "x"})
    assert not UsageFigure.objects.filter(code="drafted").exists()
    draft()
    assert _stored(personas.dept_a, "drafted", Period.current()) == 1


def test_median_from_buckets():
    assert median_working_days({}) is None
    assert median_working_days({"sign_wd_0": 3}) == 0
    assert median_working_days({"sign_wd_0": 1, "sign_wd_2": 1}) == 1
    assert median_working_days({"sign_wd_1": 1, "sign_wd_6p": 2}) == 6


def test_usage_report_json_command(half_month):
    out = StringIO()
    call_command("usage_report", "--period", "2026-10-1", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["report"] is None and data["table"]["period"] == "2026-10-1"
