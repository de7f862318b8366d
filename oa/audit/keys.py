"""The ledger's HMAC keys, from the settings (oa/config.py::ledger_keys): never from the database.

Rotation: set a new OA_LEDGER_KEY with a new OA_LEDGER_KEY_ID and move the old one into
OA_LEDGER_OLD_KEYS. New entries and checkpoints carry the new id; old ones verify with the old key.
"""

from __future__ import annotations

from django.conf import settings


def current_key() -> tuple[str, bytes]:
    """(key id, key) that new entries and checkpoints are sealed with."""
    return settings.LEDGER_KEY_ID, settings.LEDGER_KEYS[settings.LEDGER_KEY_ID].encode()


def keyring() -> dict[str, bytes]:
    """Every key an entry or checkpoint may have been sealed with, by id."""
    return {key_id: key.encode() for key_id, key in settings.LEDGER_KEYS.items()}
