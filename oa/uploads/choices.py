from django.db import models


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "通过"
    BLOCKED = "blocked", "拒绝"
    REVIEW = "review", "待保密员审核"


class Level(models.TextChoices):
    """密级 a person declares for an upload. Only the first three are accepted here."""

    NON_CLASSIFIED = "非密", "非密"
    INTERNAL = "内部", "内部"
    PUBLIC = "公开", "公开"
    TOP_SECRET = "绝密", "绝密"
    CONFIDENTIAL = "机密", "机密"
    SECRET = "秘密", "秘密"


ACCEPTED_LEVELS = (Level.NON_CLASSIFIED, Level.INTERNAL, Level.PUBLIC)
CLASSIFIED_LEVELS = (Level.TOP_SECRET, Level.CONFIDENTIAL, Level.SECRET)


class Source(models.TextChoices):
    FILE = "file", "上传文件"
    TYPED = "typed", "录入文字"


class FileType(models.TextChoices):
    """What the bytes are (detected from content, never from the name)."""

    DOCX = "docx", "Word 文档（DOCX）"
    XLSX = "xlsx", "Excel 表格（XLSX）"
    OFD = "ofd", "版式文档（OFD）"
    PDF = "pdf", "PDF 文档"
    PNG = "png", "PNG 图片"
    JPEG = "jpeg", "JPEG 图片"
    TXT = "txt", "纯文本"
    # refused
    LEGACY_OFFICE = "ole2", "旧版 Office/WPS 文件（DOC/WPS/XLS）"
    OTHER_ZIP = "zip", "其他压缩包"
    EMPTY = "empty", "空文件"
    UNKNOWN = "unknown", "无法识别"
    TYPED = "typed", "录入文字"


ALLOWED_TYPES = (FileType.DOCX, FileType.XLSX, FileType.OFD, FileType.PDF, FileType.PNG, FileType.JPEG, FileType.TXT)
IMAGE_TYPES = (FileType.PNG, FileType.JPEG)
