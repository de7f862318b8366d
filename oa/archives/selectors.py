"""Reads of the archives: what waits to be filed, the 件 of a year and 期限, one 件 with its parts."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404

from oa.archives.choices import Retention
from oa.archives.permissions import items_filed_by, require_archivist


def pending_documents(person):
    """Dispatched 发文 of the archivist's department, not yet filed (newest first)."""
    from documents.choices import DocumentState
    from documents.models import Document

    require_archivist(person)
    return (Document.objects.filter(drafting_department_id=person.department_id, state=DocumentState.DISPATCHED)
            .select_related("issuing_department").defer("body").order_by("-id"))


def pending_deliveries(person):
    """Closed (办结) 收文 of the archivist's department, not yet filed."""
    from documents.incoming.models import DeliveryState
    from documents.models import Delivery

    require_archivist(person)
    return (Delivery.objects.filter(department_id=person.department_id, state=DeliveryState.DONE)
            .select_related("document").order_by("-id"))


def catalogue_items(person, *, year: int, retention: str):
    """The 归档文件目录 of one 年度 and 保管期限, in 件号 order."""
    if retention not in Retention.values:
        retention = "-"  # nothing matches: an empty catalogue, not an error
    return items_filed_by(person).filter(year=year, retention=retention).order_by("org_code", "seq")


def catalogue_index(person) -> list[dict]:
    """Every (年度, 保管期限) the department has 件 in, with the count: the catalogues there are."""
    rows = (items_filed_by(person).values("year", "retention").annotate(count=Count("id"))
            .order_by("-year", "retention"))
    return [{**row, "retention_label": Retention(row["retention"]).label} for row in rows]


def item_for(person, item_id):
    return get_object_or_404(items_filed_by(person).select_related("filed_by", "document", "delivery")
                             .prefetch_related("parts"), pk=item_id)
