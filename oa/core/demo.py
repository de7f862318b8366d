"""The demo city's registry of seeders: each app registers what it adds to the demo from its
AppConfig.ready(); `manage.py seed_demo` (oa.org) creates the departments and people, then runs the
seeders in `order` inside its one transaction. Core knows no app: a seeder is named by its dotted
path and imported only when the demo is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Seeder:
    path: str  # "app.demo.seed_something", a function that is idempotent
    order: int
    report_as: str = ""  # the key under which its result (a count) goes into the seed's ledger entry
    with_password: bool = False  # called with password= (the demo accounts' password)


_seeders: dict[str, Seeder] = {}


def register(path: str, *, order: int, report_as: str = "", with_password: bool = False) -> None:
    _seeders[path] = Seeder(path, order, report_as, with_password)


def seed_all(*, password: str) -> dict[str, object]:
    """Run every registered seeder in order; the results of those that report, by their key."""
    results = {}
    for seeder in sorted(_seeders.values(), key=lambda seeder: seeder.order):
        seed = import_string(seeder.path)
        result = seed(password=password) if seeder.with_password else seed()
        if seeder.report_as:
            results[seeder.report_as] = result
    return results
