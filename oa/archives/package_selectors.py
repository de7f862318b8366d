"""Which packages a person sees: a department's 档案员 those of its own 件 and of its transfers (sent, or received
at the 档案局); the information center those of the 用户使用报告. Anything else does not exist for them (404)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from oa.archives.models import ArchiveItem, ArchivePackage, PackageKind, TransferState
from oa.archives.transfer_permissions import may_send
from oa.org.choices import Role


def packages_visible(person):
    if not getattr(person, "is_authenticated", False):
        return ArchivePackage.objects.none()
    where = Q(pk__in=[])
    if may_send(person):
        department = person.department_id
        where |= Q(item__department_id=department) | Q(transfer__department_id=department) | Q(
            transfer__receiver_id=department)
    if person.has_role(Role.INFO_CENTER):
        where |= Q(kind=PackageKind.REPORT)
    return ArchivePackage.objects.filter(where)


def package_for(person, pk: int) -> ArchivePackage:
    package = packages_visible(person).select_related("item", "usage_report").filter(pk=pk).first()
    if package is None:
        raise Http404("没有这个归档包。")
    return package


def item_of_department(person, pk: int) -> ArchiveItem:
    item = ArchiveItem.objects.filter(pk=pk, department_id=person.department_id).first() if may_send(person) else None
    if item is None:
        raise Http404("没有这个归档文件。")
    return item


def items_to_transfer(person):
    """The department's 件 not yet handed over (nor on the way)."""
    return (ArchiveItem.objects.filter(department_id=person.department_id)
            .exclude(transfers__state__in=(TransferState.SENT, TransferState.RECEIVED))
            .order_by("year", "retention", "seq"))
