"""The per-file half of the 四性检测: 可用性 (each file opens), 安全性 (the upload gate's screening) and the
signature part of 真实性. Called by checks.py with the parts already read and their digests checked."""

from __future__ import annotations

import io
import json
import zipfile

from pypdf import PdfReader

from oa.archives.package.metadata import NOT_CLASSIFIED, value
from oa.archives.package.parts import JSON, OFD, PDF, XML, Role
from oa.archives.package.signatures import configured_verifier, signature_count
from oa.uploads.screening.active import active_kind
from oa.uploads.screening.kinds import FileType, Verdict
from oa.uploads.screening.verdict import screen, screen_text
from oa.uploads.screening.zipsafe import Limits

AUTH, INTEG, USE, SEC = "authenticity", "integrity", "usability", "security"
DETECTED = {PDF: FileType.PDF, OFD: FileType.OFD, "image/png": FileType.PNG, "image/jpeg": FileType.JPEG,
            "text/plain": FileType.TXT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileType.DOCX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileType.XLSX}


def pdf_pages(content: bytes) -> int:
    """The page count after reading every page's content; ValueError (Chinese) when it does not open."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValueError("PDF 已加密，长期保存的文件不得加密。")
        pages = reader.pages
        for page in pages:
            page.get_contents()
        if not len(pages):
            raise ValueError("PDF 没有页面。")
        return len(pages)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        raise ValueError("PDF 无法打开或页面内容无法读取。") from exc


def _usable(path: str, media_type: str, content: bytes) -> tuple[str, str]:
    if media_type == PDF:
        try:
            return "pass", f"PDF 可打开，{pdf_pages(content)} 页内容可读。"
        except ValueError as exc:
            return "fail", str(exc)
    if media_type in (OFD, *(t for t, k in DETECTED.items() if k in (FileType.DOCX, FileType.XLSX))):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                bad = archive.testzip()
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "fail", "文件的压缩结构损坏，无法打开。"
        if bad is not None:
            return "fail", f"文件内的“{bad}”已损坏。"
        if media_type == OFD and "OFD.xml" not in names:
            return "fail", "OFD 文件缺少入口文件 OFD.xml。"
        return "pass", "文件可打开，内部各部分完好。"
    if media_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            return "pass", "图像可打开。"
        except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors on broken images
            return "fail", "图像无法打开。"
    if media_type == JSON:
        try:
            json.loads(content.decode("utf-8"))
            return "pass", "JSON 可解析。"
        except (UnicodeDecodeError, ValueError):
            return "fail", "JSON 无法解析。"
    return "pass", "文件可读。"


def _strings(value, out: list[str]) -> list[str]:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out)
    return out


def _secure(path: str, entry: dict, content: bytes, limits: Limits) -> tuple[str, str]:
    media_type = entry.get("media_type", "")
    if media_type in (XML, JSON):
        text = content.decode("utf-8", "replace")
        if media_type == XML and active_kind(text):
            return "fail", "XML 含有脚本、样式表指令或 DTD 等活动内容。"
        if media_type == JSON:
            try:
                text = "\n".join(_strings(json.loads(text), []))
            except ValueError:
                return "fail", "无法检查（JSON 无法解析）。"
        found = screen_text({path: text})
        if found.verdict == Verdict.BLOCKED:
            return "fail", "".join(found.reasons[:3])
        return "pass", "无活动内容，无密级标志。"
    result = screen(name=entry.get("name") or path, content=content, limits=limits)
    expected = DETECTED.get(media_type)
    if expected and result.detected_type not in (expected, FileType.UNKNOWN) and result.verdict != Verdict.BLOCKED:
        return "fail", f"文件内容是 {result.detected_type}，与清单记下的格式 {media_type} 不符。"
    if result.verdict == Verdict.BLOCKED:
        return "fail", "".join(result.reasons[:3])
    if result.verdict == Verdict.REVIEW:
        return "warn", "".join(result.reasons[:2])
    return "pass", "无活动内容，无密级标志。"


def _signatures(path: str, content: bytes, declared: int, report, verifier) -> None:
    try:
        count = signature_count(content)
    except Exception:  # noqa: BLE001 - an unreadable PDF is already a usability failure
        return
    if declared and count < declared:
        report.add(AUTH, "fail", "电子签名", f"元数据记有 {declared} 个电子签名，文件中只有 {count} 个：签名被去除。", path)
        return
    if not count:
        return
    if verifier is None:
        report.add(AUTH, "warn", "电子签名", f"文件有 {count} 个电子签名，未配置签名验证程序，未验证。", path)
        return
    results = verifier(name=path, content=content)
    bad = [r for r in results if not r.ok]
    if bad or len(results) < count:
        detail = "；".join(f"{r.signer}：{r.detail}" for r in bad) or f"{count} 个签名中只验证了 {len(results)} 个"
        report.add(AUTH, "fail", "电子签名", f"电子签名验证不通过：{detail}。", path)
    else:
        report.add(AUTH, "pass", "电子签名", "；".join(f"{r.signer}：{r.detail}" for r in results) + "。", path)


def check_files(parts: dict[str, bytes], manifest: dict, metadata, report, *, verifier, limits: Limits) -> None:
    verifier = verifier if verifier is not None else configured_verifier()
    declared = int(metadata.find("文件实体/电子签名").get("数量", "0")) if (
        metadata is not None and metadata.find("文件实体/电子签名") is not None) else 0
    for entry in manifest["parts"]:
        path = entry.get("path") if isinstance(entry, dict) else None
        if path not in parts:
            continue
        content, media_type = parts[path], entry.get("media_type", "")
        if media_type != XML:  # the metadata's parsing is reported by checks.py
            status, detail = _usable(path, media_type, content)
            report.add(USE, status, "可打开", detail, path)
        if entry.get("role") == Role.DOCUMENT and metadata is not None and media_type == PDF:
            _page_count(path, content, metadata, report)
        if media_type == PDF:
            _signatures(path, content, declared if entry.get("role") == Role.DOCUMENT else 0, report, verifier)
        status, detail = _secure(path, entry, content, limits)
        report.add(SEC, status, "无活动内容与密级标志", detail, path)
    if metadata is not None:
        level = value(metadata, "文件实体/内容描述/密级")
        report.add(SEC, "pass" if level == NOT_CLASSIFIED else "fail", "密级为非密",
                   f"元数据的密级为“{level}”" + ("。" if level == NOT_CLASSIFIED else "：涉密文件不得上网，更不得归入本系统的归档包。"),
                   "metadata.xml")


def _page_count(path: str, content: bytes, metadata, report) -> None:
    try:
        pages = pdf_pages(content)
    except ValueError:
        return
    declared = value(metadata, "文件实体/形式特征/页数")
    if declared != str(pages):
        report.add(INTEG, "fail", "页数", f"正文 PDF 有 {pages} 页，元数据记为 {declared} 页。", path)
    else:
        report.add(INTEG, "pass", "页数", f"正文 {pages} 页，与元数据一致。", path)
