"""Model choices of the gate: the screening's values (screening/kinds.py) with their Chinese labels."""

from django.db import models

from oa.uploads.screening import kinds


def _choices(name: str, labels: dict) -> type[models.TextChoices]:
    return models.TextChoices(name, [(kind.name, (kind.value, labels[kind])) for kind in labels])


Verdict = _choices("Verdict", {
    kinds.Verdict.ACCEPTED: "通过",
    kinds.Verdict.BLOCKED: "拒绝",
    kinds.Verdict.REVIEW: "待保密员审核",
})

# 密级 a person declares for an upload; only ACCEPTED_LEVELS are accepted here.
Level = _choices("Level", {level: level.value for level in kinds.Level})
ACCEPTED_LEVELS = tuple(Level(level) for level in kinds.ACCEPTED_LEVELS)
CLASSIFIED_LEVELS = tuple(Level(level) for level in kinds.CLASSIFIED_LEVELS)

# What the bytes are (detected from content, never from the name).
FileType = _choices("FileType", {
    kinds.FileType.DOCX: "Word 文档（DOCX）",
    kinds.FileType.XLSX: "Excel 表格（XLSX）",
    kinds.FileType.OFD: "版式文档（OFD）",
    kinds.FileType.PDF: "PDF 文档",
    kinds.FileType.PNG: "PNG 图片",
    kinds.FileType.JPEG: "JPEG 图片",
    kinds.FileType.TXT: "纯文本",
    kinds.FileType.LEGACY_OFFICE: "旧版 Office/WPS 文件（DOC/WPS/XLS）",
    kinds.FileType.OTHER_ZIP: "其他压缩包",
    kinds.FileType.EMPTY: "空文件",
    kinds.FileType.UNKNOWN: "无法识别",
    kinds.FileType.TYPED: "录入文字",
})


class Source(models.TextChoices):
    FILE = "file", "上传文件"
    TYPED = "typed", "录入文字"
