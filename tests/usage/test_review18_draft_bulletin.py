"""Review of issue 18: the frozen bulletin is the information center's draft 报告 until the 督办室 issues the
通报 ("No department hears anything before the 督办室 issues", docs/usage.md). A department's people must
not list or download it (pages and API) before then, nor see a download button that would give it."""

import pytest

from oa.usage.models import Bulletin, UsageCircular
from oa.usage.services import circulars as chain
from oa.usage.services.reports import close_period
from tests.usage.test_circular_chain import OCT1, city, portal, sent  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _issue(personas, city):  # noqa: F811
    pk = UsageCircular.objects.get().pk
    chain.circular_submit(actor=personas.info_center, circular_id=pk)
    chain.circular_approve(actor=city.info_leader, circular_id=pk)
    chain.circular_issue(actor=city.dbs_director, circular_id=pk)


def test_a_department_gets_the_bulletin_only_once_issued(personas, city, client, login):  # noqa: F811  (the imported fixture)
    close_period(period=OCT1)
    bulletin = Bulletin.objects.get()

    login(personas.clerk_b)
    assert client.get(f"/usage/reports/{bulletin.pk}.pdf").status_code == 404
    assert bulletin.number not in client.get("/usage/reports/").content.decode()
    assert f"/usage/reports/{bulletin.pk}.pdf" not in client.get(f"/usage/?period={OCT1}").content.decode()
    assert client.get("/api/v1/usage-reports/reports/").json() == []
    assert client.get(f"/api/v1/usage-reports/reports/{bulletin.pk}/").status_code == 404
    assert client.get(f"/api/v1/usage-reports/reports/{bulletin.pk}.pdf").status_code == 404
    client.logout()

    login(personas.info_center)  # the information side has it from the start
    assert client.get(f"/usage/reports/{bulletin.pk}.pdf").status_code == 200
    assert [r["id"] for r in client.get("/api/v1/usage-reports/reports/").json()] == [bulletin.pk]
    client.logout()

    _issue(personas, city)
    login(personas.clerk_b)
    assert client.get(f"/usage/reports/{bulletin.pk}.pdf").status_code == 200
    assert f"/usage/reports/{bulletin.pk}.pdf" in client.get(f"/usage/?period={OCT1}").content.decode()
    assert [r["id"] for r in client.get("/api/v1/usage-reports/reports/").json()] == [bulletin.pk]
    assert client.get(f"/api/v1/usage-reports/reports/{bulletin.pk}/").status_code == 200
