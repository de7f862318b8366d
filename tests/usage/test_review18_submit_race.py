"""Review of issue 18: submitting the draft without a new 说明 keeps the 说明 as it stands when the row is
locked — not a copy read before, which would undo a colleague's 修改说明 saved in between."""

import pytest

from oa.usage.models import UsageCircular
from oa.usage.services import circulars as chain
from oa.usage.services.reports import close_period
from tests.usage.test_circular_chain import OCT1, city, portal, sent  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_submit_keeps_the_remarks_saved_in_between(personas, city, monkeypatch):  # noqa: F811  (the imported fixture)
    close_period(period=OCT1)
    pk = UsageCircular.objects.get().pk
    chain.circular_edit(actor=personas.info_center, circular_id=pk, remarks="初稿说明")
    screen = chain._screen

    def colleague_saves_meanwhile(actor, label, value):  # runs after submit's first read, before its lock
        UsageCircular.objects.filter(pk=pk).update(remarks="同事刚保存的说明")
        screen(actor, label, value)

    monkeypatch.setattr(chain, "_screen", colleague_saves_meanwhile)
    chain.circular_submit(actor=personas.info_center, circular_id=pk)
    assert UsageCircular.objects.get().remarks == "同事刚保存的说明"
