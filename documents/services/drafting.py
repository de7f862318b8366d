"""Creating and editing drafts; attachments; importing a DOCX body."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from documents.choices import DocType, RecipientKind
from documents.ledger_actions import (
    DOCUMENT_ATTACHMENT_ADD,
    DOCUMENT_ATTACHMENT_REMOVE,
    DOCUMENT_CREATE,
    DOCUMENT_IMPORT_DOCX,
    DOCUMENT_UPDATE,
)
from documents.models import Attachment, Countersign, Document, JointIssuer, Recipient
from documents.permissions import may, may_draft
from documents.selectors import document_for
from documents.services.errors import Conflict
from oa.audit.services import ledger_record
from oa.core.text import refuse_control_characters
from oa.org.choices import Role
from oa.uploads.attachments import attachment_delete, attachment_store, through_the_gate, under_lock
from oa.uploads.gate import text_check

EDITABLE_FIELDS = (
    "doc_type", "direction", "urgency", "copy_number", "print_copies", "title", "recipients_note", "body", "attachment_note",
    "signature_name", "remark", "printing_org", "publicity", "organ_mark", "joint_mark",
    "minutes_present", "minutes_absent", "minutes_attending",
)
# Typed text the classification gate reads before anything is saved: (field, label in the reasons).
SCREENED_FIELDS = (("title", "标题"), ("body", "正文"), ("attachment_note", "附件说明"), ("remark", "附注"),
                   ("recipients_note", "主送机关"), ("minutes_present", "出席"), ("minutes_absent", "请假"),
                   ("minutes_attending", "列席"))


def organ_mark_default(department, doc_type: str = "") -> str:
    """The 发文机关标志 of a new draft: `××××文件`; a 函 carries the organ's name alone and a 纪要
    `××××纪要` (GB/T 9704 §10.1, §10.3)."""
    return {DocType.LETTER: department.name, DocType.MINUTES: f"{department.name}纪要"}.get(doc_type, f"{department.name}文件")


def header_defaults(department, doc_type: str = "") -> dict:
    """版头 and 署名 as the drafting department writes them unless the drafter says otherwise."""
    return {
        "organ_mark": organ_mark_default(department, doc_type),
        "signature_name": department.name,
        "printing_org": f"{department.name}办公室" if not department.name.endswith("办公室") else department.name,
    }


def _set_people(document, *, main, copy, countersigners) -> None:
    if main is not None or copy is not None:
        main, copy = list(main or []), list(copy or [])
        overlap = {d.pk for d in main} & {d.pk for d in copy}
        if overlap:
            raise ValidationError({"copy_departments": "同一单位不能既主送又抄送。"})
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


def _set_co_issuers(document, co_issuers) -> None:
    """联合行文: the co-issuing organs in the order given (the lead, the drafting department, comes first
    and is not among them). Each must have a 主要负责人 to countersign for it."""
    if co_issuers is None:
        return
    organs = list(co_issuers)
    ids = [d.pk for d in organs]
    if document.issuing_department_id in ids:
        raise ValidationError({"co_issuers": "主办机关不能同时作为联署机关。"})
    if len(set(ids)) != len(ids):
        raise ValidationError({"co_issuers": "同一联署机关只能列一次。"})
    if organs:
        from oa.org.models import Person

        headed = set(Person.objects.filter(is_active=True, department_id__in=ids, role_grants__role=Role.PRINCIPAL_HEAD)
                     .values_list("department_id", flat=True))
        headless = [d.name for d in organs if d.pk not in headed]
        if headless:
            raise ValidationError({"co_issuers": f"{'、'.join(headless)}没有主要负责人，无法联署会签。"})
    document.joint_issuers.exclude(department_id__in=ids).delete()
    kept = {row.department_id: row for row in document.joint_issuers.all()}
    for position, organ in enumerate(organs):
        row = kept.get(organ.pk) or JointIssuer(document=document, department=organ, signature_name=organ.name)
        row.position = position
        row.save()
    document.__dict__.pop("_co_issuers", None)
    if document.joint != bool(organs):
        document.joint = bool(organs)
        document.save(update_fields=["joint"])


def _screen_typed_text(actor, fields: dict) -> None:
    """Invisible control characters are refused (no 公文 holds one, and its DOCX could not be written); the
    gate refuses a title or body carrying a 密级 marking before the draft changes — outside the draft's own
    transaction, so that its record of the refusal survives."""
    refuse_control_characters({name: fields.get(name) for name in EDITABLE_FIELDS},
                              {name: str(Document._meta.get_field(name).verbose_name) for name in EDITABLE_FIELDS})
    text_check(actor=actor, purpose="公文拟稿",
               fields={label: str(fields.get(name) or "") for name, label in SCREENED_FIELDS})


# 主送 is printed from the chosen units (and 其他主送机关) above the body; a body whose first line is itself a
# 主送 line ("各有关单位：") would print it twice. Such a line: short, no sentence punctuation, ends with a colon,
# and reads like an addressee (各… or ends with a kind of organ).
SALUTATION = re.compile(
    r"^(各[^。；！？：:\n]{1,60}|[^，。；！？：:\n]{1,40}(单位|部门|机关|政府|局|委|办|办公室|厅|室|中心|会|院|处|科|所|站|同志|公司))[：:]$")


def split_salutation(body: str) -> tuple[str, str]:
    """(the 主送-like first line without its colon, the body without it) — or ("", body) when the body does
    not start with one. The one rule, used when a draft is saved from the page or the API."""
    lines = (body or "").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not SALUTATION.match(lines[first].strip()):
        return "", body
    rest = lines[first + 1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return lines[first].strip()[:-1], "\n".join(rest)


def _take_salutation(document, *, has_main: bool) -> list[str]:
    """Strip a 主送 line typed at the head of the body. When no 主送 is chosen and 其他主送机关 is empty, the
    line becomes 其他主送机关 (so it still prints, once, where 主送 belongs). Returns what to tell the drafter."""
    salutation, body = split_salutation(document.body)
    if not salutation:
        return []
    document.body = body
    if not has_main and not document.recipients_note.strip():
        document.recipients_note = salutation[:200]
        return [f"正文开头的“{salutation}：”已移到“其他主送机关”：主送机关由系统印在正文之前，正文里不必再写。"]
    return [f"正文开头的“{salutation}：”已删除：主送机关由所选单位生成并印在正文之前，正文里不必再写。"]


def _ready_to_submit(fields: dict, has_main: bool) -> None:
    """保存并提交核稿: what 提交核稿 needs, checked before anything is saved (so that a refused submit does not
    leave a half-done save behind); the step checks again."""
    if not has_main and not (fields.get("recipients_note") or "").strip() and not split_salutation(fields.get("body") or "")[0]:
        raise ValidationError({"main_departments": "提交核稿前请选择主送机关（或填写其他主送机关）。"})


def _then_submit(actor, document, submit: bool) -> Document:
    """The submit step through its own path (documents.services.flow, its own ledger entry), after the save."""
    if not submit:
        return document
    from documents.services.actions import document_transition
    from documents.services.flow import StepInput

    notes = getattr(document, "notes", [])
    document = document_transition(actor=actor, document_id=document.pk, action="submit", step=StepInput())
    document.notes = notes
    return document


def document_create(*, actor, fields: dict, main=None, copy=None, countersigners=None, co_issuers=None,
                    submit: bool = False) -> Document:
    """A new draft; `submit`: then 提交核稿 at once (保存并提交核稿). `document.notes`: what the save changed of
    what was typed (a 主送 line taken out of the body), to be shown to the drafter."""
    if not may_draft(actor):
        raise PermissionDenied("您没有所属单位，不能拟稿。")
    _screen_typed_text(actor, fields)
    if submit:
        _ready_to_submit(fields, bool(main))
    document = _document_create(actor=actor, fields=fields, main=main, copy=copy, countersigners=countersigners,
                                co_issuers=co_issuers)
    return _then_submit(actor, document, submit)


@transaction.atomic
def _document_create(*, actor, fields: dict, main, copy, countersigners, co_issuers) -> Document:
    department = actor.department
    values = {**header_defaults(department, fields.get("doc_type") or ""), **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS and v not in (None, "")}}
    document = Document(drafter=actor, drafting_department=department, issuing_department=department, **values)
    notes = _take_salutation(document, has_main=bool(main))
    document.full_clean(exclude=["state"])
    document.save()
    _set_people(document, main=main, copy=copy, countersigners=countersigners)
    _set_co_issuers(document, co_issuers)
    ledger_record(actor=actor, action=DOCUMENT_CREATE, target=document, data={"title": document.title, **_joint_data(document)})
    document.notes = notes
    return document


def document_update(*, actor, document_id: int, version: int, fields: dict, main=None, copy=None, countersigners=None,
                    co_issuers=None, submit: bool = False) -> Document:
    """Save a draft. `version` is what the editor loaded; if someone saved in between, refuse. `submit`: then
    提交核稿 at once; `document.notes` as for document_create."""
    _ensure_editable(actor, document_id, "只有拟稿人可以修改拟稿状态的公文。")
    _screen_typed_text(actor, fields)
    if submit:
        document = document_for(actor, document_id)
        has_main = bool(main) if main is not None else document.recipient_rows.filter(kind=RecipientKind.MAIN).exists()
        _ready_to_submit({"recipients_note": document.recipients_note, **fields}, has_main)
    document = _document_update(actor=actor, document_id=document_id, version=version, fields=fields, main=main,
                                copy=copy, countersigners=countersigners, co_issuers=co_issuers)
    return _then_submit(actor, document, submit)


@transaction.atomic
def _document_update(*, actor, document_id: int, version: int, fields: dict, main, copy, countersigners,
                     co_issuers) -> Document:
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
    has_main = bool(main) if main is not None else document.recipient_rows.filter(kind=RecipientKind.MAIN).exists()
    notes = _take_salutation(document, has_main=has_main)
    document.full_clean(exclude=["state"])
    document.save()
    _set_people(document, main=main, copy=copy, countersigners=countersigners)
    _set_co_issuers(document, co_issuers)
    ledger_record(actor=actor, action=DOCUMENT_UPDATE, target=document,
                  data={"version": document.version, **_joint_data(document)})
    document.notes = notes
    return document


def _joint_data(document) -> dict:
    """What the ledger keeps of a joint document's organs: the co-issuers' department ids in order."""
    return {"co_issuers": [row.department_id for row in document.co_issuers()]} if document.joint else {}


def _ensure_editable(actor, document_id: int, refusal: str) -> None:
    """A read-only look before the gate runs, so that nobody's upload is screened and recorded for a
    document they could not change anyway (the step itself checks again under the row lock)."""
    if not may(actor, "edit", document_for(actor, document_id)):
        raise PermissionDenied(refusal)


def _editable(actor, document_id: int, refusal: str) -> Document:
    """The draft under its row lock, once the actor may still edit it."""
    document = document_for(actor, document_id, for_update=True)
    if not may(actor, "edit", document):
        raise PermissionDenied(refusal)
    return document


def _gated(*, actor, document_id: int, refusal: str) -> dict:
    """The draft's side of a step through the gate (oa.uploads.attachments.through_the_gate): the
    read-only look before the gate, the locked and checked-again step after it."""
    return {"check": lambda: _ensure_editable(actor, document_id, refusal),
            "locked": under_lock(lambda: _editable(actor, document_id, refusal))}


def attachment_add(*, actor, document_id: int, upload, gate: dict) -> Attachment:
    return attachment_store(actor=actor, upload=upload, gate=gate, purpose="公文附件", action=DOCUMENT_ATTACHMENT_ADD,
                            **_gated(actor=actor, document_id=document_id, refusal="只有拟稿人可以在拟稿状态添加附件。"))


@transaction.atomic
def attachment_remove(*, actor, document_id: int, attachment_id: int) -> None:
    document = _editable(actor, document_id, "只有拟稿人可以在拟稿状态删除附件。")
    attachment_delete(owner=document, attachment_id=attachment_id, actor=actor, action=DOCUMENT_ATTACHMENT_REMOVE)


def document_import_docx(*, actor, document_id: int, upload, gate: dict) -> Document:
    """Replace the draft's body with the text, headings and tables of an uploaded DOCX, once the
    classification gate has accepted the file."""
    from documents.docx_import import docx_to_body

    def keep(document, record, content):
        try:
            body = docx_to_body(content)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        document.body = body
        document.version += 1
        document.save(update_fields=["body", "version", "updated_at"])
        ledger_record(actor=actor, action=DOCUMENT_IMPORT_DOCX, target=document,
                      data={"sha256": record.sha256, "size": len(content), "upload": record.pk})
        return document

    return through_the_gate(actor=actor, upload=upload, gate=gate, purpose="公文正文导入", keep=keep,
                            **_gated(actor=actor, document_id=document_id, refusal="只有拟稿人可以修改拟稿状态的公文。"))
