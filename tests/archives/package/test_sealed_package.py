"""The package of a sealed, filed 发文: the stamped copy (归档章 on page 1, no signature values left in it), the
original as the organ signed it — verified in the 四性检测 by the seal's own verifier (pyHanko, the internal
CA) — and the OFD of the same layout."""

import io
import zipfile

import pytest

from documents.choices import DocumentState as S
from oa.archives.package.signatures import signature_count
from oa.archives.packaging import latest_item_package, read_package
from oa.archives.services.filing import file_document

pytestmark = pytest.mark.django_db


def test_a_filed_sealed_document_carries_its_signed_original_verified_and_its_ofd(
        personas, draft, walk, django_capture_on_commit_callbacks):
    document = walk(draft(title="关于做好电子政务应用系统试运行有关工作的通知"), S.DISPATCHED)
    with django_capture_on_commit_callbacks(execute=True):
        item = file_document(actor=personas.archivist_a, document_id=document.pk)
    package = latest_item_package(item)
    assert package is not None and package.check_ok, package.check_report
    archive = zipfile.ZipFile(io.BytesIO(read_package(package)))
    names = archive.namelist()
    renditions = [n for n in names if n.startswith("content/rendition-")]
    assert any(n.endswith(".ofd") for n in renditions) and any(n.endswith(".pdf") for n in renditions), names
    signed = archive.read(next(n for n in renditions if n.endswith(".pdf")))
    assert signature_count(signed) >= 1
    assert signature_count(archive.read("content/document.pdf")) == 0  # the stamped copy: a new file
    verified = [c for c in package.check_report["checks"] if c["label"] == "电子签名"]
    assert verified and all(c["status"] == "pass" for c in verified), verified
