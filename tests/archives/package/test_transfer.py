"""Packages of filed 件 and the hand-over to the 档案局: built and checked, sent as a batch with the counts and
hashes (ledgered), received by the 档案局's archivist after the 四性检测 on import — and refused when the
batch was changed in storage, or by anyone else."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from oa.archives.choices import Component
from oa.archives.models import ArchiveItem, ArchivePart, Transfer, TransferState
from oa.archives.package.parts import sha256
from oa.archives.package_actions import PACKAGE_BUILT, TRANSFER_SEND
from oa.archives.packaging import package_item
from oa.archives.transfers import receipt, transfer_receive, transfer_reject, transfer_send
from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.org.choices import Role
from tests.archives.package.conftest import flip, rezip, simple_pdf
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    bureau = DepartmentFactory(name="韶关市档案局", short_name="档案局", organ_code="韶档", slug="daj")
    personas.archivist_a = person_with_role("a_archivist", personas.dept_a, Role.ARCHIVIST, "档案员")
    personas.archivist_daj = person_with_role("daj_archivist", bureau, Role.ARCHIVIST, "档案员")
    personas.bureau = bureau
    return personas


def _part(item, kind, position, label, data, media_type):
    path = default_storage.save(f"archives/test/{item.pk}-{position}.bin", ContentFile(data))
    return ArchivePart.objects.create(item=item, kind=kind, position=position, label=label, path=path,
                                      media_type=media_type, size=len(data), sha256=sha256(data))


@pytest.fixture
def file_item(people, draft):
    def _file(seq=1, title="关于做好电子政务应用系统试运行有关工作的通知"):
        document = draft(title=title)
        item = ArchiveItem.objects.create(
            department=people.dept_a, document=document, fonds_code="J021", year=2026, retention="Y", org_code="BGS",
            org_name="办公室", seq=seq, doc_number=f"韶甲〔2026〕{seq}号", responsible="甲局", title=title,
            date=date(2026, 11, 3), pages=2, filed_by=people.archivist_a)
        _part(item, Component.BODY, 0, "正文", simple_pdf("Notice, page one", "Page two"), "application/pdf")
        _part(item, Component.SHEET, 1, "发文稿纸", simple_pdf("Cover sheet"), "application/pdf")
        _part(item, Component.ATTACHMENT, 2, "附件1 名单.txt", "市委办\n市府办\n".encode(), "text/plain")
        return item

    return _file


def test_a_filed_item_is_packaged_checked_and_ledgered(people, file_item):
    item = file_item()
    row = package_item(actor=people.archivist_a, item=item)
    assert row.check_ok, row.check_report
    assert row.check_report["aspects"]["authenticity"] == "pass"  # the seals checked with the ledger's keys
    assert row.identifier == "J021-WS·2026-Y-BGS-0001"
    entry = LedgerEntry.objects.filter(action=PACKAGE_BUILT).latest("id")
    assert entry.data["manifest_sha256"] == row.manifest_sha256 and entry.target_id == str(item.pk)


def test_transfer_sent_received_with_receipt(people, file_item):
    items = [file_item(1), file_item(2, "关于报送用户使用报告的通知")]
    transfer = transfer_send(actor=people.archivist_a, item_ids=[i.pk for i in items])
    assert transfer.state == TransferState.SENT and transfer.item_count == 2 and transfer.page_count == 4
    assert transfer.package.check_ok and transfer.receiver == people.bureau
    sent = LedgerEntry.objects.get(action=TRANSFER_SEND)
    assert sent.data["manifest_sha256"] == transfer.package.manifest_sha256 and len(sent.data["items"]) == 2

    with pytest.raises(PermissionDenied):
        transfer_receive(actor=people.archivist_a, transfer_id=transfer.pk)  # the sender does not receive
    transfer = transfer_receive(actor=people.archivist_daj, transfer_id=transfer.pk, note="已接收")
    assert transfer.state == TransferState.RECEIVED and transfer.receipt_ok
    assert transfer.receipt_report["context"] == "import" and len(transfer.receipt_report["items"]) == 2
    answer = receipt(transfer)
    assert [row["code"] for row in answer["rows"]] == ["J021-WS·2026-Y-BGS-0001", "J021-WS·2026-Y-BGS-0002"]
    assert all(len(row["sha256"]) == 64 for row in answer["rows"])
    with pytest.raises(Conflict):
        transfer_receive(actor=people.archivist_daj, transfer_id=transfer.pk)
    with pytest.raises(ValidationError):  # a 件 goes over once
        transfer_send(actor=people.archivist_a, item_ids=[items[0].pk])


def test_a_batch_changed_in_storage_cannot_be_received_only_sent_back(people, file_item):
    transfer = transfer_send(actor=people.archivist_a, item_ids=[file_item().pk])
    with default_storage.open(transfer.package.path, "rb") as stored:
        content = stored.read()
    import io
    import zipfile

    inner = zipfile.ZipFile(io.BytesIO(content)).read("items/0001.zip")
    body = zipfile.ZipFile(io.BytesIO(inner)).read("content/document.pdf")
    changed = rezip(content, change={"items/0001.zip": rezip(inner, change={"content/document.pdf": flip(body, 40)})})
    default_storage.delete(transfer.package.path)
    default_storage.save(transfer.package.path, ContentFile(changed))

    with pytest.raises(ValidationError, match="四性检测不通过"):
        transfer_receive(actor=people.archivist_daj, transfer_id=transfer.pk)
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.SENT
    with pytest.raises(ValidationError):
        transfer_reject(actor=people.archivist_daj, transfer_id=transfer.pk, note="")
    transfer = transfer_reject(actor=people.archivist_daj, transfer_id=transfer.pk, note="正文被改动")
    assert transfer.state == TransferState.REJECTED and transfer.receipt_ok is False


def test_only_an_archivist_sends_and_only_own_items(people, file_item):
    item = file_item()
    with pytest.raises(PermissionDenied):
        transfer_send(actor=people.clerk_a, item_ids=[item.pk])
    other = person_with_role("b_archivist", people.dept_b, Role.ARCHIVIST, "档案员")
    with pytest.raises(ValidationError):
        transfer_send(actor=other, item_ids=[item.pk])
    assert not Transfer.objects.exists()


def test_filing_builds_the_package_after_commit(people, file_item, django_capture_on_commit_callbacks):
    from oa.audit.actions import registry
    from oa.audit.services import ledger_record

    item = file_item()
    with registry.scratch():
        registry.add("archives.file", "归档（件）")
        with django_capture_on_commit_callbacks(execute=True):
            ledger_record(actor=people.archivist_a, action="archives.file", target=item, data={"code": item.code})
    assert item.packages.get().check_ok
