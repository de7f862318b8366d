"""The figures are kept from ledger actions: every action the usage code keys on must be a registered
one (oa/audit/actions.py), or renaming an action would silently zero a figure."""

from oa.audit.actions import registry
from oa.usage.listener import HANDLERS
from oa.usage.management.commands.bench_events import ACTIONS
from oa.usage.services.rollup import LEDGER_COUNTED


def test_every_listener_key_is_a_registered_action():
    assert HANDLERS and [code for code in HANDLERS if code not in registry] == []


def test_the_rebuild_and_the_benchmark_count_registered_actions_only():
    assert [code for code in LEDGER_COUNTED if code not in registry] == []
    assert [code for code, *_ in ACTIONS if code not in registry] == []
    assert set(LEDGER_COUNTED) <= set(HANDLERS)  # the rebuild recounts what the listener counts
