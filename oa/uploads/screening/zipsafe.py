"""Look at a ZIP container before reading anything out of it.

Counted from the central directory, before any entry is inflated: the entry count (read from
the end-of-central-directory record even before `zipfile` builds its index), the total
unpacked size and the compression ratio (zip bombs), encrypted entries, unusual compression
methods, duplicate names and ZIP64. Entries are then read through `zipfile`, which never
returns more than the declared size of an entry, so the declared totals bound the work.

Package-level checks that need the content types and relationships (macros, remote templates)
live in extract.py, which reads the parts.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"
MB = 1024 * 1024


class ZipRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """The caps every check works within; the gate builds them from the settings (oa/uploads/limits.py)."""

    max_bytes: int
    max_entries: int
    max_unpacked: int
    max_ratio: int
    max_pdf_pages: int


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def find_eocd(content: bytes) -> tuple[int, int, int, int] | None:
    """(position, entry count, central directory size, central directory offset) or None."""
    start = max(0, len(content) - (22 + 65535))
    position = content.rfind(EOCD, start)
    if position < 0 or len(content) - position < 22:
        return None
    _sig, _disk, _cd_disk, _here, total, cd_size, cd_offset, _comment = struct.unpack(
        "<4s4H2LH", content[position : position + 22]
    )
    return position, total, cd_size, cd_offset


def looks_like_zip(content: bytes) -> bool:
    """An end-of-central-directory record whose central directory really is where it says
    (what an unzip tool would accept), wherever the archive starts in the file."""
    found = find_eocd(content)
    if found is None:
        return False
    position, total, cd_size, _offset = found
    cd_start = position - cd_size
    if cd_start < 0:
        return False
    return total == 0 or content[cd_start : cd_start + 4] == CENTRAL


def open_zip(content: bytes, limits: Limits) -> zipfile.ZipFile:
    found = find_eocd(content)
    if found is None:
        raise ZipRefused("压缩结构已损坏，无法检查。")
    position, total, cd_size, cd_offset = found
    if total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF or (
        position >= 20 and content[position - 20 : position - 16] == ZIP64_LOCATOR
    ):
        raise ZipRefused("文件使用 ZIP64 格式，办公文档不需要该格式，无法检查。")
    if total > limits.max_entries:
        raise ZipRefused(f"压缩包内条目过多（{total} 个，上限 {limits.max_entries} 个），疑似压缩炸弹。")
    archive = zipfile.ZipFile(io.BytesIO(content))
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise ZipRefused(f"压缩包内条目过多（{len(infos)} 个，上限 {limits.max_entries} 个），疑似压缩炸弹。")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise ZipRefused("压缩包内有重复的条目名，不同软件会读出不同内容，无法检查。")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limits.max_unpacked:
        raise ZipRefused(f"解压后总大小 {_mb(unpacked)} 超过上限 {_mb(limits.max_unpacked)}，疑似压缩炸弹。")
    if unpacked > 10 * MB and unpacked > limits.max_ratio * max(packed, 1):
        raise ZipRefused(f"压缩比异常（{unpacked // max(packed, 1)} 倍），疑似压缩炸弹。")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ZipRefused("文件已加密（含加密条目），无法检查内容。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused("压缩包使用了办公文档不会使用的压缩方式，无法检查。")
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ZipRefused(f"条目压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），疑似压缩炸弹。")
    return archive
