"""Filing a 件 (DA/T 22-2015): the archivist's 归档 of a dispatched 发文 or a closed 收文.

The step itself is the documents app's (`document_archive` / `delivery_archive`, through run_step and the
workflow table, where the 档案员's permission lives); at its end documents.hooks calls `on_archiving`, which —
in the same transaction — makes the 件: 保管期限 (chosen, or suggested from the 文种: retention.py), 年度,
件号 (locked sequence), the 归档章 stamped on page 1 of the body, the 处理笺/稿纸 and the 附件 as its parts,
and the ledger entry. Anything refused rolls the whole step back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404

from oa.archives.choices import Retention
from oa.archives.ledger_actions import ARCHIVES_FILE, ARCHIVES_RETENTION
from oa.archives.models import ArchiveItem, Fonds
from oa.archives.retention import retention_value, suggested
from oa.archives.services.numbering import item_number_next
from oa.archives.services.parts import restamp, store_parts
from oa.archives.sources import delivery_source, document_source
from oa.archives.stamp import page_count
from oa.audit.services import ledger_record

NO_FONDS = "本单位尚未设置全宗号，无法归档。请系统管理员在“全宗”中为本单位设置全宗号和机构（问题）后再归档。"


def fonds_of(department) -> Fonds:
    fonds = Fonds.objects.filter(department=department).first()
    if fonds is None:
        raise ValidationError(NO_FONDS)
    return fonds


def file_document(*, actor, document_id: int, retention=None, opinion: str = ""):
    """归档 of a dispatched 发文 by its drafting department's 档案员; returns the 件."""
    from documents.services.flow import StepInput, document_archive

    filing = {"retention": retention_value(retention)}
    document = document_archive(actor=actor, document_id=document_id, step=StepInput(opinion=opinion), filing=filing)
    return ArchiveItem.objects.get(document=document)


def file_delivery(*, actor, delivery_id: int, retention=None, text: str = ""):
    """归档 of a closed 收文 by the receiving department's 档案员; returns the 件."""
    from documents.incoming.services.flow import delivery_archive

    filing = {"retention": retention_value(retention)}
    delivery = delivery_archive(actor=actor, delivery_id=delivery_id, text=text, filing=filing)
    return ArchiveItem.objects.get(delivery=delivery)


def on_archiving(*, actor, document=None, delivery=None, filing: dict) -> None:
    """documents.hooks listener: inside the 归档 step's transaction, after its permission check and transition."""
    source = document_source(actor, document) if document is not None else delivery_source(actor, delivery)
    fonds = fonds_of(source.department)
    retention = retention_value(filing.get("retention")) or suggested(doc_type=source.doc_type, received=source.received)
    body = source.body()  # rendered (or read from the render cache) before any sequence is locked
    sheet = source.sheet()
    year = source.date.year
    seq = item_number_next(fonds_code=fonds.code, year=year, retention=retention, org_code=fonds.org_code)
    item = ArchiveItem.objects.create(
        department=source.department, document=document, delivery=delivery, fonds_code=fonds.code, year=year,
        retention=retention, org_code=fonds.org_code, org_name=fonds.org_name, seq=seq, doc_number=source.doc_number,
        responsible=source.responsible[:200], title=source.title, date=source.date, remark=source.remark[:200],
        filed_by=actor, pages=page_count(body) if body is not None else 0,  # counted first: no UPDATE after
    )
    parts = store_parts(item, body=body, sheet=sheet, sheet_label=source.sheet_label, files=source.files)
    ledger_record(actor=actor, action=ARCHIVES_FILE, target=item, department=source.department, data={
        "code": item.code, "retention": retention, "suggested": retention != filing.get("retention"),
        "pages": item.pages, "parts": [[part.kind, part.label, part.sha256] for part in parts],
    })


def change_retention(*, actor, item_id: int, retention) -> ArchiveItem:
    """更改保管期限: the 档号 carries the 期限, so the 件 takes the next 件号 of its new 期限 (the old number is
    left unused, and recorded in the ledger) and its copy is stamped again."""
    from oa.archives.permissions import items_filed_by

    value = retention_value(retention)
    if value is None:
        raise ValidationError({"retention": "请选择保管期限。"})
    with transaction.atomic():
        item = get_object_or_404(items_filed_by(actor).select_for_update(of=("self",)), pk=item_id)
        if item.retention == value:
            return item
        before = item.code
        item.seq = item_number_next(fonds_code=item.fonds_code, year=item.year, retention=value, org_code=item.org_code)
        item.retention = value
        item.save(update_fields=["seq", "retention", "updated_at"])
        restamp(item)
        ledger_record(actor=actor, action=ARCHIVES_RETENTION, target=item, department=item.department,
                      data={"from": before, "to": item.code, "retention": Retention(value).label})
    return item
