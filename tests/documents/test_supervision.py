"""电子监察: grades in the lists, the automatic chase once a day, the supervision figures."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.incoming.services.supervision import chase_due, supervision_figures
from documents.models import Delivery
from oa.audit.models import LedgerEntry
from oa.calendar import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliveries(personas, draft, walk):
    made = []
    for i in range(3):
        document = walk(draft(title=f"第{i}件"), S.DISPATCHED)
        made.append(Delivery.objects.get(document=document))
    today = timezone.localdate()
    # one due today (预警), one overdue by a day (黄牌), one overdue by 5 working days (红牌)
    for delivery, due in zip(made, [today, add_working_days(today, -1), add_working_days(today, -5)], strict=True):
        Delivery.objects.filter(pk=delivery.pk).update(due_date=due)
    return made


def test_figures_count_each_grade_per_department(personas, deliveries):
    [row] = supervision_figures()
    assert row["department__name"] == "乙局"
    assert (row["open"], row["warning"], row["yellow"], row["red"]) == (3, 1, 1, 1)


def test_automatic_chase_reaches_the_clerk_once_a_day(personas, deliveries):
    assert chase_due() == 3
    assert chase_due() == 0  # same day: nothing twice
    entries = LedgerEntry.objects.filter(action="delivery.chase", data__automatic=True)
    assert entries.count() == 3 and all(e.data["to"] == [personas.clerk_b.pk] for e in entries)
    Delivery.objects.update(last_chased_at=timezone.now() - timedelta(days=1))
    call_command("chase_overdue")
    assert LedgerEntry.objects.filter(action="delivery.chase").count() == 6


def test_chase_runs_as_a_background_task(personas, deliveries):
    from documents.tasks import chase_overdue_task

    result = chase_overdue_task.enqueue()
    assert result.return_value == 3


def test_supervision_page_for_the_information_center_and_not_for_staff(personas, deliveries, client, login):
    login(personas.info_center)
    page = client.get("/inbox/supervision/").content.decode()
    assert "乙局" in page and "红牌" in page and "第2件" in page
    client.logout()
    login(personas.staff_b)
    assert client.get("/inbox/supervision/").status_code == 403


def test_grade_badges_show_in_the_register(personas, deliveries, client, login):
    login(personas.clerk_b)
    page = client.get("/inbox/?tab=register").content.decode()
    assert "预警" in page and "黄牌" in page and "红牌" in page


def test_deliveries_waiting_for_a_proposal_or_being_read_count_as_open(personas, deliveries):
    """Issue 16: 待拟办 and 阅件传阅中 are still open — counted, and chased (the 拟办 to the office director)."""
    from documents.incoming.services.sorting import delivery_screen
    from tests.documents.receiving import to_proposing, to_registered

    warning, yellow, red = deliveries
    to_proposing(personas, yellow.pk)
    to_registered(personas, red.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=red.pk, handling="reading", readers=[personas.leader_b])
    assert {d.state for d in Delivery.objects.filter(pk__in=[yellow.pk, red.pk])} == {"proposing", "reading"}
    [row] = supervision_figures()
    assert (row["open"], row["warning"], row["yellow"], row["red"]) == (3, 1, 1, 1)
    assert chase_due() == 3
    chased = LedgerEntry.objects.get(action="delivery.chase", target_id=str(yellow.pk))
    assert chased.data["to"] == [personas.director_b.pk]
