"""The 四性检测 beyond bytes: batches, security (active content, 密级 markings), signatures through the
pluggable verifier, the readable report."""

import io
import json
import zipfile

import pytest

from oa.archives.package.build import ItemInput, build_batch_package, build_item_package
from oa.archives.package.checks import check_batch_package, check_item_package
from oa.archives.package.report import report_html, report_pdf
from oa.archives.package.signatures import SignatureResult
from tests.archives.package.conftest import PACKED_AT, flip, metadata, rezip

pytestmark = pytest.mark.django_db


def _with(item_input, **changes):
    values = {name: getattr(item_input, name) for name in ItemInput.__dataclass_fields__}
    values.update(changes)
    return build_item_package(ItemInput(**values), packed_at=PACKED_AT)


def _failed(report):
    return {(c.aspect, c.label, c.part) for c in report.failures()}


@pytest.fixture
def batch(item_input, package):
    second = _with(item_input, metadata=metadata(item_number=2, archival_code="Z001-WS·2026-Y-BGS-0002"))
    reports = [check_item_package(p.content).to_dict() for p in (package, second)]
    return build_batch_package([package, second], identifier="YJ-test", packed_at=PACKED_AT, reports=reports)


def test_a_batch_passes_and_nests_its_items(batch):
    report = check_batch_package(batch.content, expected_manifest_sha256=batch.manifest_sha256)
    assert report.ok, report.failures()
    assert [item.subject for item in report.items] == ["Z001-WS·2026-Y-BGS-0001", "Z001-WS·2026-Y-BGS-0002"]
    assert json.loads(zipfile.ZipFile(io.BytesIO(batch.content)).read("batch.json"))["count"] == 2


def test_a_batch_fails_when_a_part_inside_an_item_changes(batch):
    outer = zipfile.ZipFile(io.BytesIO(batch.content))
    inner = outer.read("items/0002.zip")
    trail = zipfile.ZipFile(io.BytesIO(inner)).read("trail/trail.json")
    changed = rezip(batch.content, change={"items/0002.zip": rezip(inner, change={"trail/trail.json": flip(trail, 5)})})
    report = check_batch_package(changed, expected_manifest_sha256=batch.manifest_sha256)
    assert ("authenticity", "数字摘要", "items/0002.zip") in _failed(report)
    assert ("authenticity", "数字摘要", "trail/trail.json") in _failed(report.items[1])


def test_a_batch_fails_with_an_item_removed_or_added(batch, package):
    assert ("integrity", "部件齐全", "items/0001.zip") in _failed(
        check_batch_package(rezip(batch.content, remove={"items/0001.zip"})))
    assert ("integrity", "无多余部件", "items/0003.zip") in _failed(
        check_batch_package(rezip(batch.content, add={"items/0003.zip": package.content})))


def test_active_content_in_an_attachment_fails_security(item_input):
    built = _with(item_input, attachments=[("说明.txt", b"<html><script>alert(1)</script></html>", "text/plain")])
    assert ("security", "无活动内容与密级标志", "attachments/01.txt") in _failed(check_item_package(built.content))


def test_a_classification_marking_fails_security(item_input):
    built = _with(item_input, attachments=[("名单.txt", "机密★1年\n名单如下".encode(), "text/plain")])
    assert ("security", "无活动内容与密级标志", "attachments/01.txt") in _failed(check_item_package(built.content))
    built = _with(item_input, metadata=metadata(classification="秘密"))
    assert ("security", "密级为非密", "metadata.xml") in _failed(check_item_package(built.content))


def test_a_declared_format_that_is_not_the_files_fails(item_input, document_pdf):
    built = _with(item_input, attachments=[("图.png", document_pdf, "image/png")])
    report = check_item_package(built.content)
    assert ("usability", "可打开", "attachments/01.png") in _failed(report)


def test_signatures_go_through_the_verifier(item_input, monkeypatch, settings):
    import oa.archives.package.checks_files as files

    monkeypatch.setattr(files, "signature_count", lambda content: 1)
    built = _with(item_input)
    good = check_item_package(built.content, verifier=lambda **kw: [SignatureResult(True, "韶关市人民政府办公室", "签名有效")])
    assert ("authenticity", "电子签名", "pass") in {(c.aspect, c.label, c.status) for c in good.checks}
    bad = check_item_package(built.content, verifier=lambda **kw: [SignatureResult(False, "某机关", "文档在签名后被修改")])
    assert ("authenticity", "电子签名", "content/document.pdf") in _failed(bad)
    settings.OA_ARCHIVE_SIGNATURE_VERIFIER = ""
    unchecked = check_item_package(built.content)  # no verifier configured: noted, not passed
    assert ("authenticity", "电子签名", "warn") in {(c.aspect, c.label, c.status) for c in unchecked.checks}


def test_a_signature_declared_in_the_metadata_but_missing_fails(item_input):
    signed = metadata(signatures=({"签名人": "韶关市人民政府办公室", "签名时间": "2026-11-03T10:00:00+08:00",
                                   "签名算法标识": "RSA-SHA256", "证书引证": "demo-ca:01"},))
    report = check_item_package(_with(item_input, metadata=signed).content)
    assert ("authenticity", "电子签名", "content/document.pdf") in _failed(report)


def test_the_readable_report(batch):
    report = check_batch_package(rezip(batch.content, remove={"reports/0001.json"}))
    html = report_html(report)
    for text in ("电子档案四性检测报告", "真实性", "完整性", "可用性", "安全性", "不通过", "reports/0001.json",
                 "Z001-WS·2026-Y-BGS-0002"):
        assert text in html
    assert report_pdf(report).startswith(b"%PDF")


def test_metadata_with_a_doctype_is_refused(package):
    from tests.archives.package.test_item_package import _forged, _parts

    xml = _parts(package.content)["metadata.xml"].replace(
        b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n', 1)
    report = check_item_package(_forged(package, "metadata.xml", xml))
    assert ("usability", "元数据可解析", "metadata.xml") in _failed(report)
    assert ("security", "无活动内容与密级标志", "metadata.xml") in _failed(report)

