"""The 归档章 (DA/T 22-2015 §6.1.3): a 2×3 box at the top right of the first page of the archived copy —
全宗号, 年度, 件号 over 机构（问题）, 保管期限, 页数 — red rules, 宋体, each cell its label over its value.

Drawn by WeasyPrint (oa.rendering) as a one-page overlay the size of the first page and merged onto it with
pypdf: the document's own bytes are not re-rendered, only page 1 gains the stamp.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

PT_PER_MM = 72 / 25.4
STAMP_W_MM, STAMP_H_MM = 45.0, 16.0  # six equal cells of 15 × 8 mm
STAMP_TOP_MM, STAMP_RIGHT_MM = 12.0, 20.0  # inside the 37 mm top margin of GB/T 9704, clear of the 版头
RED = "#c00000"


@dataclass(frozen=True)
class StampData:
    fonds: str
    year: int
    seq: int
    org: str
    retention: str  # the label: 永久 / 定期30年 / 定期10年
    pages: int

    def cells(self) -> list[list[tuple[str, str]]]:
        return [[("全宗号", self.fonds), ("年度", str(self.year)), ("件号", f"{self.seq:04d}")],
                [("机构（问题）", self.org), ("保管期限", self.retention), ("页数", str(self.pages))]]


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def overlay_pdf(data: StampData, *, width_pt: float, height_pt: float) -> bytes:
    """A transparent page of the given size with only the 归档章 on it."""
    from oa.rendering import fonts
    from oa.rendering.pdf import html_to_pdf

    rows = "".join(
        "<tr>" + "".join(f'<td><span class="l">{escape(label)}</span><span class="v">{escape(value)}</span></td>'
                         for label, value in row) + "</tr>"
        for row in data.cells())
    html = f'<table class="stamp f-songti">{rows}</table>'
    cell_w, cell_h = STAMP_W_MM / 3, STAMP_H_MM / 2
    css = fonts.role_css() + f"""
@page {{ size: {width_pt:.2f}pt {height_pt:.2f}pt; margin: 0; }}
html, body {{ margin: 0; padding: 0; background: transparent; }}
table.stamp {{ position: absolute; top: {STAMP_TOP_MM}mm; right: {STAMP_RIGHT_MM}mm; border-collapse: collapse;
  table-layout: fixed; width: {STAMP_W_MM}mm; color: {RED}; }}
table.stamp td {{ border: 0.35mm solid {RED}; width: {cell_w:.3f}mm; height: {cell_h:.3f}mm; padding: 0;
  text-align: center; vertical-align: middle; line-height: 1; overflow: hidden; }}
table.stamp .l {{ display: block; font-size: 4.5pt; margin-bottom: 0.6mm; }}
table.stamp .v {{ display: block; font-size: 8pt; white-space: nowrap; }}
"""
    return html_to_pdf(html, css)


def _unsigned(writer) -> None:
    """The stamped copy is a new file, no longer the bytes the organs signed: it keeps the seals' pictures (the
    signature widgets' appearance) but not the signature values, which could only fail to verify here. The
    signed original is kept beside it (ArchivePart 正文（原件）) and goes into the archive package as such."""
    from pypdf.generic import NameObject

    form = writer._root_object.get("/AcroForm")
    if form is None:
        return
    form = form.get_object()
    for ref in form.get("/Fields", []):
        field = ref.get_object()
        if field.get("/FT") == "/Sig" and "/V" in field:
            del field[NameObject("/V")]
    if "/SigFlags" in form:
        del form[NameObject("/SigFlags")]
    if "/Perms" in writer._root_object:
        del writer._root_object[NameObject("/Perms")]


def stamp_first_page(pdf: bytes, data: StampData) -> bytes:
    """`pdf` with the 归档章 merged onto its first page (the other pages untouched)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    first = writer.pages[0]
    box = first.mediabox
    overlay = PdfReader(io.BytesIO(overlay_pdf(data, width_pt=float(box.width), height_pt=float(box.height))))
    first.merge_page(overlay.pages[0])
    _unsigned(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
