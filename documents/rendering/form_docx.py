"""The office forms (documents.rendering.form: the 收文处理笺, the 发文稿纸) as DOCX: the same title,
line above and bordered table as the PDF, written with python-docx on the base document of
documents.rendering.docx_page (its styles and font table: 仿宋_GB2312 and the others with Word's
alternatives). Several forms make one file, each starting on a new page.
"""

from __future__ import annotations

import io

from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from documents.rendering.docx_page import RPR_ORDER, _child, base_document, run_font
from documents.rendering.form import (
    MARGIN_BOTTOM_MM,
    MARGIN_SIDE_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    TABLE_W_MM,
    Cell,
    Form,
)

TEXT_PT = 12.0
NOTE_PT = 10.5
SIGNATURE_MM = 13
GREY = RGBColor(0x88, 0x88, 0x88)


def render_docx(forms: list[Form]) -> bytes:
    out = base_document()
    _page(out)
    for index, form in enumerate(forms):
        form.check()
        _title(out, form, new_page=index > 0)
        _table(out, form)
        if form.below:
            _paragraph(out, form.below, size=NOTE_PT, before=4)
    core = out.core_properties
    core.title = "、".join(form.title for form in forms)[:200]
    core.author = forms[0].unit if forms else ""
    result = io.BytesIO()
    out.save(result)
    return result.getvalue()


def _page(out) -> None:
    section = out.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE_MM)
    section.gutter = Mm(0)
    normal = out.styles["Normal"]
    normal.font.size = Pt(TEXT_PT)
    _child(normal.element.get_or_add_rPr(), "w:spacing", RPR_ORDER).set(qn("w:val"), "0")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = 1.25
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _paragraph(container, text: str = "", **kwargs):
    return _format(container.add_paragraph(), text, **kwargs)


def _format(paragraph, text: str = "", *, role: str = "fangsong", size: float = TEXT_PT, align=None,
            before: float = 0, after: float = 0, first_line: float | None = None, color=None):
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align
    if first_line is not None:
        fmt.first_line_indent = Pt(first_line)
    if text:
        run = run_font(paragraph.add_run(text), role, size)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _title(out, form: Form, *, new_page: bool) -> None:
    title = _paragraph(out, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=10)
    title.paragraph_format.page_break_before = new_page
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run_font(title.add_run(form.title), "xiaobiaosong", round(form.title_pt * 2) / 2, spacing=40)
    if form.above_left or form.above_right:
        above = _paragraph(out, after=3)
        above.paragraph_format.tab_stops.add_tab_stop(Mm(TABLE_W_MM), WD_TAB_ALIGNMENT.RIGHT)
        run_font(above.add_run(f"{form.above_left}\t{form.above_right}"), "fangsong", TEXT_PT)


def _borders(table) -> None:
    """Fixed column widths, a heavier outer frame (1.5 pt) and 0.75 pt inner rules."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 12), ("left", 12), ("bottom", 12), ("right", 12), ("insideH", 6), ("insideV", 6)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(borders)


def _table(out, form: Form) -> None:
    table = out.add_table(rows=len(form.rows), cols=len(form.widths_mm))
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for column, width in zip(table.columns, form.widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    for r, row in enumerate(form.rows):
        if row.min_height_mm:
            table.rows[r].height = Mm(row.min_height_mm)
            table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        column = 0
        for cell in row.cells:
            target = table.cell(r, column)
            if cell.span > 1:
                target = target.merge(table.cell(r, column + cell.span - 1))
            _fill(target, cell, tall=bool(row.min_height_mm))
            column += cell.span


def _fill(target, cell: Cell, *, tall: bool) -> None:
    target.vertical_alignment = WD_ALIGN_VERTICAL.TOP if tall and not cell.label else WD_ALIGN_VERTICAL.CENTER
    unused = [target.paragraphs[0]]  # a new cell holds one empty paragraph: write into it first

    def paragraph(text: str = "", **kwargs):
        return _format(unused.pop() if unused else target.add_paragraph(), text, **kwargs)

    if cell.label:
        paragraph(cell.text, role="songti", align=WD_ALIGN_PARAGRAPH.CENTER)
        return
    for line in cell.lines:
        paragraph(line)
    for opinion in cell.opinions:
        if opinion.text:
            paragraph(opinion.text, first_line=2 * TEXT_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        sign = paragraph(align=WD_ALIGN_PARAGRAPH.RIGHT)
        sign.paragraph_format.space_after = Pt(4)
        if opinion.signature:
            sign.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact pitch would clip the picture
        if opinion.note:
            run_font(sign.add_run(f"（{opinion.note}）"), "kaiti", NOTE_PT)
        if opinion.signature:
            sign.add_run().add_picture(io.BytesIO(opinion.signature), height=Mm(SIGNATURE_MM))
            sign.add_run("  ")
        run_font(sign.add_run(f"{opinion.name}  {opinion.date}".strip()), "fangsong", TEXT_PT)
    if not cell.lines and not cell.opinions and cell.empty:
        paragraph(cell.empty, color=GREY)
