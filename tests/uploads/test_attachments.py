"""oa.uploads.attachments, the one way a gated file is kept on its owner and removed again — seen
through a 公文's attachments (notices, department reports and ticket screenshots use the same)."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404

from documents.models import Attachment
from documents.services.drafting import attachment_add, attachment_remove
from oa.audit.models import LedgerEntry
from oa.uploads.attachments import attachment_keep, attachment_store
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord
from tests.uploads import corpus as c

pytestmark = pytest.mark.django_db

AGENDA = "一、开幕\n二、讲话".encode()


def _attached(personas, draft, declared, content=AGENDA):
    document = draft()
    upload = SimpleUploadedFile("会议议程.txt", content)
    return document, attachment_add(actor=personas.staff_a, document_id=document.pk, upload=upload, gate=declared)


def test_the_accepted_bytes_are_kept_under_their_digest_with_the_gates_record_and_a_ledger_entry(personas, draft, declared):
    document, attachment = _attached(personas, draft, declared)
    record = attachment.upload_record
    assert (record.verdict, record.purpose, record.person) == ("accepted", "公文附件", personas.staff_a)
    assert (attachment.document, attachment.name, attachment.size, attachment.sha256, attachment.uploaded_by) == (
        document, "会议议程.txt", len(AGENDA), record.sha256, personas.staff_a)
    assert attachment.file.name.startswith("documents/") and attachment.file.name.endswith(f"/{record.sha256[:16]}")
    assert Path(attachment.file.path).read_bytes() == AGENDA and attachment.uploaded_at is not None
    entry = LedgerEntry.objects.get(action="document.attachment.add")
    assert entry.data == {"name": "会议议程.txt", "sha256": record.sha256, "size": len(AGENDA), "upload": record.pk}


def test_the_owners_check_comes_before_the_gate_and_a_refusal_by_the_gate_keeps_nothing(personas, draft, declared):
    document = draft()
    kept = []

    def refuse():
        raise PermissionDenied("不行。")

    def store(upload, check):
        return attachment_store(actor=personas.staff_a, upload=upload, gate=declared, purpose="测试", check=check,
                                locked=lambda body: kept.append(body(document)), action="test.add")

    with pytest.raises(PermissionDenied):
        store(SimpleUploadedFile("a.txt", AGENDA), refuse)
    assert not UploadRecord.objects.exists()  # nobody's upload is screened for an owner they may not change
    classified = c.docx(c.p("000001") + c.p("机密★1年") + c.p("关于某项目的请示"))
    with pytest.raises(UploadRefused):
        store(SimpleUploadedFile("请示.docx", classified), lambda: None)
    assert UploadRecord.objects.get().verdict == "blocked"
    assert kept == [] and not Attachment.objects.exists()


def test_empty_bytes_are_refused_and_a_held_upload_keeps_its_row_without_a_file(personas, draft, declared):
    document, attachment = _attached(personas, draft, declared)
    record = attachment.upload_record
    with pytest.raises(ValidationError, match="附件为空"):
        attachment_keep(into=document.attachments, record=record, content=b"", actor=personas.staff_a)
    held = attachment_keep(into=document.attachments, record=record, content=None, actor=personas.staff_a)
    assert not held.file and held.size == record.size and held.document == document
    assert LedgerEntry.objects.filter(action="document.attachment.add").count() == 1  # no action given, none written


def test_removal_deletes_the_file_when_the_transaction_commits(personas, draft, declared,
                                                               django_capture_on_commit_callbacks):
    document, attachment = _attached(personas, draft, declared)
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attachment_remove(actor=personas.staff_a, document_id=document.pk, attachment_id=attachment.pk)
        assert path.exists()  # not before the commit
    assert len(callbacks) == 1 and not path.exists() and not document.attachments.exists()
    assert LedgerEntry.objects.get(action="document.attachment.remove").data == {"name": "会议议程.txt"}


def test_a_rollback_after_removal_keeps_the_row_and_its_file(personas, draft, declared,
                                                            django_capture_on_commit_callbacks):
    document, attachment = _attached(personas, draft, declared)
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            attachment_remove(actor=personas.staff_a, document_id=document.pk, attachment_id=attachment.pk)
            raise RuntimeError("something later in the same transaction fails")
    assert callbacks == []
    assert Attachment.objects.get(pk=attachment.pk).file.name == attachment.file.name and path.read_bytes() == AGENDA
    assert not LedgerEntry.objects.filter(action="document.attachment.remove").exists()


def test_removing_an_attachment_that_is_not_there(personas, draft, declared):
    document = draft()
    with pytest.raises(Http404, match="附件不存在"):
        attachment_remove(actor=personas.staff_a, document_id=document.pk, attachment_id=999)
