"""传阅阅读率 is a cohort: the readers asked in the period's circulations, the share who read before
the period ended. A reading after the end stays unread in its period (and adds nothing to the next);
readers taken off (收回) in the period are not counted; the listener, the rebuild and the drill-down agree."""

import pytest

from documents.choices import DocumentState as S
from documents.incoming.services.circulation import circulation_recall, delivery_circulate, reading_mark_read
from documents.incoming.services.flow import delivery_register, delivery_sign_for
from documents.models import Delivery
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row, score_items
from oa.usage.services.rollup import rebuild

pytestmark = pytest.mark.django_db
OCT1, OCT2 = Period.parse("2026-10-1"), Period.parse("2026-10-2")


@pytest.fixture
def circulated(personas, draft, walk, clock):
    """B circulates one delivery on 15 Oct 20:00 to staff and director, and another on 14 Oct to the
    leader, then takes that one back on 15 Oct before the leader reads it."""
    p = personas
    clock.set(2026, 10, 12, 9, 0)
    first = Delivery.objects.get(document=walk(draft(title="关于传阅测试一的通知"), S.DISPATCHED), department=p.dept_b)
    second = Delivery.objects.get(document=walk(draft(title="关于传阅测试二的通知"), S.DISPATCHED), department=p.dept_b)
    for d in (first, second):
        delivery_sign_for(actor=p.clerk_b, delivery_id=d.pk)
        delivery_register(actor=p.clerk_b, delivery_id=d.pk)
    clock.set(2026, 10, 14, 9, 0)
    circulation = delivery_circulate(actor=p.clerk_b, delivery_id=second.pk, readers=[p.leader_b])
    clock.set(2026, 10, 15, 10, 0)
    circulation_recall(actor=p.clerk_b, circulation_id=getattr(circulation, "pk", None) or second.circulations.get().pk)
    clock.set(2026, 10, 15, 20, 0)
    delivery_circulate(actor=p.clerk_b, delivery_id=first.pk, readers=[p.staff_b, p.director_b])
    clock.set(2026, 10, 15, 21, 0)
    reading_mark_read(actor=p.staff_b, delivery_id=first.pk)  # in time
    clock.set(2026, 10, 16, 9, 0)
    reading_mark_read(actor=p.director_b, delivery_id=first.pk)  # the next morning: too late for 2026-10-1
    clock.value = None
    return first


def test_the_cohort_rate_and_its_drill_down(personas, circulated):
    b = department_row(build_table(OCT1, live=False), personas.dept_b.pk)["figures"]
    assert b["circ_read_rate"] == 0.5  # 2 asked (the recalled leader is not), 1 read in time
    assert department_row(build_table(OCT2, live=False), personas.dept_b.pk)["figures"]["circ_read_rate"] is None
    unread = score_items(OCT1, personas.dept_b.pk)["circulation"]
    assert [r.reader_id for r in unread] == [personas.director_b.pk]  # read only after the period: listed
    for period in (OCT1, OCT2):
        assert rebuild(period, write=False)["differences"] == []  # the listener and the rebuild agree
