"""Expat handlers that turn XML parts into lines of text, in reading order.

- StoryCollector: WordprocessingML / DrawingML / SpreadsheetML text (w:t, a:t, m:t, w:delText …),
  one line per paragraph, so a marking split across runs (`<w:t>机</w:t><w:t>密★1年</w:t>`) is
  read as one word. Text boxes (w:txbxContent), tables, tracked insertions and deletions are
  marked on the line; field codes (w:instrText) are checked for DDE and remote includes.
- AllTextCollector: any other XML (document properties, custom XML, OFD metadata): every run of
  character data, plus a few attributes that carry text (custom property names, sheet names,
  watermarks, image descriptions).
- SheetCollector: worksheet rows (shared strings resolved), one line per row, and header/footer.

Element names are matched by local name so that Strict OOXML (purl.oclc.org namespaces) and
unusual prefixes are read exactly like Transitional documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oa.uploads.screening.xmlsafe import local

HEADER_LINES = 5  # "the header area": the first lines of a body or page (GB/T 9704 版头)

# (element local name, attribute local name) whose value is text a reader sees.
TEXT_ATTRIBUTES = {
    ("docVar", "val"),  # Word document variables
    ("textpath", "string"),  # VML WordArt — Word's watermarks (“机密”、“严禁复制”)
    ("docPr", "descr"), ("docPr", "title"), ("cNvPr", "descr"), ("cNvPr", "title"),  # alt text
    ("sheet", "name"),  # sheet names in workbook.xml
    ("property", "name"),  # custom property names in docProps/custom.xml
    ("definedName", "name"),
}

INCLUDE_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\b", re.IGNORECASE)
# a URL anywhere, or an argument that starts with \\ (a UNC path, quoted or not)
TEXT_ATTRIBUTE_ELEMENTS = frozenset(element for element, _attribute in TEXT_ATTRIBUTES)
STORY_TAGS = frozenset({"t", "delText", "p", "si", "comment", "tab", "br", "cr", "sym", "instrText", "fldSimple",
                        "txbxContent", "tbl", "tc", "ins", "del"})
STORY_END_TAGS = STORY_TAGS - {"tab", "br", "cr", "sym", "fldSimple"}
REMOTE_TARGET = re.compile(r"\w+://|(^|[\s\"])\\\\")
DDE_FIELD = re.compile(r"^\s*DDE(AUTO)?\b", re.IGNORECASE)


@dataclass(slots=True)
class Line:
    text: str
    where: str
    header: bool


@dataclass
class Segment:
    """Text from one place (a part, a page, a sheet). Markings are looked for line by line and
    across the joined lines of one segment, never across segments."""

    location: str
    lines: list[Line] = field(default_factory=list)

    def add(self, text: str, *, header: bool, where: str | None = None) -> None:
        self.lines.append(Line(text, where or self.location, header))


def attr_value(attrs: dict, name: str) -> str | None:
    for key, value in attrs.items():
        if local(key) == name:
            return value
    return None


def _text_attributes(element: str, attrs: dict):
    for key, value in attrs.items():
        if (element, local(key)) in TEXT_ATTRIBUTES and value and value.strip():
            yield value


class StoryCollector:
    """header_mode: "all" (every line is header area: page headers/footers), "first" (the first
    HEADER_LINES non-empty lines: a document body) or "none" (footnotes, comments …)."""

    def __init__(self, segment: Segment, header_mode: str):
        self.segment = segment
        self.header_mode = header_mode
        self.stack: list[list] = []  # open paragraphs: [pieces, flags, instr pieces]
        self.capture = 0
        self.instr = 0
        self.txbx = 0
        self.tables: list[bool] = []  # per open table: is its first cell still to come?
        self.first_cell = 0  # depth inside a first table cell
        self.ins = 0
        self.dele = 0
        self.lines_seen = 0
        self.dangerous_fields: list[str] = []
        self.found_text = False

    # expat callbacks --------------------------------------------------------------------------
    def start(self, name, attrs):
        tag = local(name)
        if tag not in STORY_TAGS:
            if attrs and tag in TEXT_ATTRIBUTE_ELEMENTS:
                for value in _text_attributes(tag, attrs):
                    self._emit(value, set(), attribute=True)
            return
        if tag == "t" or tag == "delText":
            if not self.stack:
                self.stack.append([[], set(), []])
            self.capture += 1
            flags = self.stack[-1][1]
            if self.ins:
                flags.add("修订插入")
            if self.dele or tag == "delText":
                flags.add("修订删除")
        elif tag in ("p", "si", "comment"):
            self.stack.append([[], set(), []])
        elif tag == "tab":
            if self.stack:
                self.stack[-1][0].append("\t")
        elif tag in ("br", "cr"):
            if self.stack:
                self.stack[-1][0].append("\n")
        elif tag == "sym":
            char = (attr_value(attrs, "char") or "").upper()
            if self.stack and char.endswith("AB"):  # Wingdings ★ (0xAB) written as a symbol
                self.stack[-1][0].append("★")
        elif tag == "instrText":
            self.instr += 1
        elif tag == "fldSimple":
            self._check_field(attr_value(attrs, "instr") or "")
        elif tag == "txbxContent":
            self.txbx += 1
        elif tag == "tbl":
            self.tables.append(True)
        elif tag == "tc":
            if self.first_cell:
                self.first_cell += 1
            elif self.tables and self.tables[-1]:
                self.tables[-1] = False
                self.first_cell = 1
        elif tag == "ins":
            self.ins += 1
        elif tag == "del":
            self.dele += 1

    def end(self, name):
        tag = local(name)
        if tag not in STORY_END_TAGS:
            return
        if tag == "t" or tag == "delText":
            self.capture -= 1
        elif tag in ("p", "si", "comment"):
            if self.stack:
                pieces, flags, instr = self.stack.pop()
                if instr:
                    self._check_field("".join(instr))
                self._emit("".join(pieces), flags)
        elif tag == "instrText":
            self.instr -= 1
        elif tag == "txbxContent":
            self.txbx -= 1
        elif tag == "tbl":
            if self.tables:
                self.tables.pop()
        elif tag == "tc":
            if self.first_cell:
                self.first_cell -= 1
        elif tag == "ins":
            self.ins -= 1
        elif tag == "del":
            self.dele -= 1

    def text(self, data):
        if self.capture and self.stack:
            self.stack[-1][0].append(data)
        elif self.instr and self.stack:
            self.stack[-1][2].append(data)

    def close(self):
        while self.stack:
            pieces, flags, _instr = self.stack.pop()
            self._emit("".join(pieces), flags)

    # ------------------------------------------------------------------------------------------
    def _check_field(self, instr: str) -> None:
        if DDE_FIELD.match(instr):
            self.dangerous_fields.append("含有 DDE 自动执行域代码")
        elif INCLUDE_FIELD.match(instr) and REMOTE_TARGET.search(instr):
            self.dangerous_fields.append("含有引用外部文件或网址的域代码（INCLUDETEXT/INCLUDEPICTURE/LINK）")

    def _emit(self, text: str, flags: set, attribute: bool = False) -> None:
        if not text or text.isspace():
            return
        where = self.segment.location
        qualifiers = []
        if self.txbx:
            qualifiers.append("文本框")
        if self.tables:
            qualifiers.append("表格")
        qualifiers.extend(sorted(flags))
        if qualifiers:
            where = f"{where}（{'、'.join(qualifiers)}）"
        for piece in text.split("\n"):
            if not piece.strip():
                continue
            self.found_text = True
            if self.header_mode == "all" or self.txbx or self.first_cell:
                header = True
            elif self.header_mode == "first" and not attribute:
                header = self.lines_seen < HEADER_LINES
            else:
                header = False
            if not attribute:
                self.lines_seen += 1
            self.segment.add(piece, header=header, where=where)


class AllTextCollector:
    """Every run of character data becomes text; flushed at the end of each element so that
    mixed content (`<div>机<b>密</b>★</div>`) stays in reading order."""

    def __init__(self, segment: Segment, header: bool):
        self.segment = segment
        self.header = header
        self.buffer: list[str] = []

    def start(self, name, attrs):
        if attrs:
            values = list(_text_attributes(local(name), attrs))
            if values:
                self._flush()
                for value in values:
                    self.segment.add(value, header=self.header)

    def end(self, name):
        self._flush()

    def text(self, data):
        self.buffer.append(data)

    def close(self):
        self._flush()

    def _flush(self):
        if self.buffer:
            text = "".join(self.buffer)
            self.buffer.clear()
            for piece in text.splitlines():
                if piece.strip():
                    self.segment.add(piece, header=self.header)


HEADER_FOOTER_TAGS = {"oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter", "firstFooter"}
HF_CODES = re.compile(r'&"[^"]*"|&\d+|&[A-Za-z&]')


class SheetCollector:
    """One line per worksheet row (cells joined by tabs); the first rows are the header area.
    Header and footer text (&L&C&R codes removed) is header area too."""

    def __init__(self, segment: Segment, shared: list[str]):
        self.segment = segment
        self.shared = shared
        self.row: list[str] | None = None
        self.rows_seen = 0
        self.cell_type = ""
        self.value: list[str] | None = None
        self.inline = 0
        self.hf: list[str] | None = None
        self.found_text = False

    def start(self, name, attrs):
        tag = local(name)
        if tag == "row":
            self.row = []
        elif tag == "c":
            self.cell_type = attr_value(attrs, "t") or ""
        elif tag == "v":
            self.value = []
        elif tag == "is":
            self.inline += 1
            self.value = []
        elif tag in HEADER_FOOTER_TAGS:
            self.hf = []

    def end(self, name):
        tag = local(name)
        if tag == "v" and self.value is not None and not self.inline:
            raw = "".join(self.value)
            self.value = None
            text = ""
            if self.cell_type == "s":
                try:
                    text = self.shared[int(raw)]
                except (ValueError, IndexError):
                    text = ""
            elif self.cell_type in ("str", "inlineStr"):
                text = raw
            if text and self.row is not None:
                self.row.append(text)
        elif tag == "is":
            self.inline -= 1
            if self.value is not None and self.row is not None:
                self.row.append("".join(self.value))
            self.value = None
        elif tag == "row":
            cells = [cell for cell in (self.row or []) if cell.strip()]
            self.row = None
            if cells:
                self.found_text = True
                self.segment.add("\t".join(cells), header=self.rows_seen < HEADER_LINES)
                self.rows_seen += 1
        elif tag in HEADER_FOOTER_TAGS and self.hf is not None:
            text = HF_CODES.sub(" ", "".join(self.hf))
            self.hf = None
            if text.strip():
                self.segment.add(text, header=True, where=f"{self.segment.location}（页眉页脚）")

    def text(self, data):
        if self.hf is not None:
            self.hf.append(data)
        elif self.value is not None:
            self.value.append(data)

    def close(self):
        pass


class SharedStringsCollector(StoryCollector):
    """xl/sharedStrings.xml: the strings cells point at (one per <si>), kept in order."""

    def __init__(self, segment: Segment):
        super().__init__(segment, "none")
        self.strings: list[str] = []

    def end(self, name):
        if local(name) == "si" and self.stack:
            pieces, _flags, _instr = self.stack.pop()
            text = "".join(pieces)
            self.strings.append(text)
            self._emit(text, set())
            return
        super().end(name)
