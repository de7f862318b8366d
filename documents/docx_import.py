"""Import the body of an uploaded Word document (DOCX) into the body format of documents.body.

The body is walked in document order — paragraphs and tables interleaved — by iterating the
children of <w:body> (content controls, <w:sdt>, are opened). Word headings (Heading 1–4,
标题 1–4, or an outline level 1–4) become the numbered heading lines 一、 （一） 1. （1） unless
their text already starts with a heading number. Tables become `|a|b|` lines; rows and cells
are iterated (Table.cell(i, j) is quadratic).

The classification gate (密级 markings) is applied by the upload service, not here.
"""

from __future__ import annotations

import io
import re
import zipfile

from documents.body import Block, blocks_to_text, cell_text, heading_level, is_table_line
from oa.core.params import whole_number

NOT_DOCX = "无法读取该文件：请上传 Word 文档（.docx 格式）；WPS 文字的文档请先“另存为” .docx。"
# WPS 文字's own .wps is the same OLE2 container as a .doc: python-docx reads neither.
LEGACY_DOC = ("该文件是旧版 Word（.doc）、WPS 文字（.wps）格式或已加密，无法读取：请在 Word 或 WPS 中“另存为” .docx（Word 文档）"
              "后再上传。")
CORRUPT = "无法读取该文件：Word 文档已损坏或格式不正确。"
EMPTY = "该 Word 文档中没有可导入的正文内容。"

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (headings rarely go further)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    return str(n)


def numeral_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 7 → 7; None if it is not a number we write."""
    if (number := whole_number(text)) is not None:
        return number
    if not text or any(ch not in DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)
    return value if len(tens) <= 1 and len(ones) <= 1 else None


def existing_number(text: str) -> int | None:
    """The number of a heading that already carries its prefix: 三、 → 3, （十二） → 12, 4. → 4."""
    match = re.match(r"^[（(]?([一二三四五六七八九十]+|\d+)", text)
    return numeral_value(match.group(1)) if match else None


def heading_prefix(level: int, n: int) -> str:
    return {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def docx_to_body(data: bytes) -> str:
    document = _open(data)
    from docx.oxml.ns import qn

    body = document.element.body
    blocks: list[Block] = []
    counters = [0, 0, 0, 0, 0]
    for element in _block_elements(body, qn):
        if element.tag == qn("w:tbl"):
            rows = _table_rows(element, document)
            if rows:
                blocks.append(Block(kind="table", rows=rows))
            continue
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(element, document)
        level = _word_heading_level(paragraph, qn)
        for line in paragraph.text.replace("\r", "\n").replace("\x0b", "\n").split("\n"):
            text = " ".join(line.replace("\t", " ").split())
            if not text:
                continue
            if is_table_line(text):
                text = "｜" + text[1:]  # a paragraph that merely looks like a table row
            if level:
                counters[level] += 1
                for lower in range(level + 1, 5):
                    counters[lower] = 0
                if not heading_level(text):
                    text = heading_prefix(level, counters[level]) + text
                elif heading_level(text) == level:  # numbered by hand: count on from its number
                    counters[level] = existing_number(text) or counters[level]
                blocks.append(Block(kind="heading", level=level, text=text))
            else:
                found = heading_level(text)
                blocks.append(Block(kind="heading" if found else "paragraph", level=found, text=text))
    if not blocks:
        raise ValueError(EMPTY)
    return blocks_to_text(blocks)


def _open(data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data or len(data) < 4:
        raise ValueError(NOT_DOCX)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # OLE2: a .doc, or a password-protected .docx
        raise ValueError(LEGACY_DOC)
    if data[:2] != b"PK":
        raise ValueError(NOT_DOCX)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise ValueError(CORRUPT) from exc
    except ValueError as exc:  # python-docx: "file is not a Word file, content type is …"
        raise ValueError(NOT_DOCX) from exc
    except Exception as exc:  # lxml syntax errors and anything else a damaged package raises
        raise ValueError(CORRUPT) from exc


def _block_elements(parent, qn):
    """<w:p> and <w:tbl> children in document order, opening <w:sdt> content controls."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_elements(content, qn)


def _word_heading_level(paragraph, qn) -> int:
    """1–4 for Word headings: a Heading/标题 style (or one based on it), or an outline level."""
    try:
        style = paragraph.style
    except Exception:  # a dangling style reference
        style = None
    seen = 0
    while style is not None and seen < 10:
        match = HEADING_STYLE.match((style.name or "").strip())
        if match:
            level = int(match.group(1))
            return level if level <= 4 else 0
        level = _outline_level(style.element, qn)
        if level:
            return level
        style, seen = style.base_style, seen + 1
    return _outline_level(paragraph._p, qn)


def _outline_level(element, qn) -> int:
    p_pr = element.find(qn("w:pPr"))
    if p_pr is None:
        return 0
    outline = p_pr.find(qn("w:outlineLvl"))
    if outline is None:
        return 0
    try:
        value = int(outline.get(qn("w:val")))
    except (TypeError, ValueError):
        return 0
    return value + 1 if 0 <= value <= 3 else 0


def _table_rows(element, document) -> list[list[str]]:
    from docx.table import Table

    rows = []
    for row in Table(element, document).rows:
        cells = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue  # a horizontally merged cell is reported once per grid column
            previous = cell._tc
            cells.append(cell_text(cell.text))
        if any(cells):
            rows.append(cells)
    return rows
