"""Who reads the ledger.

The rule itself is the organisation's (三员分立: the audit admin reads the ledger, nobody writes it
by hand — oa.org.permissions.can_read_ledger), and org sits above audit in the layers, so org hands
the rule over from its AppConfig.ready(). Until then nobody reads the ledger.
"""

from __future__ import annotations

from collections.abc import Callable

_reader: list[Callable] = []


def register_reader(rule: Callable) -> None:
    _reader[:] = [rule]


def can_read_ledger(person) -> bool:
    return bool(_reader) and _reader[0](person)
