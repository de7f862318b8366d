"""Demo archives for `seed_demo`: a 全宗 for every department (全宗号 J001 … in the demo's order, 机构 办公室 BGS)
and, through the real filing step, two of 市府办's dispatched 发文 filed by sfb_archivist. Idempotent."""

from __future__ import annotations

from oa.archives.choices import Retention
from oa.archives.models import ArchiveItem, Fonds
from oa.org.models import Department, Person


def seed_archives() -> int:
    for index, department in enumerate(Department.objects.order_by("sort_order", "id"), start=1):
        Fonds.objects.get_or_create(department=department, defaults={"code": f"J{index:03d}"})
    if ArchiveItem.objects.exists():
        return 0
    archivist = Person.objects.filter(username="sfb_archivist").first()
    if archivist is None:
        return 0
    from oa.archives.selectors import pending_documents
    from oa.archives.services.filing import file_document

    filed = 0
    oldest = pending_documents(archivist).filter(joint=False).order_by("id")[:2]
    for document, retention in zip(oldest, (None, Retention.LONG), strict=False):
        file_document(actor=archivist, document_id=document.pk, retention=retention)
        filed += 1
    return filed
