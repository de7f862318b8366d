"""Two closes of one period at the same moment (the timer and a person, two app processes): one
bulletin, the other caller gets it back; two corrections at once: versions 2 and 3, no clash."""

import pytest

from oa.usage.models import Bulletin
from oa.usage.periods import Period
from oa.usage.services.reports import close_period, usage_close, usage_correct
from tests.documents.test_document_concurrency import race
from tests.usage.conftest import clock, half_month  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)
OCT1 = Period.parse("2026-10-1")


def test_racing_closes_make_one_bulletin(personas, half_month):  # noqa: F811
    results, errors = race([lambda: usage_close(period=OCT1), lambda: close_period(period=OCT1, actor=personas.info_center),
                            lambda: usage_close(period=OCT1, actor=personas.info_center)])
    assert errors == [] and len(results) == 3
    assert Bulletin.objects.filter(period=str(OCT1)).count() == 1
    assert sorted(created for _, created in results) == [False, False, True]
    assert len({report.pk for report, _ in results}) == 1


def test_racing_corrections_take_the_next_versions(personas, half_month):  # noqa: F811
    usage_close(period=OCT1)
    results, errors = race([lambda: usage_correct(period=OCT1, actor=personas.info_center, reason="更正一"),
                            lambda: usage_correct(period=OCT1, actor=personas.info_center, reason="更正二")])
    assert errors == [] and sorted(r.version for r in results) == [2, 3]
