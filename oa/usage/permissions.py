"""Who sees which figures. Information center and the supervision office (督办室, which circulates
the bulletin) see every department; everyone else sees their own department's figures."""

from oa.org.choices import DepartmentKind, Role


def sees_all(person) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    if person.has_role(Role.INFO_CENTER):
        return True
    department = person.department
    return bool(department and department.kind in (DepartmentKind.INFO_CENTER, DepartmentKind.SUPERVISION)
                and person.has_role(Role.LEADER, Role.PRINCIPAL_HEAD, Role.OFFICE_DIRECTOR))


def may_view_department(person, department_id: int) -> bool:
    return sees_all(person) or (getattr(person, "department_id", None) == department_id and department_id is not None)


def may_view_usage(person) -> bool:
    return sees_all(person) or bool(getattr(person, "department_id", None))


def may_close(person) -> bool:
    return getattr(person, "is_authenticated", False) and person.has_role(Role.INFO_CENTER)
