"""The values the screening speaks in: file types, verdicts and declared 密级.

Plain `StrEnum`s, so the screening needs no Django; oa/uploads/choices.py builds the model
choices (with their Chinese labels) from these, so each value is written once.
"""

from enum import StrEnum


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    BLOCKED = "blocked"
    REVIEW = "review"


class Level(StrEnum):
    """密级 a person declares for an upload. Only the first three are accepted here."""

    NON_CLASSIFIED = "非密"
    INTERNAL = "内部"
    PUBLIC = "公开"
    TOP_SECRET = "绝密"
    CONFIDENTIAL = "机密"
    SECRET = "秘密"


ACCEPTED_LEVELS = (Level.NON_CLASSIFIED, Level.INTERNAL, Level.PUBLIC)
CLASSIFIED_LEVELS = (Level.TOP_SECRET, Level.CONFIDENTIAL, Level.SECRET)


class FileType(StrEnum):
    """What the bytes are, read from the content; the name must then agree (active.py)."""

    DOCX = "docx"
    XLSX = "xlsx"
    OFD = "ofd"
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TXT = "txt"
    # refused
    LEGACY_OFFICE = "ole2"
    OTHER_ZIP = "zip"
    SVG = "svg"
    HTML = "html"
    XML = "xml"
    SCRIPT = "script"
    RTF = "rtf"
    EMPTY = "empty"
    UNKNOWN = "unknown"
    TYPED = "typed"


ALLOWED_TYPES = (FileType.DOCX, FileType.XLSX, FileType.OFD, FileType.PDF, FileType.PNG, FileType.JPEG, FileType.TXT)
IMAGE_TYPES = (FileType.PNG, FileType.JPEG)
ACTIVE_TYPES = (FileType.SVG, FileType.HTML, FileType.XML, FileType.SCRIPT, FileType.RTF)

# The Chinese name of each type: the model choices' labels (oa/uploads/choices.py) and the reasons.
LABELS = {
    FileType.DOCX: "Word 文档（DOCX）",
    FileType.XLSX: "Excel 表格（XLSX）",
    FileType.OFD: "版式文档（OFD）",
    FileType.PDF: "PDF 文档",
    FileType.PNG: "PNG 图片",
    FileType.JPEG: "JPEG 图片",
    FileType.TXT: "纯文本",
    FileType.LEGACY_OFFICE: "旧版 Office/WPS 文件（DOC/WPS/XLS）",
    FileType.OTHER_ZIP: "其他压缩包",
    FileType.SVG: "SVG 图形",
    FileType.HTML: "HTML 网页",
    FileType.XML: "含脚本的 XML",
    FileType.SCRIPT: "脚本程序",
    FileType.RTF: "RTF 文档",
    FileType.EMPTY: "空文件",
    FileType.UNKNOWN: "无法识别",
    FileType.TYPED: "录入文字",
}
