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
    """What the bytes are (detected from content, never from the name)."""

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
    EMPTY = "empty"
    UNKNOWN = "unknown"
    TYPED = "typed"


ALLOWED_TYPES = (FileType.DOCX, FileType.XLSX, FileType.OFD, FileType.PDF, FileType.PNG, FileType.JPEG, FileType.TXT)
IMAGE_TYPES = (FileType.PNG, FileType.JPEG)
