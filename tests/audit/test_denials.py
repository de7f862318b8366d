"""Refused requests are on the ledger once: a page's own refusal, an API view's, a service's refusal
caught on a page — and a step-runner refusal is not recorded twice."""

import pytest

from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _denied(action="access.denied"):
    return list(LedgerEntry.objects.filter(action=action, outcome="denied").values_list("data", flat=True))


def test_a_page_refusal_is_recorded_and_says_why(personas, login):
    client = login(personas.staff_a)
    response = client.get("/trial/reconcile/")
    assert response.status_code == 403 and "对账由各单位收发员和市信息中心查看" in response.content.decode()
    [entry] = _denied()
    assert entry["path"] == "/trial/reconcile/" and entry["method"] == "GET" and "对账" in entry["reason"]


def test_an_api_refusal_is_recorded(personas, login):
    client = login(personas.staff_a)
    assert client.get("/api/v1/trials/reconciliation/").status_code == 403
    assert [e["path"] for e in _denied()] == ["/api/v1/trials/reconciliation/"]
