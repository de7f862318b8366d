"""Review of issue 18: every step the usage-circulars API lists in `available_transitions` can be taken at
`POST /api/v1/usage-circulars/{id}/{transition}/` (the information center's `edit` was listed but answered 404)."""

import pytest

from oa.usage.models import UsageCircular
from oa.usage.services.reports import close_period
from tests.usage.test_circular_chain import OCT1, city, portal, sent  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_every_listed_transition_is_an_endpoint(personas, city, client, login):  # noqa: F811  (the imported fixture)
    close_period(period=OCT1)
    pk = UsageCircular.objects.get().pk
    login(personas.info_center)
    listed = client.get(f"/api/v1/usage-circulars/{pk}/").json()["available_transitions"]
    assert "edit" in listed
    response = client.post(f"/api/v1/usage-circulars/{pk}/edit/", {"remarks": "本期运行平稳。"},
                           content_type="application/json")
    assert response.status_code == 200, response.content.decode()[:300]
    assert response.json()["remarks"] == "本期运行平稳。"
