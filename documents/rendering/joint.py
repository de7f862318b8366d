"""联合行文 (joint documents) in print, after GB/T 9704-2012, shared by the PDF and the DOCX renderers:

- 7.2.1 the organ mark: the organs' names stacked, the lead's first, `文件` to their right and
  centred vertically on the stack ("以联署发文机关名称为准上下居中排布"); or the lead's name alone.
- 7.3.5.2 署名 and seals: every organ's 署名 in order, each seal centred over its own 署名
  ("印章一一对应、端正、居中下压发文机关署名"), the last seal over the last 署名 and the 成文日期;
  the seals side by side in rows, neither touching nor overlapping, no row wider than the type area,
  the first row's top within one line of the text.

Positions are in mm from the type area's left edge and from the top of the sign-off block (the first
row's 署名 line); the renderers place them.
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.rendering import layout as L
from documents.rendering.seal import SEAL_MM

MM_PER_PT = 25.4 / 72
ADVANCE_MM = L.ADVANCE_PT * MM_PER_PT
SEAL_GAP_MM = 4.0  # between two seals of a row: they must not touch (GB/T 9704 7.3.5.2)
ROW_LINES = 5  # lines from one row's 署名 to the next: a 42 mm seal spans a little over 4 lines
SEAL_TOP_BELOW_TEXT_MM = 3.0  # as for one organ (documents/rendering/pdf.py)
SIGNOFF_GAP_LINES = 2  # blank lines between the text and the first row's 署名, as for a sealed document


@dataclass(frozen=True)
class Organ:
    name: str  # the full name, in the organ mark and on the seal
    signature: str  # 署名


@dataclass(frozen=True)
class MarkLine:
    text: str
    spacing_pt: float  # letter spacing that stretches the name to the stack's width (分散对齐)


@dataclass(frozen=True)
class OrganStack:
    """The joint organ mark: names stacked, `suffix` (文件) to the right, centred on the stack."""

    lines: tuple[MarkLine, ...]
    suffix: str
    size_pt: float
    names_width_mm: float

    @property
    def suffix_drop_mm(self) -> float:
        """How far 文件's line lies below the first name's: half the stack, less half a line."""
        return (len(self.lines) - 1) / 2 * LINE_FACTOR * self.size_pt * MM_PER_PT

    @property
    def gap_mm(self) -> float:
        return SUFFIX_GAP_EM * self.size_pt * MM_PER_PT if self.suffix else 0.0

    @property
    def width_mm(self) -> float:
        return self.names_width_mm + self.gap_mm + len(self.suffix) * self.size_pt * MM_PER_PT

    @property
    def height_mm(self) -> float:
        return len(self.lines) * self.size_pt * MM_PER_PT * LINE_FACTOR


SUFFIX_GAP_EM = 0.25  # between the names and 文件
LINE_FACTOR = 1.25  # the stack's line height, in em: the names close together, as printed red-heads set them


@dataclass(frozen=True)
class Placed:
    """One organ's 署名 and seal: the column centre, the 署名 line's top (block coordinates)."""

    organ: Organ
    centre_mm: float
    top_mm: float
    width_mm: float  # the 署名's width

    @property
    def seal_left_mm(self) -> float:
        return self.centre_mm - SEAL_MM / 2

    @property
    def seal_top_mm(self) -> float:
        return self.top_mm - SIGNOFF_GAP_LINES * L.PITCH_MM + SEAL_TOP_BELOW_TEXT_MM


@dataclass(frozen=True)
class Signoff:
    placed: tuple[Placed, ...]
    rows: int
    date_centre_mm: float
    date_top_mm: float
    date_width_mm: float

    @property
    def height_mm(self) -> float:
        return self.date_top_mm + L.PITCH_MM


def text_mm(text: str) -> float:
    return sum(L.char_width(ch) for ch in text) * ADVANCE_MM


def organ_stack(names: list[str], suffix: str) -> OrganStack:
    """The names at one size (the longest with the suffix fills at most the type area), each spaced to
    the longest's width."""
    longest = max(len(name) for name in names)
    size = min(L.organ_mark_pt("字" * (longest + len(suffix))), 36.0)
    width_pt = longest * size
    lines = []
    for name in names:
        gaps = max(1, len(name) - 1)
        lines.append(MarkLine(name, (width_pt - len(name) * size) / gaps if len(name) > 1 else 0.0))
    return OrganStack(tuple(lines), suffix, size, width_pt * MM_PER_PT)


def signoff(organs: list[Organ], date_text: str) -> Signoff:
    """Columns from the right: the last column's centre is the 成文日期's (four characters in from the
    right edge), each further column one seal and a gap — or one 署名 and a character, if wider —
    to the left; as many columns as the type area holds, rows of that many organs in order."""
    date_width = text_mm(date_text or "　" * 7)
    date_centre = L.TYPE_W_MM - 4 * ADVANCE_MM - date_width / 2
    widest = max(text_mm(organ.signature or "　") for organ in organs)
    step = max(SEAL_MM + SEAL_GAP_MM, widest + ADVANCE_MM)
    half = max(SEAL_MM, widest) / 2
    columns = max(1, 1 + int((date_centre - half) // step))
    rows = [organs[i:i + columns] for i in range(0, len(organs), columns)]
    placed = []
    for r, row in enumerate(rows):
        top = r * ROW_LINES * L.PITCH_MM
        for j, organ in enumerate(row):
            from_right = len(row) - 1 - j
            placed.append(Placed(organ, date_centre - from_right * step, top, text_mm(organ.signature or "　")))
    last_top = (len(rows) - 1) * ROW_LINES * L.PITCH_MM
    return Signoff(tuple(placed), len(rows), date_centre, last_top + L.PITCH_MM, date_width)
