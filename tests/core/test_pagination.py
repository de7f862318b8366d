"""The one keyset paginator (oa.core.pagination): pages without gaps or repeats in any order, a
cursor that is not ours reads as the first page, `page_size` is bounded, `next` is the same URL
with the cursor replaced."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from notices.models import Notice
from notices.selectors import BOARD_ORDER
from oa.core.pagination import MAX_PAGE_SIZE, Page, _after, api_page_size, keyset, next_url
from oa.org.models import Department
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _walk(queryset, order, size):
    seen, cursor = [], None
    while True:
        page = keyset(queryset, before=cursor, size=size, order=order)
        seen.extend(row.pk for row in page.rows)
        if page.next is None:
            return seen
        cursor = page.next


@pytest.mark.parametrize("order", [("-id",), ("id",), ("-sort_order", "-id"), ("sort_order", "id")])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 8])
def test_every_row_once_in_the_lists_order(order, size):
    for i in range(7):
        DepartmentFactory(sort_order=i // 3)  # ties on sort_order: the unique last key breaks them
    queryset = Department.objects.all()
    assert _walk(queryset, order, size) == list(queryset.order_by(*order).values_list("pk", flat=True))


def test_the_cursor_of_a_newest_first_list_is_the_last_id_shown():
    made = [DepartmentFactory() for _ in range(3)]
    page = keyset(Department.objects.all(), size=2)
    assert page == Page(made[:0:-1], str(made[1].pk))
    assert keyset(Department.objects.all(), size=3).next is None


@pytest.mark.parametrize("cursor", ["x", "", "-1", "²", "9" * 25, "1~2", "1~2026-01-01T00:00:00~5", "2~2026-01-01T00:00:00+08:00~5",
                                    "1~yesterday~5", "1~2026-01-01T00:00:00+08:00~x"])
def test_a_cursor_that_is_not_ours_reads_as_no_cursor(cursor):
    for _ in range(3):
        DepartmentFactory()
    assert _after(Notice, BOARD_ORDER, cursor) is None
    assert keyset(Department.objects.all(), before=cursor, size=5) == keyset(Department.objects.all(), size=5)


def test_page_size_is_bounded_and_next_keeps_the_query():
    factory = APIRequestFactory()
    assert api_page_size(Request(factory.get("/api/v1/documents/"))) == 50
    assert api_page_size(Request(factory.get("/api/v1/documents/?page_size=7"))) == 7
    assert api_page_size(Request(factory.get("/api/v1/documents/?page_size=100000"))) == MAX_PAGE_SIZE
    assert api_page_size(Request(factory.get("/api/v1/documents/?page_size=0"))) == 50
    request = Request(factory.get("/api/v1/documents/?scope=mine&before=9&page_size=2"))
    assert next_url(request, Page([], "5")) == "http://testserver/api/v1/documents/?before=5&page_size=2&scope=mine"
    assert next_url(request, Page([])) is None
