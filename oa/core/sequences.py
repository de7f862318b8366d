"""Counters that must never give a number twice nor skip one silently (发文字号, 件号 …): one row per series,
with a `last` column, locked (select_for_update) from the moment a number is taken until the transaction commits."""

from __future__ import annotations

from django.db import IntegrityError, transaction


def take_next(model, **key) -> int:
    """The next number of the series `key` of `model` (a row with `last`, unique on `key`), made on first use.
    Call it inside the transaction that uses the number: the row stays locked until it ends."""
    sequence = model.objects.select_for_update().filter(**key).first()
    if sequence is None:  # the series' first number
        try:
            with transaction.atomic():
                model.objects.create(**key)
        except IntegrityError:  # a racing request created the row first; it exists now
            pass
        sequence = model.objects.select_for_update().get(**key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
