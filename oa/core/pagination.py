"""The one keyset paginator, for the pages (selectors) and the API alike.

A list is read in a fixed order whose last key is unique — newest first by id unless the list needs
another order — `size + 1` rows at a time: the extra row says whether there is a next page. No
COUNT(*), no OFFSET, stable while rows are added. The next page is asked for with `?before=<next>`,
`next` being the cursor of the last row shown: its id for the lists newest first by id, the values of
its order keys joined by "~" for the few lists in another order. A cursor that is not one of ours
reads as "no cursor" (the first page), never as an error.

The API answers every paged list with one envelope, {"results": [...], "next": <url of the next page
or null>}; `page_size` (≤ 200, 50 by default) sets the size there.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce

from django.db import models
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from oa.core.params import whole_number

CURSOR = "before"
NEWEST_FIRST = ("-id",)
OLDEST_FIRST = ("id",)
API_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_SEPARATOR = "~"


@dataclass(frozen=True)
class Page:
    rows: list
    next: str | None = None  # the cursor of the next page; None on the last one


def keyset(queryset, *, before=None, size: int, order: tuple[str, ...] = NEWEST_FIRST) -> Page:
    """One page of `queryset` in `order` (its last key unique), starting after the cursor `before`."""
    if before not in (None, ""):
        later = _after(queryset.model, order, str(before))
        if later is not None:
            queryset = queryset.filter(later)
    return page_of(list(queryset.order_by(*order)[: size + 1]), size=size, order=order)


def page_of(rows: list, *, size: int, order: tuple[str, ...] = NEWEST_FIRST) -> Page:
    """The page from up to `size + 1` rows already read in `order`."""
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, cursor_of(rows[-1], order) if more and rows else None)


def cursor_of(row, order: tuple[str, ...] = NEWEST_FIRST) -> str:
    return _SEPARATOR.join(_text(getattr(row, key.lstrip("-"))) for key in order)


def _text(value) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return str(value)


def _value(field, text: str):
    """The key's value from its text, or None when the text is not one this key could have."""
    if isinstance(field, models.BooleanField):
        return {"0": False, "1": True}.get(text)
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
    if isinstance(field, models.DateField):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(field, models.IntegerField):
        return whole_number(text)
    raise TypeError(f"keyset order on {field!r} is not supported")


def _after(model, order: tuple[str, ...], cursor: str) -> Q | None:
    """Rows that come after the cursor in `order`; None for a cursor that is not ours."""
    texts = cursor.split(_SEPARATOR)
    if len(texts) != len(order):
        return None
    keys = [(key.lstrip("-"), key.startswith("-")) for key in order]
    values = [_value(model._meta.get_field(name), text) for (name, _), text in zip(keys, texts, strict=True)]
    if any(value is None for value in values):
        return None
    branches, equal = [], Q()
    for (name, descending), value in zip(keys, values, strict=True):
        branches.append(equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value}))
        equal &= Q(**{name: value})
    return reduce(operator.or_, branches)


def query_without_cursor(params) -> str:
    """A page's query string for its next link, which adds the cursor itself."""
    query = params.copy()
    query.pop(CURSOR, None)
    return query.urlencode()


# --- the API ------------------------------------------------------------------------------------

NEXT_DESCRIPTION = f"下一页的地址（带 {CURSOR}=…）；最后一页为 null"
NEXT_FIELD = serializers.URLField(allow_null=True, help_text=NEXT_DESCRIPTION)  # for an envelope with other fields
PAGE_PARAMETERS = [
    OpenApiParameter(CURSOR, str, description="游标：照上一页 next 地址中的值（键集分页）；第一页不带"),
    OpenApiParameter("page_size", int, description=f"每页条数，默认 {API_PAGE_SIZE}，最多 {MAX_PAGE_SIZE}"),
]


def api_page_size(request) -> int:
    size = whole_number(request.query_params.get("page_size"))
    return min(size, MAX_PAGE_SIZE) if size else API_PAGE_SIZE


def api_cursor(request) -> str:
    return request.query_params.get(CURSOR, "")


def api_window(request) -> dict:
    """The page the request asks for, as a selector's `before` and `size`."""
    return {"before": api_cursor(request), "size": api_page_size(request)}


def next_url(request, page: Page) -> str | None:
    return replace_query_param(request.build_absolute_uri(), CURSOR, page.next) if page.next else None


def envelope(request, results, page: Page, **extra) -> dict:
    """The one shape of a paged list in the API (with the answer's other fields, if any, first)."""
    return {**extra, "results": results, "next": next_url(request, page)}


def envelope_schema(results_schema: dict) -> dict:
    return {
        "type": "object", "required": ["results", "next"],
        "properties": {
            "results": results_schema,
            "next": {"type": "string", "format": "uri", "nullable": True, "description": NEXT_DESCRIPTION},
        },
    }



class KeysetPagination(BasePagination):
    """The API's paginator (REST_FRAMEWORK's default): generic list views page their queryset
    through it, newest first by id; an APIView that reads its page from a selector names it as
    `pagination_class`, so that the schema declares the envelope and the parameters, and answers
    with `paged_response`."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = keyset(queryset, before=api_cursor(request), size=api_page_size(request))
        return self.page.rows

    def get_paginated_response(self, data):
        return Response(envelope(self.request, data, self.page))

    def get_paginated_response_schema(self, schema):
        return envelope_schema(schema)

    def get_schema_operation_parameters(self, view):
        return [{"name": p.name, "required": False, "in": "query", "description": p.description,
                 "schema": {"type": "integer" if p.type is int else "string"}} for p in PAGE_PARAMETERS]


def paged_response(request, results, page: Page) -> Response:
    return Response(envelope(request, results, page))
