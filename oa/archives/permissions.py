"""Who sees the archives: a department's 档案员 sees and manages its own 件 and catalogue; anyone else is refused
(403), and another department's 件 does not exist for them (404). Who may *file* (the 归档 step) is not decided
here: that is the documents workflow tables' (documents/permissions.py, documents/incoming/permissions.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from oa.archives.models import ArchiveItem
from oa.org.choices import Role

NOT_ARCHIVIST = "只有本单位档案员可以查看和管理归档文件。"


def is_archivist(person) -> bool:
    return bool(person.is_authenticated and person.department_id and person.has_role(Role.ARCHIVIST))


def require_archivist(person) -> None:
    if not is_archivist(person):
        raise PermissionDenied(NOT_ARCHIVIST)


def items_filed_by(person):
    """The 件 of the person's department (an archivist's); refused for anyone else."""
    require_archivist(person)
    return ArchiveItem.objects.filter(department_id=person.department_id)
