"""OFD (GB/T 33190): every page and template page read by position, document metadata as text.

A page's TextCode runs are placed at TextObject Boundary + (X, Y) and grouped into lines by
baseline, read left to right, so a marking written one glyph per TextCode is read as one word.
A page that carries images (or many paths) but no text cannot be cleared by text → review.
Attachments (Attachs/) and any embedded PDF/ZIP are screened like embedded files in Office
documents.
"""

from __future__ import annotations

import re
import zipfile

from oa.uploads.screening.collectors import AllTextCollector, Segment, attr_value
from oa.uploads.screening.extract import Inspection, Nested, binary_entry, parse_part
from oa.uploads.screening.kinds import FileType
from oa.uploads.screening.xmlsafe import local
from oa.uploads.screening.zipsafe import Limits


class OfdPageCollector:
    """An OFD page (or template page): TextCode runs, placed at Boundary + (X, Y), grouped into
    lines by their baseline and read left to right; images and paths are counted."""

    def __init__(self):
        self.origin = (0.0, 0.0)
        self.code: list[str] | None = None
        self.code_at = (0.0, 0.0)
        self.runs: list[tuple[float, float, str]] = []
        self.images = 0
        self.paths = 0

    @staticmethod
    def _number(value, default=0.0) -> float:
        try:
            return float(value)
        except (TypeError, ValueError):
            return default

    def start(self, name, attrs):
        tag = local(name)
        if tag == "TextObject":
            box = (attr_value(attrs, "Boundary") or "").split()
            self.origin = (self._number(box[0]) if box else 0.0, self._number(box[1]) if len(box) > 1 else 0.0)
        elif tag == "TextCode":
            self.code = []
            self.code_at = (self._number(attr_value(attrs, "X")), self._number(attr_value(attrs, "Y")))
        elif tag == "ImageObject":
            self.images += 1
        elif tag == "PathObject":
            self.paths += 1

    def end(self, name):
        if local(name) == "TextCode" and self.code is not None:
            text = "".join(self.code)
            self.code = None
            if text.strip():
                x = self.origin[0] + self.code_at[0]
                y = self.origin[1] + self.code_at[1]
                self.runs.append((y, x, text))

    def text(self, data):
        if self.code is not None:
            self.code.append(data)

    def close(self):
        pass

    def lines(self, tolerance: float = 2.0) -> list[str]:
        """Runs whose baselines are within `tolerance` mm form one line, read left to right."""
        grouped: list[list[tuple[float, float, str]]] = []
        for run in sorted(self.runs):
            if grouped and run[0] - grouped[-1][0][0] <= tolerance:
                grouped[-1].append(run)
            else:
                grouped.append([run])
        return ["".join(text for _y, _x, text in sorted(group, key=lambda r: r[1])) for group in grouped]


PAGE_PATH = re.compile(r"(?:^|/)Pages/Page_(\d+)/", re.IGNORECASE)


class _OfdPart:
    """Decides at the root element: a page (Page) is read by position, anything else as text."""

    def __init__(self, name: str):
        self.name = name
        self.target = None

    def start(self, name, attrs):
        if self.target is None:
            if local(name) == "Page":
                self.target = OfdPageCollector()
            else:
                is_root_doc = self.name.lower() == "ofd.xml"
                self.target = AllTextCollector(Segment("文档属性" if is_root_doc else f"其他部件（{self.name}）"),
                                               header=is_root_doc)
        self.target.start(name, attrs)

    def end(self, name):
        self.target.end(name)

    def text(self, data):
        self.target.text(data)


def _page_location(name: str) -> str:
    match = PAGE_PATH.search(name)
    if match:
        return f"第{int(match.group(1)) + 1}页"
    if "/tpls/" in f"/{name.lower()}":
        return "模板页"
    if "/annots/" in f"/{name.lower()}":
        return "注释"
    return "版面"


def inspect_ofd(archive: zipfile.ZipFile, limits: Limits, nested: Nested) -> Inspection:
    inspection = Inspection(FileType.OFD)
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename
        if not name.lower().endswith(".xml"):
            binary_entry(archive, info, inspection, limits, nested, embedded="/attachs/" in f"/{name.lower()}")
            continue
        part = _OfdPart(name)
        parse_part(archive, info, part)
        if part.target is None:
            continue
        part.target.close()
        if isinstance(part.target, OfdPageCollector):
            page = part.target
            segment = Segment(_page_location(name))
            for n, text in enumerate(page.lines()):
                segment.add(text, header=n < 5)
            inspection.segments.append(segment)
            if page.runs:
                inspection.text_found = True
            elif PAGE_PATH.search(name) and (page.images or page.paths >= 20):
                inspection.review(f"{segment.location}没有文字层（只有图像），无法按文字检查密级标志。")
        else:
            inspection.segments.append(part.target.segment)
    return inspection
