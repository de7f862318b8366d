"""Counters that must never give a number twice nor skip one silently (发文字号, 件号 …): one row per series,
with a `last` column, locked from the moment a number is taken until the transaction commits."""

from __future__ import annotations

from django.db import connection


def take_next(model, **key) -> int:
    """The next number of the series `key` of `model` (a row with `last`, unique on exactly `key`'s columns), in
    one statement: the series' row is created with 1 or moved on by one (INSERT … ON CONFLICT DO UPDATE …
    RETURNING, SQLite ≥ 3.35 and PostgreSQL). The upsert holds the row's lock until commit, so a racing request
    waits and then takes the number after this one — never the same. Call it inside the transaction that uses
    the number."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name).column for name in key]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    last = connection.ops.quote_name(model._meta.get_field("last").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}, {last}) VALUES ({marks}, 1) "
            f"ON CONFLICT ({names}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}",
            [*key.values()],
        )
        return cursor.fetchone()[0]
