"""The information center's reconciliation page and API stay a fixed number of SQL queries at tier-M
size: the same count with 13 paper requirements as with 200 departments and 5,000 requirements over
every discrepancy kind (built with bulk_create, a few seconds). docs/trial.md states what is pinned."""

import time
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Delivery, DeliveryState
from oa.calendar import add_working_days
from oa.org.models import Department
from oa.trial.choices import Discrepancy as K
from oa.trial.choices import PaperState as P
from oa.trial.models import PaperRequirement

pytestmark = pytest.mark.django_db
TIER_M_DEPARTMENTS = 200
TIER_M_REQUIREMENTS = 5000


def _requirements(programme, rule, departments, count, start=0):
    """`count` paper requirements between `departments`, cycling through every kind: overdue paper
    (awaiting / sent), paper confirmed but not signed online, counts that differ, reconciled, fresh
    (no discrepancy yet) and exempt urgent ones — with their deliveries."""
    today = timezone.localdate()
    overdue, fresh = add_working_days(today, -5), today
    sent_at = timezone.make_aware(datetime.combine(overdue, datetime.min.time()).replace(hour=10))
    shapes = [  # (state, delivery state, sent count, received count, dispatched on)
        (P.AWAITING, DeliveryState.PENDING, None, None, overdue),
        (P.SENT, DeliveryState.SIGNED, 2, None, overdue),
        (P.CONFIRMED, DeliveryState.PENDING, 1, 1, overdue),
        (P.CONFIRMED, DeliveryState.SIGNED, 3, 2, overdue),
        (P.CONFIRMED, DeliveryState.SIGNED, None, 1, overdue),
        (P.CONFIRMED, DeliveryState.SIGNED, 2, 2, overdue),
        (P.AWAITING, DeliveryState.PENDING, None, None, fresh),
        (P.EXEMPT, DeliveryState.SIGNED, None, None, overdue),
    ]
    deliveries, rows = [], []
    for i in range(start, start + count):
        state, delivery_state, sent, received, day = shapes[i % len(shapes)]
        sender, receiver = departments[i % len(departments)], departments[(i * 7 + 1) % len(departments)]
        deliveries.append(Delivery(department=receiver, sent_at=sent_at, title=f"关于试运行第{i}号事项的通知",
                                   sender_name=sender.name, state=delivery_state))
        rows.append((state, sent, received, day, sender, receiver))
    deliveries = Delivery.objects.bulk_create(deliveries, batch_size=1000)
    PaperRequirement.objects.bulk_create([
        PaperRequirement(delivery=delivery, programme=programme, rule=rule, sender_department=sender,
                         receiving_department=receiver, dispatched_on=day, state=state, sent_count=sent,
                         received_count=received, method="exchange" if sent else "")
        for delivery, (state, sent, received, day, sender, receiver) in zip(deliveries, rows, strict=True)
    ], batch_size=1000)


def _departments(n):
    return Department.objects.bulk_create([
        Department(name=f"测试单位{i:03d}", short_name=f"单位{i:03d}", organ_code=f"韶M{i:03d}", slug=f"tierm{i:03d}",
                   sort_order=200 + i) for i in range(n)])


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response


def test_the_reconciliation_page_and_api_are_fixed_queries_at_tier_m(trial, rule, personas, client, login):
    _requirements(trial, rule, [personas.dept_a, personas.dept_b], 13)
    login(personas.info_center)
    for kind in K.values:  # warm what is cached per process (content types, templates)
        client.get(f"/trial/reconcile/?kind={kind}")
        client.get(f"/api/v1/trials/reconciliation/?kind={kind}&page_size=200")
    small = {}
    for kind in K.values:
        small[("page", kind)], _ = _queries(client, f"/trial/reconcile/?kind={kind}")
        small[("api", kind)], response = _queries(client, f"/api/v1/trials/reconciliation/?kind={kind}&page_size=200")
    assert sum(response.json()["counts"].values()) > 0

    started = time.monotonic()
    departments = _departments(TIER_M_DEPARTMENTS)
    _requirements(trial, rule, departments, TIER_M_REQUIREMENTS, start=13)
    built = time.monotonic() - started
    assert PaperRequirement.objects.count() == TIER_M_REQUIREMENTS + 13

    big = {}
    for kind in K.values:
        big[("page", kind)], page = _queries(client, f"/trial/reconcile/?kind={kind}")
        big[("api", kind)], response = _queries(client, f"/api/v1/trials/reconciliation/?kind={kind}&page_size=200")
        data = response.json()
        assert len(data["results"]) == min(200, data["counts"][kind])
        assert page.content.decode().count("data-paper=") == len(data["results"])
    assert big == small, {k: (small[k], big[k]) for k in small if small[k] != big[k]}
    counts = response.json()["counts"]
    assert counts[K.PAPER_MISSING] > 1000 and counts[K.RECONCILED] > 500 and counts[K.NOT_SIGNED] > 500
    print(f"tier-M build {built:.1f}s; queries page={sorted({v for (w, _), v in small.items() if w == 'page'})} "
          f"api={sorted({v for (w, _), v in small.items() if w == 'api'})}")


def test_the_scope_of_a_clerk_is_also_fixed(trial, rule, personas, client, login):
    """A clerk's page (their own pairs only) does not grow either."""
    _requirements(trial, rule, [personas.dept_a, personas.dept_b], 13)
    login(personas.clerk_a)
    client.get("/trial/reconcile/")
    small, _ = _queries(client, "/trial/reconcile/?kind=paper_missing")
    departments = _departments(50)
    _requirements(trial, rule, [personas.dept_a, *departments], 1000, start=13)
    big, page = _queries(client, "/trial/reconcile/?kind=paper_missing")
    assert big == small and page.content.decode().count("data-paper=") > 13
