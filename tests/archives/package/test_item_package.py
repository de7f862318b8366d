"""A 件's package: built, its 四性检测 passing, and failing when a byte of any part is changed, a part is
removed or a file is added (issue 21)."""

import io
import json
import zipfile

import pytest

from oa.archives.package.build import build_item_package
from oa.archives.package.checks import check_item_package
from oa.archives.package.parts import MANIFEST, canonical, sha256
from oa.audit.keys import keyring
from tests.archives.package.conftest import PACKED_AT, flip, rezip

pytestmark = pytest.mark.django_db


def _parts(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


def _fails(report):
    return {(c.aspect, c.label, c.part) for c in report.failures()}


def test_built_package_passes_all_four_checks(package):
    report = check_item_package(package.content, context="build", expected_manifest_sha256=package.manifest_sha256,
                                keys=keyring())
    assert report.ok, report.failures()
    # An image has no text to search for 密级 markings: noted (提示), as the upload gate does, not failed.
    assert report.to_dict()["aspects"] == {"authenticity": "pass", "integrity": "pass", "usability": "pass",
                                          "security": "warn"}
    assert {c.part for c in report.checks if c.status == "warn"} == {"attachments/02.png"}
    assert report.subject == "Z001-WS·2026-Y-BGS-0001"
    names = set(_parts(package.content))
    assert names == {MANIFEST, "metadata.xml", "content/document.pdf", "content/rendition-01.ofd",
                     "attachments/01.txt", "attachments/02.png", "trail/trail.pdf", "trail/trail.json",
                     "ledger/segment.json"}
    assert package.manifest["counts"] == {"metadata": 1, "document": 1, "rendition": 1, "attachment": 2,
                                          "trail-pdf": 1, "trail": 1, "ledger": 1}
    assert package.manifest["algorithm"] == "SHA-256"


def test_same_input_same_bytes(item_input, package):
    assert build_item_package(item_input, packed_at=PACKED_AT).content == package.content


def test_metadata_carries_the_elements(package):
    xml = _parts(package.content)["metadata.xml"].decode()
    for text in ("<题名>关于开展电子政务应用系统试运行工作的通知</题名>", "<文件编号>韶府办〔2026〕12号</文件编号>",
                 "<密级>非密</密级>", "<保管期限>永久</保管期限>", "<档号>Z001-WS·2026-Y-BGS-0001</档号>",
                 "<全宗号>Z001</全宗号>", "<年度>2026</年度>", "<室编件号>1</室编件号>", "<机构或问题>BGS</机构或问题>",
                 "<页数>2</页数>", "<件数>3</件数>", "<日期>20261103</日期>", "<计算机文件名>附件2 示意图.png</计算机文件名>",
                 "<行为描述>签发</行为描述>"):
        assert text in xml


def test_ledger_segment_holds_only_the_documents_entries(package):
    segment = json.loads(_parts(package.content)["ledger/segment.json"])
    assert [e["data"] for e in segment["entries"]] == [{"step": "拟稿"}, {"step": "签发"}]
    assert len(segment["links"]) >= 3  # the other entries between them: links only
    assert "另一份文件" not in json.dumps(segment, ensure_ascii=False)
    assert segment["links"][-1][2] == segment["checkpoint"]["head_hash"]


def test_without_the_key_seals_are_noted_not_passed(package):
    report = check_item_package(package.content, expected_manifest_sha256=package.manifest_sha256)
    assert report.ok
    assert report.aspect_status("authenticity") == "warn"


PARTS = ["metadata.xml", "content/document.pdf", "content/rendition-01.ofd", "attachments/01.txt",
         "attachments/02.png", "trail/trail.pdf", "trail/trail.json", "ledger/segment.json"]


@pytest.mark.parametrize("path", PARTS)
def test_a_changed_byte_in_any_part_fails(package, path):
    data = _parts(package.content)[path]
    for at in (0, len(data) // 2, len(data) - 2):
        changed = rezip(package.content, change={path: flip(data, at)})
        report = check_item_package(changed, expected_manifest_sha256=package.manifest_sha256, keys=keyring())
        assert not report.ok
        assert ("authenticity", "数字摘要", path) in _fails(report)


def test_a_byte_changed_in_place_fails_too(package):
    """Without fixing the ZIP's CRC: the part cannot be read back, and that is a failure."""
    offset = package.content.find(b"%PDF")
    report = check_item_package(flip(package.content, offset + 200), expected_manifest_sha256=package.manifest_sha256)
    assert not report.ok


def test_a_changed_manifest_fails(package):
    manifest = _parts(package.content)[MANIFEST]
    at = manifest.find(b'"packed_at":"') + 14
    report = check_item_package(rezip(package.content, change={MANIFEST: flip(manifest, at)}),
                                expected_manifest_sha256=package.manifest_sha256)
    assert ("authenticity", "清单与外部记录一致", MANIFEST) in _fails(report)


@pytest.mark.parametrize("path", PARTS)
def test_a_removed_part_fails(package, path):
    report = check_item_package(rezip(package.content, remove={path}), expected_manifest_sha256=package.manifest_sha256)
    assert not report.ok
    assert ("integrity", "部件齐全", path) in _fails(report)


def test_a_removed_manifest_fails(package):
    report = check_item_package(rezip(package.content, remove={MANIFEST}))
    assert not report.ok and ("integrity", "清单", MANIFEST) in _fails(report)


def test_an_extra_file_fails(package):
    report = check_item_package(rezip(package.content, add={"attachments/03.txt": "多出的文件".encode()}),
                                expected_manifest_sha256=package.manifest_sha256)
    assert ("integrity", "无多余部件", "attachments/03.txt") in _fails(report)


def _forged(package, path, data):
    """The part replaced and the manifest rewritten to match: only what the manifest cannot vouch for is left."""
    manifest = json.loads(_parts(package.content)[MANIFEST])
    for entry in manifest["parts"]:
        if entry["path"] == path:
            entry.update(size=len(data), sha256=sha256(data))
    return rezip(package.content, change={path: data, MANIFEST: canonical(manifest)})


def test_a_consistent_forgery_fails_against_the_recorded_manifest_hash(package):
    forged = _forged(package, "attachments/01.txt", "改过的名单\n".encode())
    report = check_item_package(forged, expected_manifest_sha256=package.manifest_sha256)
    assert ("authenticity", "清单与外部记录一致", MANIFEST) in _fails(report)
    assert ("authenticity", "元数据与清单一致", "metadata.xml") in _fails(report)  # the metadata lists the old digest


def test_metadata_without_a_required_element_fails(package):
    xml = _parts(package.content)["metadata.xml"].decode().replace("<题名>关于开展电子政务应用系统试运行工作的通知</题名>", "")
    report = check_item_package(_forged(package, "metadata.xml", xml.encode()))
    assert ("integrity", "元数据项齐全", "metadata.xml") in _fails(report)


def test_a_ledger_entry_changed_fails_with_the_key(package):
    segment = json.loads(_parts(package.content)["ledger/segment.json"])
    segment["entries"][1]["data"] = {"step": "改过"}
    report = check_item_package(_forged(package, "ledger/segment.json", canonical(segment)), keys=keyring())
    assert ("authenticity", "审计记录内容", "ledger/segment.json") in _fails(report)


def test_a_ledger_link_removed_fails(package):
    segment = json.loads(_parts(package.content)["ledger/segment.json"])
    del segment["links"][1]
    report = check_item_package(_forged(package, "ledger/segment.json", canonical(segment)))
    assert ("authenticity", "哈希链衔接", "ledger/segment.json") in _fails(report)


def test_a_ledger_segment_not_ending_at_its_checkpoint_fails(package):
    segment = json.loads(_parts(package.content)["ledger/segment.json"])
    segment["links"].pop()
    report = check_item_package(_forged(package, "ledger/segment.json", canonical(segment)))
    assert ("authenticity", "与检查点一致", "ledger/segment.json") in _fails(report)


@pytest.mark.parametrize("garbage", [b"", b"not a zip", b"PK\x05\x06" + b"\0" * 18])
def test_garbage_gives_a_failed_report_not_an_error(garbage):
    report = check_item_package(garbage)
    assert not report.ok
