"""Creating and editing drafts; attachments; importing a DOCX body."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from documents.choices import RecipientKind
from documents.models import Attachment, Countersign, Document, Recipient
from documents.permissions import may, may_draft
from documents.selectors import document_for
from documents.services.errors import Conflict
from oa.audit.services import ledger_record

EDITABLE_FIELDS = (
    "doc_type", "direction", "urgency", "copy_number", "title", "recipients_note", "body", "attachment_note",
    "signature_name", "remark", "printing_org", "publicity", "organ_mark",
)
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def header_defaults(department) -> dict:
    """版头 and 署名 as the drafting department writes them unless the drafter says otherwise."""
    return {
        "organ_mark": f"{department.name}文件",
        "signature_name": department.name,
        "printing_org": f"{department.name}办公室" if not department.name.endswith("办公室") else department.name,
    }


def _set_people(document, *, main, copy, countersigners) -> None:
    if main is not None or copy is not None:
        main, copy = list(main or []), list(copy or [])
        overlap = {d.pk for d in main} & {d.pk for d in copy}
        if overlap:
            raise ValidationError({"cc_departments": "同一单位不能既主送又抄送。"})
        document.recipient_rows.all().delete()
        Recipient.objects.bulk_create(
            [Recipient(document=document, department=d, kind=RecipientKind.MAIN, position=i) for i, d in enumerate(main)]
            + [Recipient(document=document, department=d, kind=RecipientKind.COPY, position=i) for i, d in enumerate(copy)]
        )
    if countersigners is not None:
        people = {p.pk: p for p in countersigners}
        if document.drafter_id in people:
            raise ValidationError({"countersigners": "拟稿人不能作为会签人。"})
        document.countersigns.exclude(person_id__in=people).delete()
        existing = set(document.countersigns.values_list("person_id", flat=True))
        Countersign.objects.bulk_create([Countersign(document=document, person=p) for pk, p in people.items() if pk not in existing])


@transaction.atomic
def document_create(*, actor, fields: dict, main=None, copy=None, countersigners=None) -> Document:
    if not may_draft(actor):
        raise PermissionDenied("您没有所属单位，不能拟稿。")
    department = actor.department
    values = {**header_defaults(department), **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS and v not in (None, "")}}
    document = Document(drafter=actor, drafting_department=department, issuing_department=department, **values)
    document.full_clean(exclude=["state"])
    document.save()
    _set_people(document, main=main, copy=copy, countersigners=countersigners)
    ledger_record(actor=actor, action="document.create", target=document, data={"title": document.title})
    return document


@transaction.atomic
def document_update(*, actor, document_id: int, version: int, fields: dict, main=None, copy=None, countersigners=None) -> Document:
    """Save a draft. `version` is what the editor loaded; if someone saved in between, refuse."""
    document = document_for(actor, document_id, for_update=True)
    if not may(actor, "edit", document):
        raise PermissionDenied("只有拟稿人可以修改拟稿状态的公文。")
    if document.version != version:
        raise Conflict("该稿件已被他人修改（您打开的是旧版本），为避免覆盖，本次保存未生效。请刷新后重新修改。")
    for name in EDITABLE_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and not Document._meta.get_field(name).null:
                value = ""
            setattr(document, name, value)
    document.version += 1
    document.full_clean(exclude=["state"])
    document.save()
    _set_people(document, main=main, copy=copy, countersigners=countersigners)
    ledger_record(actor=actor, action="document.update", target=document, data={"version": document.version})
    return document


@transaction.atomic
def attachment_add(*, actor, document_id: int, name: str, content: bytes) -> Attachment:
    document = document_for(actor, document_id, for_update=True)
    if not may(actor, "edit", document):
        raise PermissionDenied("只有拟稿人可以在拟稿状态添加附件。")
    if not content:
        raise ValidationError("附件为空。")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。")
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(document=document, name=name[:200], size=len(content), sha256=digest, uploaded_by=actor)
    attachment.file.save(f"{digest[:16]}", ContentFile(content), save=False)
    attachment.save()
    ledger_record(actor=actor, action="document.attachment.add", target=document, data={"name": name, "sha256": digest, "size": len(content)})
    return attachment


@transaction.atomic
def attachment_remove(*, actor, document_id: int, attachment_id: int) -> None:
    document = document_for(actor, document_id, for_update=True)
    if not may(actor, "edit", document):
        raise PermissionDenied("只有拟稿人可以在拟稿状态删除附件。")
    attachment = document.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise ValidationError("附件不存在。")
    name = attachment.name
    attachment.file.delete(save=False)
    attachment.delete()
    ledger_record(actor=actor, action="document.attachment.remove", target=document, data={"name": name})


@transaction.atomic
def document_import_docx(*, actor, document_id: int, content: bytes) -> Document:
    """Replace the draft's body with the text, headings and tables of an uploaded DOCX."""
    from documents.docx_import import docx_to_body

    document = document_for(actor, document_id, for_update=True)
    if not may(actor, "edit", document):
        raise PermissionDenied("只有拟稿人可以修改拟稿状态的公文。")
    try:
        body = docx_to_body(content)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    document.body = body
    document.version += 1
    document.save(update_fields=["body", "version", "updated_at"])
    ledger_record(actor=actor, action="document.import_docx", target=document,
                  data={"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)})
    return document
