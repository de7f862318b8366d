"""Groups of units a drafter ticks at once for 主送/抄送 (templates/documents/_picker.html): computed from
data, never kept by hand — 市直各单位, one group per 类别 (oa.org.choices.DepartmentKind), the pilots of each
system, and whatever other apps register (oa.trial: the running trial's participants).

A source is a callable taking the active departments (already read) and returning UnitGroup rows; it may
read once. Registered in an AppConfig.ready, so that oa.org needs no import of the apps above it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from oa.org.choices import DepartmentKind, Pilot


class UnitGroup(NamedTuple):
    label: str
    ids: tuple[int, ...]


_SOURCES: list[Callable[[list], Iterable[UnitGroup]]] = []


def register_unit_groups(source: Callable[[list], Iterable[UnitGroup]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def _own_groups(departments: list, own_department_id: int | None) -> list[UnitGroup]:
    others = [d for d in departments if d.pk != own_department_id]
    groups = [UnitGroup("市直各单位", tuple(d.pk for d in others if d.kind == DepartmentKind.ORDINARY))]
    for pilot, flag in ((Pilot.OFFICE, "pilot_office"), (Pilot.APPROVAL, "pilot_approval"),
                        (Pilot.CONVENIENCE, "pilot_convenience")):
        groups.append(UnitGroup(f"{pilot.label}试点单位", tuple(d.pk for d in others if getattr(d, flag))))
    return groups


def unit_groups(departments: list, own_department_id: int | None = None) -> list[UnitGroup]:
    """The groups over `departments` (the active ones, in their order); the drafter's own unit is left out of
    the computed groups (a document is not sent to its own unit). Groups with fewer than two units are
    dropped: ticking one unit is one tap anyway."""
    known = {d.pk for d in departments}
    groups = _own_groups(departments, own_department_id)
    for source in _SOURCES:
        groups += [UnitGroup(g.label, tuple(pk for pk in g.ids if pk in known and pk != own_department_id))
                   for g in source(departments)]
    return [g for g in groups if len(g.ids) >= 2]
