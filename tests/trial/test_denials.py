"""Refusals in the trial's pages and API are on the ledger once each (see tests/audit/test_denials.py)."""

import pytest

from oa.audit.models import LedgerEntry
from oa.trial.models import UsageReport
from oa.trial.services.programme import programme_transition
from oa.trial.services.reports import report_submit

pytestmark = pytest.mark.django_db


def _access_denied():
    return list(LedgerEntry.objects.filter(action="access.denied", outcome="denied").values_list("data", flat=True))


def test_a_service_refusal_on_a_page_is_recorded(trial, personas, login):
    client = login(personas.clerk_a)
    client.post(f"/trial/{trial.pk}/reports/chase/", follow=True)
    assert [e["path"] for e in _access_denied()] == [f"/trial/{trial.pk}/reports/chase/"]


def test_a_step_runner_refusal_is_recorded_once(trial, personas, login):
    programme_transition(actor=personas.info_center, programme_id=trial.pk, action="end")
    report = UsageReport.objects.get(programme=trial, department=personas.dept_a)
    report_submit(actor=personas.clerk_a, report_id=report.pk, usage="用", problems="问", suggestions="议")
    client = login(personas.clerk_a)
    assert client.post(f"/api/v1/trials/reports/{report.pk}/approve/").status_code == 403
    assert LedgerEntry.objects.filter(action="trial.report.approve", outcome="denied").count() == 1
    assert _access_denied() == []  # the step runner's own entry is the record; not written twice
