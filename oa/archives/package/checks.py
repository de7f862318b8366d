"""The 四性检测 of a package (DA/T 70-2018, GB/T 18894-2016 §8): 真实性, 完整性, 可用性, 安全性.

`check_item_package(bytes)` and `check_batch_package(bytes)` never raise: whatever the bytes are, they give
a Report (report.py) in which anything wrong is a failed check with a Chinese sentence. What each aspect
checks (the order in which they run):
- 完整性: the ZIP opens (zipsafe's limits); manifest.json parses and is this format; every part it lists is
  there, at the size listed, and nothing is there that it does not list; the counts agree (parts, roles,
  附件 against the metadata's 件数); every required metadata element is present (metadata.REQUIRED);
- 真实性: every part's SHA-256 is the manifest's; the manifest's SHA-256 is the one recorded outside the
  package (the ledger, the batch, the transfer) when given; the metadata names the same 档号 and lists the
  same files and digests as the manifest; the ledger segment links and ends at its checkpoint (ledger.py);
  PDF signatures verify (signatures.py) and there are as many as the metadata declares;
- 可用性: every PDF opens and every page's content reads (pypdf); the page count is the metadata's 页数;
  every XML and JSON part parses; images and other files pass the upload gate's reading (screen);
- 安全性: no part is active content and none carries a 密级 marking: the upload gate's own screening
  (oa/uploads/screening: active.py, pdfsafe.py, zipsafe.py, markings.py) on every file, the metadata's
  密级 is 非密, and the trail's texts are screened for markings.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

from oa.archives.package import ledger as ledger_segment
from oa.archives.package.checks_files import check_files
from oa.archives.package.metadata import MetadataError, missing_elements, read_metadata, value
from oa.archives.package.parts import BATCH_FORMAT, BATCH_MANIFEST, FORMAT, MANIFEST, Role, canonical, sha256
from oa.archives.package.report import Report
from oa.uploads.screening.zipsafe import Limits, ZipRefused, open_zip

AUTH, INTEG, USE, SEC = "authenticity", "integrity", "usability", "security"


def _limits() -> Limits:
    from oa.uploads.limits import current_limits

    base = current_limits()  # a package holds several files: room for all of them, the same caps per entry
    return Limits(max_bytes=base.max_bytes * 64, max_entries=max(base.max_entries, 10_000),
                  max_unpacked=base.max_unpacked * 64, max_ratio=base.max_ratio, max_pdf_pages=base.max_pdf_pages)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _open(content: bytes, report: Report, limits: Limits) -> zipfile.ZipFile | None:
    try:
        return open_zip(content, limits)
    except ZipRefused as refused:
        report.add(INTEG, "fail", "归档包可打开", refused.reason)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        report.add(INTEG, "fail", "归档包可打开", "归档包不是完好的 ZIP 文件。")
    return None


def _read_json(archive: zipfile.ZipFile, name: str, report: Report, label: str):
    try:
        data = archive.read(name)
    except KeyError:
        report.add(INTEG, "fail", label, f"归档包中没有 {name}。", name)
        return None, b""
    except (zipfile.BadZipFile, OSError, ValueError):
        report.add(INTEG, "fail", label, f"{name} 无法读出（数据损坏）。", name)
        return None, b""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        report.add(USE, "fail", label, f"{name} 不是可解析的 JSON。", name)
        return None, data
    if not isinstance(parsed, dict):
        report.add(USE, "fail", label, f"{name} 的结构不对。", name)
        return None, data
    return parsed, data


def check_item_package(content: bytes, *, context: str = "check", expected_manifest_sha256: str = "",
                       keys: dict[str, bytes] | None = None, verifier=None, limits: Limits | None = None) -> Report:
    """The 四性检测 of one 件's package. `keys`: the ledger's keyring, to check the seals (this system has
    it; an archive does not). `verifier`: the PDF signature verifier (default: the configured one)."""
    report = Report(subject="", kind="item", context=context, checked_at=_now(), package_sha256=sha256(content))
    try:
        _check_item(content, report, expected_manifest_sha256, keys, verifier, limits or _limits())
    except Exception as exc:  # noqa: BLE001 - hostile bytes give a failed report, never an error
        report.add(INTEG, "fail", "检测完成", f"检测中途出错（{type(exc).__name__}），归档包结构异常。")
    return report


def _check_item(content, report: Report, expected: str, keys, verifier, limits: Limits) -> None:
    archive = _open(content, report, limits)
    if archive is None:
        return
    manifest, manifest_bytes = _read_json(archive, MANIFEST, report, "清单")
    if manifest is None:
        return
    report.manifest_sha256 = sha256(manifest_bytes)
    report.subject = str(manifest.get("identifier", ""))
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("parts"), list):
        report.add(INTEG, "fail", "清单", "清单不是本格式的归档包清单。", MANIFEST)
        return
    _manifest_seal(report, manifest, manifest_bytes, expected)
    parts = _parts_present(archive, manifest, report)
    _counts(manifest, report)
    metadata = _metadata(parts, manifest, report)
    segment = parts.get("ledger/segment.json")
    _ledger(segment, report, keys)
    check_files(parts, manifest, metadata, report, verifier=verifier, limits=limits)


def _manifest_seal(report: Report, manifest: dict, manifest_bytes: bytes, expected: str) -> None:
    if canonical(manifest) != manifest_bytes:
        report.add(AUTH, "fail", "清单未被改动", "清单不是封装时写下的规范格式：清单被改动。", MANIFEST)
    if expected:
        same = expected == report.manifest_sha256
        report.add(AUTH, "pass" if same else "fail", "清单与外部记录一致",
                   "清单的 SHA-256 与移交/审计记录中的一致。" if same else
                   "清单的 SHA-256 与移交/审计记录中的不同：归档包被改动或替换。", MANIFEST)
    else:
        report.add(AUTH, "warn", "清单与外部记录一致", "未提供外部记录的清单哈希，未比对。", MANIFEST)


def _parts_present(archive: zipfile.ZipFile, manifest: dict, report: Report) -> dict[str, bytes]:
    """Each listed part's bytes, checked for presence, size and digest; the extras reported."""
    listed = {entry.get("path"): entry for entry in manifest["parts"] if isinstance(entry, dict)}
    names = set(archive.namelist()) - {MANIFEST, BATCH_MANIFEST}
    parts: dict[str, bytes] = {}
    changed = missing = 0
    for path, entry in listed.items():
        if path not in names:
            missing += 1
            report.add(INTEG, "fail", "部件齐全", "清单列出的部件不在归档包中。", str(path))
            continue
        try:
            data = archive.read(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            changed += 1
            report.add(AUTH, "fail", "数字摘要", "部件无法读出（ZIP 校验和不符：数据被改动或损坏）。", path)
            continue
        if len(data) != entry.get("size"):
            missing += 1
            report.add(INTEG, "fail", "部件大小", f"大小 {len(data)} 字节，清单记为 {entry.get('size')} 字节。", path)
        if sha256(data) != entry.get("sha256"):
            changed += 1
            report.add(AUTH, "fail", "数字摘要", "SHA-256 与清单不符：部件被改动。", path)
        parts[path] = data
    extras = sorted(names - set(listed))
    for path in extras:
        report.add(INTEG, "fail", "无多余部件", "归档包中有清单未列出的文件。", path)
    if not changed:
        report.add(AUTH, "pass", "数字摘要", f"{len(parts)} 个部件的 SHA-256 均与清单相符。")
    if not missing and not extras:
        report.add(INTEG, "pass", "部件齐全", f"清单列出的 {len(listed)} 个部件齐全，大小相符，无多余文件。")
    return parts


def _counts(manifest: dict, report: Report) -> None:
    entries = [e for e in manifest["parts"] if isinstance(e, dict)]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.get("role")] = counts.get(entry.get("role"), 0) + 1
    problems = []
    if manifest.get("count") != len(entries):
        problems.append(f"清单记为 {manifest.get('count')} 个部件，实列 {len(entries)} 个")
    if manifest.get("counts") != counts:
        problems.append("各类部件的数目与清单记下的不同")
    problems += [f"缺少{Role.LABELS[role]}（应有且只有一个）" for role in Role.REQUIRED if counts.get(role) != 1]
    unknown = [str(role) for role in counts if role not in Role.LABELS]
    problems += [f"未知的部件类别“{role}”" for role in unknown]
    report.add(INTEG, "fail" if problems else "pass", "部件计数",
               "；".join(problems) + "。" if problems else f"共 {len(entries)} 个部件，计数相符。")


def _metadata(parts: dict[str, bytes], manifest: dict, report: Report):
    content = parts.get("metadata.xml")
    if content is None:
        return None
    try:
        root = read_metadata(content)
    except MetadataError as exc:
        report.add(USE, "fail", "元数据可解析", str(exc), "metadata.xml")
        return None
    report.add(USE, "pass", "元数据可解析", "元数据 XML 格式正确。", "metadata.xml")
    missing = missing_elements(root)
    report.add(INTEG, "fail" if missing else "pass", "元数据项齐全",
               "缺少元数据项：" + "、".join(p.rpartition("/")[2] for p in missing) + "。" if missing
               else "DA/T 46-2009 必备元数据项齐全。", "metadata.xml")
    code = value(root, "文件实体/档号/档号")
    if code != manifest.get("identifier"):
        report.add(AUTH, "fail", "元数据与清单一致", f"元数据的档号“{code}”与清单的“{manifest.get('identifier')}”不同。")
    described = {(f.findtext("包内路径"), f.findtext("数字摘要")) for f in root.iterfind("文件实体/电子属性/计算机文件")}
    listed = {(e.get("path"), e.get("sha256")) for e in manifest["parts"]
              if isinstance(e, dict) and e.get("role") != Role.METADATA}
    if described != listed:
        report.add(AUTH, "fail", "元数据与清单一致", "元数据记下的文件及其摘要与清单不同。", "metadata.xml")
    elif code == manifest.get("identifier"):
        report.add(AUTH, "pass", "元数据与清单一致", "档号、文件及其摘要与清单一致。", "metadata.xml")
    attachments = sum(1 for e in manifest["parts"] if isinstance(e, dict) and e.get("role") == Role.ATTACHMENT)
    if value(root, "文件实体/形式特征/件数") != str(1 + attachments):
        report.add(INTEG, "fail", "附件计数", f"元数据的件数为 {value(root, '文件实体/形式特征/件数')}，"
                                          f"归档包中有正文 1 件、附件 {attachments} 件。", "metadata.xml")
    return root


def _ledger(segment: bytes | None, report: Report, keys) -> None:
    if segment is None:
        return
    try:
        data = json.loads(segment.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        report.add(USE, "fail", "审计记录片段", "审计记录片段不是可解析的 JSON。", "ledger/segment.json")
        return
    for status, label, detail in ledger_segment.verify_segment(data, keys):
        report.add(AUTH, status, label, detail, "ledger/segment.json")


def check_batch_package(content: bytes, *, context: str = "check", expected_manifest_sha256: str = "",
                        keys: dict[str, bytes] | None = None, verifier=None, limits: Limits | None = None) -> Report:
    """The 四性检测 of a batch: its own manifest, then every 件 package inside it (their reports nested)."""
    report = Report(subject="", kind="batch", context=context, checked_at=_now(), package_sha256=sha256(content))
    limits = limits or _limits()
    try:
        archive = _open(content, report, limits)
        batch, batch_bytes = _read_json(archive, BATCH_MANIFEST, report, "批次清单") if archive else (None, b"")
        if batch is None:
            return report
        report.manifest_sha256, report.subject = sha256(batch_bytes), str(batch.get("identifier", ""))
        if batch.get("format") != BATCH_FORMAT or not isinstance(batch.get("items"), list):
            report.add(INTEG, "fail", "批次清单", "批次清单不是本格式。", BATCH_MANIFEST)
            return report
        _manifest_seal(report, batch, batch_bytes, expected_manifest_sha256)
        listed = {**{i.get("path"): i for i in batch["items"] if isinstance(i, dict)},
                  **{r.get("path"): r for r in batch.get("reports", []) if isinstance(r, dict)}}
        parts = _parts_present(archive, {"parts": list(listed.values())}, report)
        if batch.get("count") != len(batch["items"]):
            report.add(INTEG, "fail", "部件计数", f"批次清单记为 {batch.get('count')} 件，实列 {len(batch['items'])} 件。")
        for entry in batch["items"]:
            if isinstance(entry, dict) and entry.get("path") in parts:
                report.items.append(check_item_package(
                    parts[entry["path"]], context=context, expected_manifest_sha256=str(entry.get("manifest_sha256", "")),
                    keys=keys, verifier=verifier, limits=limits))
    except Exception as exc:  # noqa: BLE001 - hostile bytes give a failed report, never an error
        report.add(INTEG, "fail", "检测完成", f"检测中途出错（{type(exc).__name__}），批次包结构异常。")
    return report


def open_parts(content: bytes) -> dict[str, bytes]:
    """Every entry of a package by name (for pages that show a part); ZIP errors propagate."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
