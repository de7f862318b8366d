"""All the text in a file, as segments of lines, plus what makes a file uncheckable.

DOCX/XLSX are read part by part straight from the ZIP with the stdlib (xmlsafe + collectors):
body, tables, headers, footers, text boxes, footnotes, endnotes, comments, tracked insertions
and deletions, charts, core (docProps/core.xml), extended and custom properties
(docProps/custom.xml), shared strings, sheets; every XML part is read (so a DOCTYPE anywhere
refuses the file). Parts are recognised by their content type, not their path. OFD: ofd.py.
TXT: the decoded text. PNG/JPEG: only their text metadata (iTXt/tEXt/zTXt, JPEG comments, XMP).

Package checks done while reading: macros (vbaProject.bin, macro-enabled content types such as
a .docm renamed .docx), ActiveX, external relationships other than hyperlinks and local paths
(remote templates, linked OLE objects and pictures), DDE and remote INCLUDE fields, altChunk
imports, OLE embeddings. Embedded packages and PDFs are screened recursively by `nested`.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from oa.uploads.screening import fastwalk
from oa.uploads.screening.collectors import (
    AllTextCollector,
    Segment,
    SharedStringsCollector,
    SheetCollector,
    StoryCollector,
)
from oa.uploads.screening.detect import OLE2, PDF, VBA_PROJECT, ZIP, decode_text
from oa.uploads.screening.kinds import FileType
from oa.uploads.screening.quickscan import PLAIN_MI, QUIET, WALK, story_part_kind
from oa.uploads.screening.xmlsafe import BadXML, UnsafeXML, local, parse
from oa.uploads.screening.zipsafe import Limits

CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = {
    "application/vnd.ms-word.document.macroenabled.main+xml": "启用宏的 Word 文档（.docm）",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "启用宏的 Word 模板（.dotm）",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "启用宏的 Excel 工作簿（.xlsm）",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": "Excel 二进制工作簿（.xlsb）",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "启用宏的 Excel 模板（.xltm）",
}
OTHER_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "Word 模板（.dotx）",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "Excel 模板（.xltx）",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "PowerPoint 演示文稿（.pptx）",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": "启用宏的演示文稿（.pptm）",
}
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"\xd7\xcd\xc6\x9a", b"\x01\x00\x00\x00")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".jb2", ".svg", ".wdp")
XML_EXTENSIONS = (".xml", ".rels", ".vml")
LOCAL_TARGET = re.compile(r"^(file:///)?[a-z]:[\\/]|^(?![a-z][a-z0-9+.-]*:)(?![\\/]{2})", re.IGNORECASE)
EXTERNAL_KINDS = {
    "attachedtemplate": "远程模板（attachedTemplate），打开时会从网络加载内容",
    "oleobject": "外部链接的 OLE 对象",
    "image": "外部链接的图片",
    "frame": "外部框架页",
    "subdocument": "外部子文档",
    "externallinkpath": "外部工作簿链接",
    "aFChunk".lower(): "外部导入块（altChunk）",
}
QUICK_PASS = True  # story parts go through quickscan first (tests turn it off to compare verdicts)
WORD_PARTS = (  # content-type suffix → (location, header mode)
    (".document.main+xml", "正文", "first"),
    (".header+xml", "页眉", "all"),
    (".footer+xml", "页脚", "all"),
    (".footnotes+xml", "脚注", "none"),
    (".endnotes+xml", "尾注", "none"),
    (".comments+xml", "批注", "none"),
    (".document.glossary+xml", "文档部件库", "none"),
)

Nested = Callable[[str, bytes], "object"]  # (name, content) -> Screening


@dataclass
class Inspection:
    detected: str
    segments: list[Segment] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    text_found: bool = False
    media: int = 0

    def block(self, reason: str) -> None:
        if reason not in self.blocks:
            self.blocks.append(reason)

    def review(self, reason: str) -> None:
        if reason not in self.reviews:
            self.reviews.append(reason)


class Refused(Exception):
    """Stop reading: the file is refused for this reason (the type is known)."""

    def __init__(self, reason: str, detected: str = FileType.OTHER_ZIP, *, unsupported: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.detected = detected
        self.unsupported = unsupported  # refused only for its type (not for anything found inside)


# --- ZIP packages ---------------------------------------------------------------------------------
class _ContentTypes:
    def __init__(self):
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

    def start(self, name, attrs):
        tag = local(name)
        values = {local(key): value for key, value in attrs.items()}
        if tag == "Default" and "Extension" in values:
            self.defaults[values["Extension"].lower()] = values.get("ContentType", "").lower()
        elif tag == "Override" and "PartName" in values:
            self.overrides[values["PartName"].lstrip("/").lower()] = values.get("ContentType", "").lower()

    def end(self, name):
        pass

    def text(self, data):
        pass

    def of(self, part: str) -> str:
        lowered = part.lower()
        if lowered in self.overrides:
            return self.overrides[lowered]
        return self.defaults.get(lowered.rpartition(".")[2], "") if "." in lowered else ""


class _Relationships:
    def __init__(self):
        self.items: list[dict] = []

    def start(self, name, attrs):
        if local(name) == "Relationship":
            self.items.append({local(key): value for key, value in attrs.items()})

    def end(self, name):
        pass

    def text(self, data):
        pass


def parse_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler) -> None:
    def walk():
        with archive.open(info) as stream:
            parse(stream, handler)

    _refusing(info, walk)


def _story_kind(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    return _refusing(info, lambda: story_part_kind(archive, info))


def _refusing(info: zipfile.ZipInfo, read):
    """Run `read` over one part; unsafe, malformed or damaged XML is refused in words naming the part."""
    try:
        return read()
    except UnsafeXML as exc:
        raise Refused(f"文档部件 {info.filename} 含有 DOCTYPE/实体声明（可能是 XXE 攻击），无法检查。") from exc
    except BadXML as exc:
        raise Refused(f"文档部件 {info.filename} 不是格式正确的 XML，文件已损坏或被篡改，无法检查。") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise Refused(f"文档部件 {info.filename} 已损坏（校验失败），无法检查。") from exc


def classify_package(archive: zipfile.ZipFile) -> tuple[str, _ContentTypes | None]:
    """DOCX, XLSX or OFD by the entries; refuses anything else (with the reason)."""
    names = {name.lower(): name for name in archive.namelist()}
    has_types = "[content_types].xml" in names
    has_ofd = "OFD.xml" in archive.namelist() or "ofd.xml" in names
    if has_types and has_ofd:
        raise Refused("文件同时是 Office 文档和 OFD 文档（多格式伪装文件），无法检查。")
    if has_ofd:
        return FileType.OFD, None
    if not has_types:
        if "mimetype" in names:
            raise Refused("OpenDocument（.odt/.ods）格式不在允许上传的类型之内，请另存为 .docx/.xlsx。", unsupported=True)
        raise Refused("ZIP 压缩包不在允许上传的类型之内，请直接上传其中的文件。", unsupported=True)
    types = _ContentTypes()
    parse_part(archive, archive.getinfo(names["[content_types].xml"]), types)
    mains = set(types.overrides.values()) | set(types.defaults.values())
    for content_type, label in MACRO_MAIN.items():
        if content_type in mains:
            raise Refused(f"文件是{label}，含有宏，不能上传（即使扩展名是 .docx/.xlsx）。",
                          FileType.XLSX if "excel" in content_type else FileType.DOCX)
    has_word, has_excel = CT_WORD in mains, CT_EXCEL in mains
    if has_word and has_excel:
        raise Refused("文件同时声明为 Word 和 Excel 文档（结构异常），无法检查。")
    if has_word:
        return FileType.DOCX, types
    if has_excel:
        return FileType.XLSX, types
    for content_type, label in OTHER_MAIN.items():
        if content_type in mains:
            raise Refused(f"{label}不在允许上传的类型之内，请另存为 .docx/.xlsx/.pdf。", unsupported=True)
    raise Refused("无法识别的 Office 文档类型，允许上传：Word（.docx）、Excel（.xlsx）。", unsupported=True)


def _check_relationships(archive, info, inspection: Inspection, altchunks: set[str]) -> None:
    rels = _Relationships()
    parse_part(archive, info, rels)
    base = info.filename.rpartition("_rels/")[0]
    for rel in rels.items:
        kind = rel.get("Type", "").rpartition("/")[2].lower()
        target = (rel.get("Target") or "").strip()
        if kind == "afchunk" and rel.get("TargetMode", "").lower() != "external":
            altchunks.add(_resolve(base, target))
        if rel.get("TargetMode", "").lower() != "external" or kind == "hyperlink":
            continue
        if target and LOCAL_TARGET.match(target) and kind != "afchunk":
            continue  # a template or linked file on the author's own disk: nothing is fetched
        inspection.block("含有外部引用：" + EXTERNAL_KINDS.get(kind, f"外部关系（{rel.get('Type', '').rpartition('/')[2]}）"))


def _resolve(base: str, target: str) -> str:
    parts = [] if target.startswith("/") else [p for p in base.split("/") if p]
    for piece in target.lstrip("/").split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts).lower()


def _is_xml(name: str, content_type: str) -> bool:
    return name.lower().endswith(XML_EXTENSIONS) or content_type.endswith("xml")


def _head(archive, info, size: int = 16) -> bytes:
    try:
        with archive.open(info) as stream:
            return stream.read(size)
    except Exception:  # noqa: BLE001 - a broken entry is reported by the caller as unreadable
        return b""


def binary_entry(archive, info, inspection: Inspection, limits: Limits, nested: Nested, *, embedded: bool) -> None:
    """A non-XML entry: an image (counted), an embedded file (screened), an OLE object."""
    name = info.filename
    lowered = name.lower()
    head = _head(archive, info)
    if head.startswith(OLE2):
        if info.file_size > limits.max_bytes:
            inspection.block(f"嵌入对象 {name} 过大，无法检查。")
            return
        data = archive.read(info)
        if VBA_PROJECT in data or lowered.endswith("vbaproject.bin"):
            inspection.block("含有宏（VBA 工程），不能上传。")
        elif not lowered.rpartition("/")[2].startswith("printersettings"):
            inspection.review(f"含有无法自动检查的嵌入对象（OLE：{name.rpartition('/')[2]}）。")
        return
    if head.startswith((PDF, *ZIP)) or embedded:
        if lowered.endswith(IMAGE_EXTENSIONS) or head.startswith(IMAGE_MAGIC[:6]):
            inspection.media += 1
            return
        if info.file_size > limits.max_bytes:
            inspection.block(f"嵌入文件 {name} 过大，无法检查。")
            return
        result = nested(name.rpartition("/")[2], archive.read(info))
        label = name.rpartition("/")[2]
        if result.verdict == "blocked" and result.unsupported:
            inspection.review(f"含有无法自动检查的嵌入文件（{label}）。")
        elif result.verdict == "blocked":
            for reason in result.reasons:
                inspection.block(f"嵌入文件“{label}”：{reason}")
        elif result.verdict == "review":
            for reason in result.reasons:
                inspection.review(f"嵌入文件“{label}”：{reason}")
        return
    if lowered.endswith(IMAGE_EXTENSIONS) or head.startswith(IMAGE_MAGIC):
        inspection.media += 1


def inspect_ooxml(archive: zipfile.ZipFile, kind: str, types: _ContentTypes, limits: Limits, nested: Nested) -> Inspection:
    inspection = Inspection(kind)
    infos = [info for info in archive.infolist() if not info.is_dir()]
    for info in infos:
        base = info.filename.lower().rpartition("/")[2]
        content_type = types.of(info.filename)
        if base in ("vbaproject.bin", "vbadata.xml") or "vbaproject" in content_type or "macroenabled" in content_type:
            inspection.block("含有宏（VBA 工程 vbaProject.bin），不能上传。")
        if "activex" in content_type or "/activex/" in info.filename.lower():
            inspection.block("含有 ActiveX 控件，不能上传。")
    altchunks: set[str] = set()
    for info in infos:
        if info.filename.lower().endswith(".rels"):
            _check_relationships(archive, info, inspection, altchunks)
    shared: list[str] = []
    for info in infos:
        if "sharedstrings" in types.of(info.filename):
            collector = SharedStringsCollector(Segment("表格文字"))
            parse_part(archive, info, collector)
            collector.close()
            shared.extend(collector.strings)
            inspection.segments.append(collector.segment)
    for info in infos:
        name = info.filename
        lowered = name.lower()
        content_type = types.of(name)
        if lowered in ("[content_types].xml",) or lowered.endswith(".rels") or "sharedstrings" in content_type:
            continue
        if lowered in altchunks and not _head(archive, info).startswith(ZIP):
            inspection.review("含有外部格式导入块（altChunk），无法自动检查。")
            continue
        if not _is_xml(name, content_type):
            binary_entry(archive, info, inspection, limits, nested, embedded="/embeddings/" in f"/{lowered}")
            continue
        collector, counts_as_text = _collector_for(name, content_type, shared)
        kind = _story_kind(archive, info) if QUICK_PASS and type(collector) is StoryCollector else WALK
        if kind == QUIET:
            # well-formed, visible text, no 密 and no field code: the walk would find nothing (quickscan)
            inspection.text_found = inspection.text_found or counts_as_text
            inspection.segments.append(collector.segment)
            continue
        if kind == PLAIN_MI:  # the same collector, fed by a scan of its own elements only (fastwalk)
            _refusing(info, partial(fastwalk.walk, archive, info, collector))
        else:
            parse_part(archive, info, collector)
        collector.close()
        if counts_as_text and getattr(collector, "found_text", False):
            inspection.text_found = True
        for reason in getattr(collector, "dangerous_fields", []):
            inspection.block(reason + "，不能上传。")
        inspection.segments.append(collector.segment)
    if not inspection.text_found and inspection.media:
        inspection.review("文档中没有文字、只有图片，无法按文字检查密级标志。")
    return inspection


def _collector_for(name: str, content_type: str, shared: list[str]):
    """(collector, whether its text counts as "the document has text")."""
    if "worksheet+xml" in content_type:
        return SheetCollector(Segment(f"工作表（{name.rpartition('/')[2].rpartition('.')[0]}）"), shared), True
    if "core-properties" in content_type or "extended-properties" in content_type:
        return AllTextCollector(Segment("文档属性"), header=True), False
    if "custom-properties" in content_type:
        return AllTextCollector(Segment("自定义属性"), header=True), False
    if "wordprocessingml" in content_type:
        for suffix, location, mode in WORD_PARTS:
            if content_type.endswith(suffix):
                return StoryCollector(Segment(location), mode), True
        return StoryCollector(Segment("文档设置"), "none"), False
    if "spreadsheetml" in content_type:
        location = "批注" if "comments" in content_type else "工作簿"
        return StoryCollector(Segment(location), "none"), "comments" in content_type
    if "drawingml" in content_type or "chart" in content_type or "diagram" in content_type:
        return StoryCollector(Segment("图表/图形"), "none"), True
    return AllTextCollector(Segment(f"其他部件（{name}）"), header=False), False


# --- text and images ------------------------------------------------------------------------------
def inspect_text(content: bytes) -> Inspection:
    inspection = Inspection(FileType.TXT)
    text = decode_text(content) or ""
    segment = Segment("正文")
    for n, line in enumerate(piece for piece in text.splitlines() if piece.strip()):
        segment.add(line, header=n < 5)
    inspection.segments.append(segment)
    inspection.text_found = bool(segment.lines)
    return inspection


def _png_text(content: bytes) -> list[str]:
    texts, position = [], 8
    while position + 12 <= len(content):
        length, kind = struct.unpack(">I4s", content[position : position + 8])
        data = content[position + 8 : position + 8 + length]
        position += 12 + length
        try:
            if kind == b"tEXt":
                texts.append(data.partition(b"\0")[2].decode("utf-8", "replace"))
            elif kind == b"iTXt":
                _key, _, rest = data.partition(b"\0")
                compressed, rest = rest[0:1], rest[2:]
                _lang, _, rest = rest.partition(b"\0")
                _translated, _, text = rest.partition(b"\0")
                if compressed == b"\1":
                    text = zlib.decompressobj().decompress(text, 1 << 20)
                texts.append(text.decode("utf-8", "replace"))
            elif kind == b"zTXt":
                texts.append(zlib.decompressobj().decompress(data.partition(b"\0")[2][1:], 1 << 20).decode("utf-8", "replace"))
        except (zlib.error, IndexError):
            continue
        if kind == b"IEND":
            break
    return texts


def _jpeg_text(content: bytes) -> list[str]:
    texts, position = [], 2
    while position + 4 <= len(content) and content[position] == 0xFF:
        marker = content[position + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no more metadata
            break
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        data = content[position + 4 : position + 2 + length]
        position += 2 + length
        if marker == 0xFE or (marker == 0xE1 and data.startswith(b"http://ns.adobe.com/xap/1.0/")):
            texts.append(re.sub(r"<[^>]*>", "\n", data.decode("utf-8", "replace")))
    return texts


def inspect_image(content: bytes, kind: str) -> Inspection:
    inspection = Inspection(kind)
    segment = Segment("图片说明信息")
    texts = _png_text(content) if kind == FileType.PNG else _jpeg_text(content)
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                segment.add(line, header=True)
    inspection.segments.append(segment)
    inspection.media = 1
    inspection.review("图片没有文字层，无法按文字检查密级标志，需保密员审核。")
    return inspection
