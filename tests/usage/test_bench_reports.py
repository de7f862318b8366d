"""`bench_events` and `python manage.py bench reports` at a tiny size, so neither can rot: the
synthetic ledger keeps a valid hash chain and builds the rollup, and the suite prints every figure
and leaves nothing behind (it works inside a transaction that is rolled back)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from oa.audit.models import LedgerEntry
from oa.audit.services import ledger_check
from oa.org.models import Person
from oa.usage.models import Bulletin, UsageActivePerson, UsageFigure
from oa.usage.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_city():
    """bench_data's own builders at a tiny size: 3 departments, 12 people, 30 documents."""
    from documents.management.commands.bench_data import Command as BenchData

    builder = BenchData(stdout=StringIO())
    departments, people = builder._organisation(3, 12)
    builder._documents(30, departments, people)
    return departments


def test_bench_events_writes_a_valid_chain_and_the_rollup(tiny_city):
    out = StringIO()
    call_command("bench_events", "--events", "600", "--periods", "3", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["events"] == 600 and "rebuild_full_s" in result and "insert_s" in result
    assert LedgerEntry.objects.count() == 600
    assert ledger_check().ok  # audit_verify would pass (keyed chain, no checkpoint disagrees)
    last = Period.current().previous()
    assert Period.parse(result["periods"][1]) == last
    assert UsageFigure.objects.filter(period=str(last), code="logins").exists()
    assert UsageFigure.objects.filter(period=str(last), code="accounts").exists()  # state frozen as at close
    logins = LedgerEntry.objects.filter(action="auth.login", at__gte=last.start, at__lt=last.end).count()
    assert sum(UsageFigure.objects.filter(period=str(last), code="logins").values_list("value", flat=True)) == logins


def test_bench_reports_prints_every_figure_and_leaves_nothing_behind(tiny_city, tmp_path):
    call_command("bench_events", "--events", "600", "--periods", "3", stdout=StringIO())
    before = (LedgerEntry.objects.count(), UsageFigure.objects.count(), UsageActivePerson.objects.count(),
              Person.objects.count(), list(UsageFigure.objects.order_by("id").values_list("id", "value")))
    out = StringIO()
    call_command("bench", "reports", "--runs", "2", stdout=out)
    result = json.loads(out.getvalue())
    assert result["suite"] == "reports"
    assert result["tier"]["departments"] >= 3 and result["tier"]["ledger_events"] == 600
    assert result["tier"]["periods"] == 3 and result["period"] == str(Period.current().previous())
    assert result["report_data_ms"]["runs"] == 20 and result["report_data_ms"]["queries"] >= 1
    for key in ("dashboard", "api_period"):
        assert result[key]["queries"] > 0 and result[key]["p95_ms"] > 0
    for key in ("close_ms", "rebuild_period_ms"):
        assert result[key]["p50_ms"] > 0
    assert set(result["close_parts_ms"]) == {"verify_rollup", "freeze_provided", "freeze_state", "table_and_content", "pdf", "docx"}
    assert result["rebuild_full_periods"] == 3 and result["rebuild_full_s"] >= 0
    assert result["bulletin"]["departments"] == result["tier"]["departments"] and result["bulletin"]["pdf_bytes"] > 0
    assert result["pdf_200_ms"] is None and result["docx_200_ms"] is None  # fewer than 200 departments
    assert result["targets"]["close_ms"]["limit"] == 1000 and result["targets"]["report_data_L_over_S"] is None
    assert (LedgerEntry.objects.count(), UsageFigure.objects.count(), UsageActivePerson.objects.count(),
            Person.objects.count(), list(UsageFigure.objects.order_by("id").values_list("id", "value"))) == before
    assert not Bulletin.objects.exists()

    # With the tier S run as the baseline, the L ÷ S ratio is computed and judged.
    baseline = tmp_path / "s.json"
    baseline.write_text(json.dumps(result), encoding="utf-8")
    out = StringIO()
    call_command("bench", "reports", "--runs", "1", "--baseline", str(baseline), stdout=out)
    ratio = json.loads(out.getvalue())["targets"]["report_data_L_over_S"]
    assert ratio["limit"] == 1.2 and ratio["value"] > 0 and ratio["pass"] == (ratio["value"] <= 1.2)
    again = json.loads(out.getvalue())  # same city as the baseline: per department is the same ratio
    assert again["report_data_ratio_per_department"] == again["report_data_ratio_to_baseline"]


def test_bench_reports_without_data_says_what_to_run():
    with pytest.raises(RuntimeError, match="bench_events"):
        call_command("bench", "reports", "--runs", "1", stdout=StringIO())
