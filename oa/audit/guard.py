"""The SQLite half of the ledger's append-only trigger (migration 0006): a connection-local switch.

Registered on every new SQLite connection (AuditConfig.ready, connection_created). The trigger asks
oa_ledger_delete_allowed(); it answers 1 only while the connection's `ledger_delete_allowed` is true,
which starts as `OA_LEDGER_DELETE == "allow"` in the database's settings — set by the test suite only
(tests/conftest.py), as PostgreSQL's test connections set oa.ledger_truncate. UPDATE is never allowed.
"""

from __future__ import annotations

SETTING = "OA_LEDGER_DELETE"


def install(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    connection.ledger_delete_allowed = connection.settings_dict.get(SETTING) == "allow"
    connection.connection.create_function(
        "oa_ledger_delete_allowed", 0, lambda: 1 if getattr(connection, "ledger_delete_allowed", False) else 0
    )
