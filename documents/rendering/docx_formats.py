"""The DOCX side of GB/T 9704's special formats and 附件 pages (the PDF's are in the templates
documents/render/letter_masthead.html, minutes.html, annexes.html):

- 信函格式 (§10.1): the organ mark in a frame 30 mm from the page's top edge, the red double rules (Word's
  thick-thin borders) 170 mm long in frames, 4 mm under the mark and 20 mm above the bottom edge, 份号 left
  and 发文字号 right on the line under the first rule; no page number on the first page; a bare 版记;
- 纪要格式 (§10.3): `出席：` (黑体) and the names (仿宋) with a hanging indent, then 请假 and 列席;
- 附件 (§8): each on a new page, `附件N` (黑体) top left and the title centred on the third line; a DOCX's
  text under it; a PDF (Word cannot hold its pages) named with its page count.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from documents.rendering import layout as L
from documents.rendering.context import Printed
from documents.rendering.docx_page import (
    ADVANCE_PT,
    PPR_ORDER,
    RED,
    _child,
    add_paragraph,
    run_font,
    width_pt,
)

TWIPS_PER_MM = 1440 / 25.4
MARK_LINE = 1.15  # the mark's line height, in multiples of its size (as in docx._masthead)


def _twips(mm: float) -> str:
    return str(round(mm * TWIPS_PER_MM))


def page_frame(paragraph, *, top_mm: float, width_mm: float, left_mm: float | None = None) -> None:
    """Put the paragraph in a frame at `top_mm` from the page's top edge: at `left_mm` from the page's left
    edge, or centred on the type area."""
    frame = _child(paragraph._p.get_or_add_pPr(), "w:framePr", PPR_ORDER)
    frame.set(qn("w:w"), _twips(width_mm))
    frame.set(qn("w:wrap"), "notBeside")
    frame.set(qn("w:vAnchor"), "page")
    frame.set(qn("w:y"), _twips(top_mm))
    if left_mm is None:
        frame.set(qn("w:hAnchor"), "margin")
        frame.set(qn("w:xAlign"), "center")
    else:
        frame.set(qn("w:hAnchor"), "page")
        frame.set(qn("w:x"), _twips(left_mm))


def double_rule(paragraph, style: str) -> None:
    """A red double rule as the paragraph's top border: `thickThinSmallGap` (thick over thin) or
    `thinThickSmallGap` (thin over thick)."""
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr", PPR_ORDER)
    edge = OxmlElement("w:top")
    edge.set(qn("w:val"), style)
    edge.set(qn("w:sz"), str(round(L.DOUBLE_RULE_H_MM * 72 / 25.4 * 8)))  # eighths of a point, all three parts
    edge.set(qn("w:space"), "0")
    edge.set(qn("w:color"), L.RED.lstrip("#").upper())
    borders.append(edge)


def _rule_paragraph(out, top_mm: float, style: str) -> None:
    rule = add_paragraph(out, line=1)
    rule.paragraph_format.line_spacing = Pt(1)
    page_frame(rule, top_mm=top_mm, width_mm=L.DOUBLE_RULE_W_MM,
               left_mm=L.MARGIN_LEFT_MM - (L.DOUBLE_RULE_W_MM - L.TYPE_W_MM) / 2)
    double_rule(rule, style)


def letter_masthead(out, p: Printed) -> None:
    size = L.organ_mark_pt(p.organ_mark)
    line = size * MARK_LINE
    mark_box_top = L.LETTER_MARK_TOP_MM - (line - size) / 2 / L.PT_PER_MM
    mark = add_paragraph(out, p.organ_mark, role="xiaobiaosong", align=WD_ALIGN_PARAGRAPH.CENTER, line=line, size=size,
                         color=RED, spacing=0)
    page_frame(mark, top_mm=mark_box_top, width_mm=L.TYPE_W_MM)
    rule_top = L.LETTER_MARK_TOP_MM + size / L.PT_PER_MM + L.LETTER_RULE_BELOW_MARK_MM
    _rule_paragraph(out, rule_top, "thickThinSmallGap")
    _rule_paragraph(out, L.PAGE_H_MM - L.LETTER_RULE_ABOVE_BOTTOM_MM - L.DOUBLE_RULE_H_MM, "thinThickSmallGap")
    # the first line of the body: just under the first rule, 份号 left and 发文字号 right
    before = max(0.0, (rule_top + L.DOUBLE_RULE_H_MM + 0.5 - L.MARGIN_TOP_MM) * L.PT_PER_MM)
    number_line = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, before=before)
    number_line.paragraph_format.tab_stops.add_tab_stop(Pt(L.TYPE_W_MM * L.PT_PER_MM), WD_TAB_ALIGNMENT.RIGHT)
    number_line.add_run(p.copy_number + "\t")
    number_run = number_line.add_run(p.doc_number or p.doc_number_placeholder)
    if not p.doc_number:
        number_run.font.color.rgb = RGBColor(0x9A, 0x9A, 0x9A)
    if p.urgency:
        add_paragraph(out, p.urgency, role="heiti", align=WD_ALIGN_PARAGRAPH.LEFT)
    # no page number on the first page
    section = out.sections[0]
    section.different_first_page_header_footer = True
    for paragraph in section.first_page_footer.paragraphs:
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)


def letter_colophon(out, p: Printed) -> None:
    """A 函's 版记: 抄送 alone, at the bottom of the type area of the last page, no rules."""
    from documents.rendering.docx_page import frame_at_bottom

    if not p.copy_to:
        return
    label = 3 * L.SMALL_PT
    cc = add_paragraph(out, "抄送：" + p.copy_to + "。", left=L.SMALL_PT + label, first_line=-label,
                       right=L.SMALL_PT, size=L.SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT, spacing=0)
    frame_at_bottom(cc)


def minutes_lines(out, p: Printed) -> None:
    """出席、请假、列席: one blank line under the text, two characters in, a wrapped line under the first name."""
    for i, (label, names) in enumerate(p.minutes_lines):
        head = label + "："
        left = 2 * ADVANCE_PT + width_pt(head)
        paragraph = add_paragraph(out, left=left, first_line=-width_pt(head), before=L.PITCH_PT if i == 0 else 0,
                                  align=WD_ALIGN_PARAGRAPH.LEFT)
        run_font(paragraph.add_run(head), "heiti")
        paragraph.add_run(names)


def annex_pages(out, p: Printed, write_blocks) -> None:
    """Each 附件 on a new page; `write_blocks(out, blocks)` writes a DOCX's text as the body's."""
    for annex in p.annexes:
        label = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT)
        label.paragraph_format.page_break_before = True
        run_font(label.add_run(annex.label), "heiti")
        title = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.CENTER, before=L.PITCH_PT)  # the third line
        for i, text in enumerate(L.title_lines(annex.title)):
            if i:
                title.add_run().add_break(WD_BREAK.LINE)
            run_font(title.add_run(text), "xiaobiaosong", L.TITLE_PT, spacing=0)
        if annex.blocks:
            gap = add_paragraph(out)
            gap.paragraph_format.keep_with_next = True
            write_blocks(out, annex.blocks)
        if annex.pdf_pages:
            pages = annex.pdf_pages + annex.pdf_pages_left_out
            add_paragraph(out, f"（此附件为 PDF 文件“{annex.file_name}”，共{pages}页，见 PDF 印制件或电子附件）",
                          first_line=2 * ADVANCE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, before=L.PITCH_PT)
