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


def register(provider: Callable, *, group: str = TO_DO) -> Callable:
    if group not in GROUPS:
        raise ValueError(f"unknown 待办 group {group!r}")
    _providers.setdefault(provider, group)
    return provider


def todo_sources(person, limit: int = 20, group: str | None = None) -> list[TodoSource]:
    """Every registered source (or those of one group), each tagged with its group."""
    return [replace(provider(person, limit=limit), group=kind)
            for provider, kind in _providers.items() if group is None or kind == group]


@dataclass(frozen=True)
class TodoCounts:
    to_do: int
    to_read: int


def _capped(total: int) -> int:
    return min(total, BADGE_CAP + 1)


def todo_counts(person) -> TodoCounts:
    """The two badge figures (待办, 待阅): each the sum of its sources' capped counts, itself capped.
    One call per provider, as the single figure used to be."""
    totals = {TO_DO: 0, TO_READ: 0}
    for provider, group in _providers.items():
        totals[group] += provider(person, limit=0).count
    return TodoCounts(to_do=_capped(totals[TO_DO]), to_read=_capped(totals[TO_READ]))


def todo_count(person) -> int:
    """The 待办 badge figure: work to do only, never what waits only to be read."""
    return _capped(sum(provider(person, limit=0).count for provider, group in _providers.items() if group == TO_DO))


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
