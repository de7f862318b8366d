"""Who sees which figures. The information center, the supervision office (督办室, which circulates
the bulletin) and the city's leaders (the leaders of 市委办/市府办, the offices the bulletin is reported
to) see every department; everyone else sees their own department's figures."""

from oa.org.choices import DepartmentKind, Role


def sees_all(person) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    if person.has_role(Role.INFO_CENTER):
        return True
    department = person.department
    if department is None:
        return False
    if department.kind in (DepartmentKind.INFO_CENTER, DepartmentKind.SUPERVISION):
        return person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD, Role.OFFICE_DIRECTOR)
    if department.kind == DepartmentKind.GENERAL_OFFICE:  # city leaders: leaders, not the office's staff
        return person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD)
    return False


def may_view_department(person, department_id: int) -> bool:
    return sees_all(person) or (getattr(person, "department_id", None) == department_id and department_id is not None)


def may_view_usage(person) -> bool:
    return sees_all(person) or bool(getattr(person, "department_id", None))


def may_close(person) -> bool:
    return getattr(person, "is_authenticated", False) and person.has_role(Role.INFO_CENTER)


def visible_table(person, table: dict) -> dict:
    """The part of a period's table a person may see: all of it, or their own department's row with no
    city row (pages, API, XLSX and a frozen bulletin's JSON alike)."""
    if sees_all(person):
        return table
    return {**table, "rows": [r for r in table["rows"] if r["department_id"] == getattr(person, "department_id", None)],
            "city": None}
