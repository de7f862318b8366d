"""PDF: refuse encryption and active content, then read every page's text layer.

With pypdf (strict=False, so ordinary sloppy PDFs still open):
1. encrypted (any /Encrypt, even an empty user password) → refused;
2. the object graph from the trailer is walked once: /JS, /JavaScript (also an /OpenAction or
   /AA action of /S /JavaScript), /Launch, /EmbeddedFile(s), /EF, /RichMedia and /XFA refuse the
   file; pypdf decodes #xx escapes in names, so /J#61vaScript is caught. A raw-bytes scan for the
   same names backs this up for objects the walk cannot reach;
3. every text string met on the way (document info, outline titles, annotation contents, form
   field names and values) and the XMP metadata are kept as text;
4. each page's text layer is extracted. A page that draws something but has no readable text
   (a scan, an image, text converted to outlines, fonts without a Unicode map) cannot be
   cleared by text → review.

pypdf's warnings can quote the bytes of the file they complain about, so its loggers are kept
quiet (nothing about an uploaded file's content may reach the logs).
"""

from __future__ import annotations

import io
import logging
import re
from contextvars import ContextVar

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject, TextStringObject

from oa.uploads.screening.collectors import Segment
from oa.uploads.screening.extract import Inspection, Refused
from oa.uploads.screening.kinds import FileType
from oa.uploads.screening.zipsafe import Limits

logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)

# pypdf parses a font's ToUnicode map again on every page that uses it: 90% of the time of a
# 100-page document set in one (subset) font. While the gate reads a PDF, fonts are parsed once
# per indirect object; outside the gate pypdf behaves exactly as shipped.
_font_cache: ContextVar[dict | None] = ContextVar("oa_uploads_pdf_font_cache", default=None)
try:
    from pypdf.generic._font import Font as _Font

    _from_font_resource = _Font.from_font_resource

    def _cached_from_font_resource(cls, resource, *args, **kwargs):
        cache = _font_cache.get()
        reference = getattr(resource, "indirect_reference", None)
        if cache is None or reference is None or args or kwargs:
            return _from_font_resource(resource, *args, **kwargs)
        key = (reference.idnum, reference.generation)
        if key not in cache:
            cache[key] = _from_font_resource(resource)
        return cache[key]

    _Font.from_font_resource = classmethod(_cached_from_font_resource)
except (ImportError, AttributeError):  # another pypdf: correct, only slower
    pass

MAX_OBJECTS = 500_000
MAX_STRING_CHARS = 1_000_000
ACTIVE_RAW = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()%]|$)")
UNREADABLE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")
SPACE = re.compile(r"\s+")
TAGS = re.compile(r"<[^>]*>")
ACTIVE = {
    "js": "PDF 含有 JavaScript 脚本，不能上传。",
    "launch": "PDF 含有启动外部程序的动作（/Launch），不能上传。",
    "embedded": "PDF 含有嵌入文件（附件），无法检查，不能上传：请把附件单独上传。",
    "richmedia": "PDF 含有多媒体/Flash 内容（/RichMedia），不能上传。",
    "xfa": "PDF 含有 XFA 动态表单（可含脚本），不能上传：请打印为普通 PDF 后再上传。",
}
KEYS = {"/JS": "js", "/JavaScript": "js", "/EmbeddedFiles": "embedded", "/EmbeddedFile": "embedded", "/EF": "embedded",
        "/RichMedia": "richmedia", "/XFA": "xfa"}
ACTIONS = {"/JavaScript": "js", "/Launch": "launch", "/RichMediaExecute": "richmedia"}
RAW = {b"JavaScript": "js", b"JS": "js", b"Launch": "launch", b"EmbeddedFiles": "embedded", b"EmbeddedFile": "embedded",
       b"RichMedia": "richmedia", b"XFA": "xfa"}


def _walk(reader: PdfReader, found: set[str], strings: Segment) -> None:
    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    chars = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise Refused("PDF 结构过于复杂（对象过多），无法检查。", FileType.PDF)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in KEYS:
                    found.add(KEYS[key])
                elif key == "/S" and value in ACTIONS:
                    found.add(ACTIONS[value])
                if key != "/Encrypt":
                    stack.append(value)
            if isinstance(item, StreamObject) and item.get("/Type") == "/Metadata" and item.get("/Subtype") == "/XML":
                xmp = TAGS.sub("\n", item.get_data()[:MAX_STRING_CHARS].decode("utf-8", "replace"))
                for line in xmp.splitlines():
                    if line.strip():
                        strings.add(line, header=True)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, TextStringObject) and chars < MAX_STRING_CHARS and item.strip():
            chars += len(item)
            for line in str(item).splitlines():
                if line.strip():
                    strings.add(line, header=True)


def _readable(text: str) -> bool:
    visible = len(SPACE.sub("", text))
    return visible > 0 and len(UNREADABLE.findall(text)) * 2 < visible


def _draws_something(page) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if isinstance(resources, DictionaryObject):
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if isinstance(xobjects, DictionaryObject) and len(xobjects):
            return True
    contents = page.get_contents()
    return contents is not None and len(contents.get_data()) > 512


def inspect_pdf(content: bytes, limits: Limits) -> Inspection:
    token = _font_cache.set({})
    try:
        return _inspect_pdf(content, limits)
    finally:
        _font_cache.reset(token)


def _inspect_pdf(content: bytes, limits: Limits) -> Inspection:
    inspection = Inspection(FileType.PDF)
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        raise Refused("PDF 文件已加密（设置了密码或权限限制），无法检查内容：请取消加密后再上传。", FileType.PDF)
    found: set[str] = set()
    strings = Segment("PDF 属性、书签、注释与表单")
    _walk(reader, found, strings)
    for match in ACTIVE_RAW.finditer(content):
        found.add(RAW[match.group(1)])
    for kind in ("js", "launch", "embedded", "richmedia", "xfa"):
        if kind in found:
            inspection.block(ACTIVE[kind])
    if inspection.blocks:
        return inspection
    inspection.segments.append(strings)
    pages = reader.pages
    if len(pages) > limits.max_pdf_pages:
        raise Refused(f"PDF 页数过多（{len(pages)} 页，上限 {limits.max_pdf_pages} 页），无法检查。", FileType.PDF)
    no_text: list[int] = []
    for number, page in enumerate(pages, start=1):
        text = page.extract_text() or ""
        segment = Segment(f"第{number}页")
        if _readable(text):
            inspection.text_found = True
            for n, line in enumerate(piece for piece in text.splitlines() if piece.strip()):
                segment.add(line, header=n < 5)
            inspection.segments.append(segment)
        elif _draws_something(page):
            no_text.append(number)
    if no_text:
        pages_text = "、".join(str(n) for n in no_text[:10]) + ("等" if len(no_text) > 10 else "")
        inspection.review(f"第{pages_text}页没有可识别的文字层（扫描件、图片或文字已转为曲线），无法按文字检查密级标志。")
    return inspection
