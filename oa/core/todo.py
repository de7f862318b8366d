"""The 待办 (to-do) registry: every app that creates work for a person registers a provider.

A provider is a callable `provider(person) -> TodoSource` describing one kind of waiting item.
Counts are capped (a badge shows "99+"), so no provider ever needs a COUNT(*) over a big table.

Each provider is registered in one of two groups, as Tongda and Weaver users know them:
- 待办 (TO_DO): work the person must do — sign, approve, handle, send. Only these count in the 待办 badge;
- 待阅 (TO_READ): things waiting only to be read — unread notices, 阅件/传阅. Shown apart, with their own count.
Every provider is asked at most once per request: a page that lists the sources (/todo/, the home page)
keeps them on the request (request_sources), and the badge (request_counts, from the context processor)
reads its two counts from them instead of asking again. A provider's count does not depend on `limit`
(each counts up to BADGE_CAP + 1 whatever it lists), so the badge's figures are the same either way.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

BADGE_CAP = 99


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    kind: str
    waiting_since: object = None
    urgency: str = ""


@dataclass(frozen=True)
class TodoSource:
    kind: str
    label: str
    count: int
    items: list[TodoItem] = field(default_factory=list)
    group: str = ""  # TO_DO or TO_READ, filled in from the registration by todo_sources()


TO_DO = "do"
TO_READ = "read"
GROUPS = (TO_DO, TO_READ)

_providers: dict[Callable, str] = {}
_counters: dict[Callable, Callable] = {}
_listers: dict[Callable, Callable] = {}


def register(provider: Callable, *, group: str = TO_DO, counter: Callable | None = None,
             lister: Callable | None = None) -> Callable:
    """`counter(person) -> [(namespace, queryset[, field]), …]`, optional: the querysets the provider itself lists
    from (built by the same functions, so one rule), for the badge to count all providers in one query.
    The provider's count is then the number of distinct (namespace, pk or field) among the first BADGE_CAP + 1 of
    each queryset, capped — exactly what the provider counts.
    `lister(person, found, limit) -> TodoSource`, optional (with a counter): the provider's list built from
    `found` ({namespace: [value, …] newest first}, what one query over every counter found), fetching its rows
    in one query per kind; the source's count is filled in from `found`."""
    if group not in GROUPS:
        raise ValueError(f"unknown 待办 group {group!r}")
    _providers.setdefault(provider, group)
    if counter is not None:
        _counters.setdefault(provider, counter)
        if lister is not None:
            _listers.setdefault(provider, lister)
    return provider


def todo_sources(person, limit: int = 20, group: str | None = None) -> list[TodoSource]:
    """Every registered source (or those of one group), each tagged with its group. The providers with a
    lister find their ids together in one query (_combined_ids), then fetch their rows one query per kind."""
    chosen = [(provider, kind) for provider, kind in _providers.items() if group is None or kind == group]
    listed = {provider: _counters[provider](person) for provider, _ in chosen
              if provider in _listers and person.is_authenticated}
    found = _combined_ids(listed)
    sources = []
    for provider, kind in chosen:
        if provider in listed:
            ids = found.get(provider, {})
            count = _capped(sum(len(values) for values in ids.values()))
            sources.append(replace(_listers[provider](person, ids, limit), count=count, group=kind))
        else:
            sources.append(replace(provider(person, limit=limit), group=kind))
    return sources


@dataclass(frozen=True)
class TodoCounts:
    to_do: int
    to_read: int


def _capped(total: int) -> int:
    return min(total, BADGE_CAP + 1)


_COMPILED: dict = {}  # structural key of a part → (SQL, params) or None (matches nothing); see _compiled
_COMPILED_MAX = 4096
_MISSING = object()


_SIMPLE = (str, int, float, bool, type(None), datetime.date, datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID)


class _Uncacheable(Exception):
    pass


def _value_key(value):
    if isinstance(value, _SIMPLE):
        return (type(value), value)  # the type too: True == 1, but they may not bind alike
    if isinstance(value, list | tuple):
        return (tuple, *(_value_key(item) for item in value))
    from django.db.models.expressions import Col

    if type(value) is Col:  # one column compared with another (an F())
        return (Col, value.alias, value.target)
    raise _Uncacheable  # a subquery, an expression, a model instance…: compiled every time, never shared


def _where_key(node):
    """The WHERE tree as plain tuples: connectors, negations, and each lookup's class, table alias, column and
    value. Cheaper than Django's own hashing of the tree (make_hashable over every expression's identity)."""
    from django.db.models.expressions import Col
    from django.db.models.lookups import Lookup
    from django.db.models.sql.where import WhereNode

    if type(node) is WhereNode:
        return (node.connector, node.negated, *(_where_key(child) for child in node.children))
    if isinstance(node, Lookup) and type(node.lhs) is Col:
        return (type(node), node.lhs.alias, node.lhs.target, _value_key(node.rhs))
    raise _Uncacheable


def _part_key(queryset, column: str):
    """What decides a part's SQL and parameters, compared by value: the model, the column, the WHERE tree (every
    lookup with its value, so the person's id, department, states and the conditions their roles build are all in
    it) and the joins (with their types and use counts). None: not cacheable (annotations, extra, DISTINCT,
    GROUP BY, set operations, or a condition that is not a plain column lookup: a subquery, an expression)."""
    from django.db import connection

    query = queryset.query
    if query.annotations or query.extra or query.distinct or query.group_by or query.combinator:
        return None
    try:
        where = _where_key(query.where)
    except _Uncacheable:
        return None
    joins = tuple((alias, type(table), table.table_name, getattr(table, "parent_alias", None),
                   getattr(table, "join_field", None), getattr(table, "join_type", None),
                   getattr(table, "filtered_relation", None), query.alias_refcount.get(alias))
                  for alias, table in query.alias_map.items())
    if any(join[6] is not None for join in joins):
        return None
    return (connection.vendor, query.model, column, where, joins)


def _compiled(queryset, column: str):
    """A part's capped SELECT (its first BADGE_CAP + 1 values of `column`, newest first) as (SQL, params), or
    None when it matches nothing. Compiled once per distinct part and kept for the process: building the
    querysets' SQL, not running it, was ~40 % of a page's CPU (docs/benchmarks.md). A part equal by value
    compiles to the same SQL and parameters, so a cached entry is never stale: a person whose roles or
    department change builds different conditions, hence a different key. Subqueries compare by identity,
    so parts with one are compiled every time (never wrongly shared)."""
    from django.core.exceptions import EmptyResultSet

    key = _part_key(queryset, column)
    if key is not None:
        cached = _COMPILED.get(key, _MISSING)  # one lookup: another thread may clear the dict in between
        if cached is not _MISSING:
            return cached
    capped = queryset.order_by(f"-{column}").values_list(column)[: BADGE_CAP + 1]
    try:
        compiled = capped.query.sql_with_params()
    except EmptyResultSet:
        compiled = None
    if key is not None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _capped_selects(parts) -> tuple[list[str], list]:
    """Each part's first BADGE_CAP + 1 primary keys (or named column), newest first (a LIMIT inside a derived
    table, which SQLite and PostgreSQL both allow), tagged with its namespace: (SELECTs, their parameters)."""
    selects, params = [], []
    for namespace, queryset, *named in parts:  # named: the column to count by, the primary key unless named
        compiled = _compiled(queryset, named[0] if named else "pk")
        if compiled is None:
            continue
        sql, part_params = compiled
        selects.append(f"SELECT %s AS ns, t.* FROM ({sql}) t")
        params.extend([namespace, *part_params])
    return selects, params


def _combined_ids(parts_by_provider: dict[Callable, list]) -> dict[Callable, dict[str, list]]:
    """One SQL statement for every lister's parts: {provider: {namespace: [distinct values, newest first]}}."""
    from django.db import connection

    selects, params, order = [], [], list(parts_by_provider)
    for index, provider in enumerate(order):
        part_selects, part_params = _capped_selects(parts_by_provider[provider])
        selects += [f"SELECT {index} AS p, w.* FROM ({select}) w" for select in part_selects]
        params += part_params
    if not selects:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    found: dict[Callable, dict[str, set]] = {}
    for index, namespace, value in rows:
        found.setdefault(order[index], {}).setdefault(namespace, set()).add(value)
    return {provider: {namespace: sorted(values, reverse=True) for namespace, values in by_namespace.items()}
            for provider, by_namespace in found.items()}


def _combined_counts(parts_by_provider: dict[Callable, list]) -> dict[Callable, int]:
    """One SQL statement for every counter's querysets: per provider, COUNT over the UNION (distinct) of
    its parts (_capped_selects)."""
    from django.db import connection

    columns, params, order = [], [], []
    for provider, parts in parts_by_provider.items():
        selects, part_params = _capped_selects(parts)
        params.extend(part_params)
        if selects:
            columns.append(f"(SELECT COUNT(*) FROM ({' UNION '.join(selects)}) u)")
            order.append(provider)
    if not columns:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return dict(zip(order, row, strict=True))


def todo_counts(person) -> TodoCounts:
    """The two badge figures (待办, 待阅): each the sum of its sources' capped counts, itself capped.
    Providers with a counter are counted together in one query; the others are asked one by one."""
    totals = {TO_DO: 0, TO_READ: 0}
    parts_by_provider = {}
    for provider, group in _providers.items():
        counter = _counters.get(provider)
        if counter is None:
            totals[group] += provider(person, limit=0).count
        elif person.is_authenticated:
            parts_by_provider[provider] = counter(person)
    for provider, count in _combined_counts(parts_by_provider).items():
        totals[_providers[provider]] += _capped(count)
    return TodoCounts(to_do=_capped(totals[TO_DO]), to_read=_capped(totals[TO_READ]))


def todo_count(person) -> int:
    """The 待办 badge figure: work to do only, never what waits only to be read."""
    return todo_counts(person).to_do


_REQUEST_SOURCES = "_oa_todo_sources"
_REQUEST_COUNTS = "_oa_todo_counts"


def request_sources(request, limit: int = 20) -> list[TodoSource]:
    """todo_sources for the request's person, kept on the request so the badge reuses them."""
    sources = todo_sources(request.user, limit=limit)
    setattr(request, _REQUEST_SOURCES, sources)
    return sources


def request_counts(request) -> TodoCounts:
    """The badge's two figures for this request: from the sources the page already listed, if it did,
    else one call per provider; computed once per request either way."""
    counts = getattr(request, _REQUEST_COUNTS, None)
    if counts is None:
        sources = getattr(request, _REQUEST_SOURCES, None)
        if sources is None:
            counts = todo_counts(request.user)
        else:
            totals = {TO_DO: 0, TO_READ: 0}
            for source in sources:
                totals[source.group] += source.count
            counts = TodoCounts(to_do=_capped(totals[TO_DO]), to_read=_capped(totals[TO_READ]))
        setattr(request, _REQUEST_COUNTS, counts)
    return counts
