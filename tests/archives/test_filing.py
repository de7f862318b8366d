"""Filing 件 (DA/T 22-2015): 档号 and 件号 in order, the 归档章 on page 1, the parts kept, 保管期限 changes."""

import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404

from documents.choices import DocType
from documents.choices import DocumentState as S
from documents.incoming.services.flow import delivery_complete
from documents.models import Delivery
from oa.archives.choices import Component, Retention
from oa.archives.models import ArchiveItem, ArchiveSequence, Fonds
from oa.archives.services.filing import change_retention, file_delivery, file_document
from oa.archives.services.parts import read_part
from oa.audit.models import LedgerEntry
from tests.documents.receiving import to_handling

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, *, first_page_only=True) -> str:
    args = ["pdftotext", "-layout", *(["-f", "1", "-l", "1"] if first_page_only else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def dispatched(draft, walk, **fields):
    return walk(draft(**fields), S.DISPATCHED)


def test_a_dispatched_document_is_filed_with_its_code_stamp_and_parts(personas, draft, walk):
    archivist = personas.archivist_a
    document = dispatched(draft, walk, doc_type=DocType.DECISION, title="关于表彰电子政务先进单位的决定")
    item = file_document(actor=archivist, document_id=document.pk)
    document.refresh_from_db()
    assert document.state == S.ARCHIVED
    year = document.written_date.year
    assert item.code == f"J001-WS·{year}-Y-BGS-0001"  # 决定: 永久 suggested
    assert (item.retention, item.org_name, item.doc_number, item.responsible) == (
        Retention.PERMANENT, "办公室", document.doc_number, "甲局")
    assert item.pages >= 1
    kinds = [part.kind for part in item.parts.all()]
    assert kinds == [Component.BODY, Component.ORIGINAL, Component.SHEET]
    body = read_part(item.parts.get(kind=Component.BODY))
    first = pdf_text(body)
    for text in ("全宗号", "年度", "件号", "机构（问题）", "保管期限", "页数", "J001", str(year), "0001", "办公室",
                 "永久"):
        assert text in first, text
    # only page 1 carries the stamp; the original is kept as dispatched
    assert "全宗号" not in pdf_text(read_part(item.parts.get(kind=Component.ORIGINAL)))
    if item.pages > 1:
        from pypdf import PdfReader

        assert "全宗号" not in PdfReader(io.BytesIO(body)).pages[1].extract_text()
    assert "发文稿纸" in pdf_text(read_part(item.parts.get(kind=Component.SHEET)), first_page_only=False)
    entry = LedgerEntry.objects.get(action="archives.file")
    assert entry.data["code"] == item.code and len(entry.data["parts"]) == 3
    assert LedgerEntry.objects.filter(action="document.archive", target_id=str(document.pk)).exists()


def test_numbers_run_in_order_per_year_retention_and_organ(personas, draft, walk):
    archivist = personas.archivist_a
    documents = [dispatched(draft, walk, title=f"第{i}份通知") for i in range(3)]
    items = [file_document(actor=archivist, document_id=documents[0].pk, retention="永久"),
             file_document(actor=archivist, document_id=documents[1].pk, retention="D30"),
             file_document(actor=archivist, document_id=documents[2].pk, retention=Retention.PERMANENT)]
    assert [(i.retention, i.seq) for i in items] == [("Y", 1), ("D30", 1), ("Y", 2)]
    assert items[2].code.endswith("-Y-BGS-0002")


def test_attachments_are_kept_with_the_item_by_reference(personas, draft, walk):
    from documents.services.drafting import attachment_add
    from tests.trial.reports import GATE, uploaded

    document = draft()
    attachment = attachment_add(actor=personas.staff_a, document_id=document.pk, upload=uploaded(text="名单"), gate=GATE)
    walk(document, S.DISPATCHED)
    item = file_document(actor=personas.archivist_a, document_id=document.pk)
    part = item.parts.get(kind=Component.ATTACHMENT)
    assert (part.label, part.path, part.sha256, part.size) == (
        attachment.name, attachment.file.name, attachment.sha256, attachment.size)


def test_a_closed_incoming_document_is_filed_by_the_receiving_archivist(personas, draft, walk):
    document = dispatched(draft, walk, doc_type=DocType.LETTER)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    to_handling(personas, delivery.pk)
    delivery_complete(actor=personas.staff_b, delivery_id=delivery.pk, text="已办理")
    item = file_delivery(actor=personas.archivist_b, delivery_id=delivery.pk)
    assert item.code.startswith("J002-WS·") and item.retention == Retention.SHORT  # 收文 函: 定期10年
    assert item.doc_number == document.doc_number and item.responsible == "甲局"
    assert item.remark.startswith("收文 收〔")
    assert "收文处理笺" in pdf_text(read_part(item.parts.get(kind=Component.SHEET)), first_page_only=False)
    assert "J002" in pdf_text(read_part(item.parts.get(kind=Component.BODY)))


def test_changing_the_retention_renumbers_and_restamps(personas, draft, walk):
    archivist = personas.archivist_a
    item = file_document(actor=archivist, document_id=dispatched(draft, walk).pk, retention="Y")
    old_path = item.parts.get(kind=Component.BODY).path
    changed = change_retention(actor=archivist, item_id=item.pk, retention="D10")
    assert changed.code.endswith("-D10-BGS-0001") and changed.seq == 1
    body = item.parts.get(kind=Component.BODY)
    assert body.path != old_path and default_storage.exists(body.path)
    assert "定期10年" in pdf_text(read_part(body)) and "永久" not in pdf_text(read_part(body))
    entry = LedgerEntry.objects.get(action="archives.retention")
    assert entry.data["from"].endswith("-Y-BGS-0001") and entry.data["to"] == changed.code
    with pytest.raises(ValidationError):
        change_retention(actor=archivist, item_id=item.pk, retention="五年")


def test_who_may_file_is_the_workflow_tables(personas, draft, walk):
    document = dispatched(draft, walk)
    for person in (personas.clerk_a, personas.director_a, personas.head_a):
        with pytest.raises(PermissionDenied):
            file_document(actor=person, document_id=document.pk)
    with pytest.raises(Http404):  # another department's archivist does not even see a draft of A's
        file_document(actor=personas.archivist_b, document_id=draft().pk)
    with pytest.raises(PermissionDenied):  # B received it, but filing it is A's
        file_document(actor=personas.archivist_b, document_id=document.pk)
    assert not ArchiveItem.objects.exists()
    document.refresh_from_db()
    assert document.state == S.DISPATCHED


def test_no_fonds_no_filing_and_nothing_changes(personas, draft, walk):
    archivist = personas.archivist_a
    Fonds.objects.filter(department=personas.dept_a).delete()
    document = dispatched(draft, walk)
    with pytest.raises(ValidationError, match="全宗号"):
        file_document(actor=archivist, document_id=document.pk)
    document.refresh_from_db()
    assert document.state == S.DISPATCHED and not ArchiveItem.objects.exists() and not ArchiveSequence.objects.exists()
