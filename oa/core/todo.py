"""The 待办 (to-do) registry: every app that creates work for a person registers a provider.

A provider is a callable `provider(person) -> TodoSource` describing one kind of waiting item.
Counts are capped (a badge shows "99+"), so no provider ever needs a COUNT(*) over a big table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def todo_sources(person, limit: int = 20) -> list[TodoSource]:
    return [provider(person, limit=limit) for provider in _providers]


def todo_count(person) -> int:
    """The badge figure: the sum of each source's capped count, itself capped."""
    return min(sum(provider(person, limit=0).count for provider in _providers), BADGE_CAP + 1)
