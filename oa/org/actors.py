"""The rules for who acts, in people's terms: a role in the object's department, the person an object
names (its drafter, assignee, author …), a role anywhere. Workflow tables (oa.core.workflow) are
built from these; each answers may-I, who-to-tell and what-waits-for-me from one statement."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from oa.core.workflow import either
from oa.org.choices import Role
from oa.org.models import Person


def _people(*conditions: Q, **filters) -> set[int]:
    return set(Person.objects.filter(*conditions, is_active=True, **filters).values_list("id", flat=True).distinct())


class _ByFilter:
    """A rule whose people are a filter on Person: the workflow asks several such rules in one query."""

    def person_ids(self, obj) -> set[int]:
        condition = self.people_filter(obj)
        return _people(condition) if condition is not None else set()

    @staticmethod
    def people_matching(condition: Q) -> set[int]:
        return _people(condition)


@dataclass(frozen=True)
class RoleIn(_ByFilter):
    """Holders of one of `roles` in the department the object names in `department` (a FK field name)."""

    label: str
    roles: tuple[str, ...]
    department: str

    def department_id(self, obj):
        return getattr(obj, f"{self.department}_id")

    def matches(self, person, obj) -> bool:
        return bool(person.department_id) and person.department_id == self.department_id(obj) and person.has_role(
            *self.roles)

    def people_filter(self, obj) -> Q | None:
        department_id = self.department_id(obj)
        return Q(department_id=department_id, role_grants__role__in=self.roles) if department_id else None

    def waiting(self, person) -> Q | None:
        if not person.department_id or not person.has_role(*self.roles):
            return None
        return Q(**{f"{self.department}_id": person.department_id})


@dataclass(frozen=True)
class Named:
    """The person the object names in `person_field` (a FK to Person): its drafter, assignee, author …"""

    label: str
    person_field: str

    def matches(self, person, obj) -> bool:
        return person.pk is not None and person.pk == getattr(obj, f"{self.person_field}_id")

    def person_ids(self, obj) -> set[int]:
        person_id = getattr(obj, f"{self.person_field}_id")
        return {person_id} if person_id else set()

    def waiting(self, person) -> Q | None:
        return Q(**{f"{self.person_field}_id": person.pk}) if person.pk else None


@dataclass(frozen=True)
class RoleAnywhere(_ByFilter):
    """Holders of one of `roles` wherever they sit (the information center, say)."""

    label: str
    roles: tuple[str, ...]

    def matches(self, person, obj) -> bool:
        return person.has_role(*self.roles)

    def people_filter(self, obj) -> Q | None:
        return Q(role_grants__role__in=self.roles)

    def waiting(self, person) -> Q | None:
        return Q() if person.has_role(*self.roles) else None


@dataclass(frozen=True)
class AnyOf:
    """Whoever matches one of `rules` (the reporter's side *or* the handler, say)."""

    label: str
    rules: tuple

    def matches(self, person, obj) -> bool:
        return any(rule.matches(person, obj) for rule in self.rules)

    def person_ids(self, obj) -> set[int]:
        return set().union(*(rule.person_ids(obj) for rule in self.rules))

    def waiting(self, person) -> Q | None:
        return either(rule.waiting(person) for rule in self.rules)


@dataclass(frozen=True)
class Excluding:
    """Whoever matches `rule` except the person the object names in `person_field`: nobody approves
    what they drafted themselves. Unlike a row's `when`, this also leaves them untold and off 待办."""

    label: str
    rule: object
    person_field: str

    def _named(self, obj):
        return getattr(obj, f"{self.person_field}_id")

    def matches(self, person, obj) -> bool:
        return person.pk != self._named(obj) and self.rule.matches(person, obj)

    def person_ids(self, obj) -> set[int]:
        return self.rule.person_ids(obj) - {self._named(obj)}

    def waiting(self, person) -> Q | None:
        condition = self.rule.waiting(person)
        return condition & ~Q(**{f"{self.person_field}_id": person.pk}) if condition is not None else None


# The department's leaders every workflow speaks of: the 分管领导 and the 主要负责人, who sign for the department
# and write 批示. A 处室负责人 (Role.SECTION_HEAD) is not one of them: he or she reviews (核稿) but never signs.
LEADERS = (Role.LEADER, Role.PRINCIPAL_HEAD)
