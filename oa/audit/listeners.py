"""Listeners called by `ledger_record` with each new entry, inside the same transaction.

Another app registers a function once (in its AppConfig.ready) and is told of every entry as it is
written, so figures kept from the ledger (oa/usage rollups) commit or roll back with the event.
A listener must be fast (a few indexed writes) and must not call `ledger_record` itself.
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: list[Callable] = []


def register(fn: Callable) -> Callable:
    """Add `fn(entry)`; registering the same function twice has no effect. Usable as a decorator."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister(fn: Callable) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def notify(entry) -> None:
    for fn in tuple(_listeners):
        fn(entry)
