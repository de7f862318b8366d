"""What the bytes are, from their content — never from the name (active.py then checks that the
name agrees, and reads a text file for active content).

Allowed: DOCX, XLSX, OFD (ZIP containers, told apart by their entries: [Content_Types].xml and
its main part, or OFD.xml), PDF, PNG, JPEG and plain text (UTF-8 or GB18030). Legacy binary
Office/WPS files (OLE2, D0 CF 11 E0) cannot be read here and are refused — as are Office files
encrypted with an open password, which Office stores inside an OLE2 container. Anything else
is refused. A file that is two formats at once (a PDF with a ZIP appended, a ZIP that starts
with a PDF header) is refused as a polyglot.
"""

from __future__ import annotations

from oa.uploads.screening.kinds import FileType
from oa.uploads.screening.zipsafe import looks_like_zip

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
VBA_PROJECT = "_VBA_PROJECT".encode("utf-16-le")

LEGACY = (
    "该文件是旧版 Word/WPS/Excel 格式（.doc/.wps/.xls），系统无法读取其内容、无法确认不涉密："
    "请在 Word/WPS 中另存为 .docx（表格另存为 .xlsx）后再上传。"
)
ENCRYPTED_OFFICE = "该 Office 文件设置了打开密码（已加密），无法检查内容：请取消密码后再上传。"
UTF16_TEXT = "文本文件是 UTF-16 编码，请另存为 UTF-8 编码后再上传。"
UNKNOWN = "无法识别的文件类型。允许上传：Word（.docx）、Excel（.xlsx）、OFD、PDF、PNG、JPEG 图片和纯文本（.txt）。"

# Control characters that do not occur in text files (tab, LF, VT, FF, CR and SUB are allowed).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 26)) + b"\x7f"
_CONTROL_TABLE = bytes.maketrans(b"", b"")


def decode_text(content: bytes) -> str | None:
    """The text of a UTF-8 (with or without BOM) or GB18030 file, or None if it is not text."""
    if content.translate(_CONTROL_TABLE, _CONTROL) != content:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff(content: bytes) -> str:
    """The basic type by magic number: one of FileType's values, or "zip" for any ZIP container
    (told apart later by its entries)."""
    if not content:
        return FileType.EMPTY
    if content.startswith(OLE2):
        return FileType.LEGACY_OFFICE
    if content.startswith(PDF):
        return FileType.PDF
    if content.startswith(PNG):
        return FileType.PNG
    if content.startswith(JPEG):
        return FileType.JPEG
    if content.startswith(ZIP):
        return FileType.OTHER_ZIP
    if decode_text(content) is not None:
        return FileType.TXT
    return FileType.UNKNOWN


def legacy_reason(content: bytes) -> str:
    if ENCRYPTED_PACKAGE in content:
        return ENCRYPTED_OFFICE
    return LEGACY


def unknown_reason(content: bytes) -> str:
    return UTF16_TEXT if content.startswith(UTF16_BOMS) else UNKNOWN


def polyglot_reason(content: bytes, kind: str) -> str | None:
    """A second format hiding in the same bytes."""
    if kind != FileType.OTHER_ZIP and looks_like_zip(content):
        return "文件中附加了 ZIP 压缩包，同时符合多种文件格式（多格式伪装文件），无法检查。"
    if kind != FileType.PDF and PDF in content[:1024]:
        return "文件开头含有 PDF 文件头，同时符合多种文件格式（多格式伪装文件），无法检查。"
    return None
