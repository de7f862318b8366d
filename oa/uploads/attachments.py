"""Files kept on something (a 公文, a notice, a department report, a ticket) through the
classification gate — one way for every owner; the owner's app keeps its own rules of who may.

    attachment_store(actor=…, upload=…, gate=…, purpose=…, check=…, locked=…, action=…)
        the whole step: a read-only look, the gate, then the file kept under the owner's row lock
    through_the_gate(…, keep=…)        the same order for anything else made of an upload (a DOCX import)
    under_lock(find)                   `locked` from a function that finds, locks and checks the owner
    attachment_keep(into=…, record=…, content=…, actor=…)   one accepted (or held) upload as a row and a file
    attachment_delete(owner=…, attachment_id=…, actor=…, action=…)

The file of a removed attachment is deleted only when the transaction commits: a rollback keeps
both the row and its file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from oa.audit.services import ledger_record
from oa.uploads.gate import upload_accept_file
from oa.uploads.models import GatedFile, UploadRecord

EMPTY = "附件为空。"
MISSING = "附件不存在。"


def through_the_gate(*, actor, upload, gate: dict, purpose: str, check: Callable[[], object],
                     locked: Callable[[Callable], object], keep: Callable):
    """`check()` first — a read-only look that raises when the actor may not, so that nobody's upload
    is screened and recorded for an owner they could not change anyway; then the classification gate
    (declaration, 密级, content) outside any transaction, so that its record of a refusal survives;
    then `locked(body)`, which finds and locks the owner, checks again and calls `body(owner)` inside
    its transaction, where `keep(owner, record, content)` runs. Returns what `keep` returned. `gate`
    holds the declaration fields (oa.uploads.forms.GatedFileForm.gate_arguments / oa.uploads.api.gate_arguments)."""
    check()
    record, content = upload_accept_file(actor=actor, upload=upload, purpose=purpose, **gate)
    kept = []
    locked(lambda owner: kept.append(keep(owner, record, content)))
    return kept[0]


def under_lock(find: Callable[[], object]) -> Callable[[Callable], object]:
    """`locked` for through_the_gate when `find()` — which locks the owner and checks the actor's right
    again — is all the step needs: body(find()) inside a transaction."""

    def locked(body):
        with transaction.atomic():
            return body(find())

    return locked


def attachment_store(*, actor, upload, gate: dict, purpose: str, check: Callable[[], object],
                     locked: Callable[[Callable], object], action: str, relation: str = "attachments") -> GatedFile:
    """An attachment through the gate (see through_the_gate), kept on the owner's `relation` and
    ledgered as `action` on the owner."""

    def keep(owner, record, content):
        return attachment_keep(into=getattr(owner, relation), record=record, content=content, actor=actor,
                               action=action)

    return through_the_gate(actor=actor, upload=upload, gate=gate, purpose=purpose, check=check, locked=locked,
                            keep=keep)


def attachment_keep(*, into, record: UploadRecord, content: bytes | None, actor, action: str = "",
                    **fields) -> GatedFile:
    """Keep the bytes the gate accepted as a row of `into` (the owner's related manager, e.g.
    `document.attachments`) and a file named after their SHA-256; `content` None keeps a held
    upload's row without a file until the security officer releases it. `action`, if given, is
    ledgered on the owner. Extra `fields` go to the row."""
    if content is not None and not content:
        raise ValidationError(EMPTY)
    owner = into.instance
    attachment = into.model(**{into.field.name: owner}, name=record.name[:200], sha256=record.sha256,
                            size=record.size if content is None else len(content), uploaded_by=actor,
                            upload_record=record, **fields)
    if content is not None:
        attachment.store(content)
    attachment.save()
    if action:
        ledger_record(actor=actor, action=action, target=owner,
                      data={"name": attachment.name, "sha256": record.sha256, "size": attachment.size,
                            "upload": record.pk})
    return attachment


def attachment_delete(*, owner, attachment_id: int, actor, action: str, relation: str = "attachments") -> None:
    """Remove one of the owner's attachments (the caller holds the owner's row lock and has checked
    the actor's right) and ledger `action` on the owner. The file goes when the transaction commits."""
    attachment = getattr(owner, relation).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(MISSING)  # like any object the path names and that is not there
    file_delete_on_commit(attachment.file)
    attachment.delete()
    ledger_record(actor=actor, action=action, target=owner, data={"name": attachment.name})


def file_delete_on_commit(file) -> None:
    """Delete a stored file once the current transaction commits (at once outside of one)."""
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))
