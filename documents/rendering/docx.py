"""The red-header document as DOCX (python-docx), as close to the PDF as Word's model allows: the red
organ mark and rule, headings, tables, signature and date, the seal and the 版记, written on the page
of documents.rendering.docx_page.
"""

from __future__ import annotations

import io

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Emu, Mm, Pt, RGBColor

from documents.rendering import layout as L
from documents.rendering.context import Printed, printed
from documents.rendering.docx_formats import annex_pages, letter_colophon, letter_masthead, minutes_lines
from documents.rendering.docx_page import (
    ADVANCE_PT,
    RED,
    add_paragraph,
    anchor_picture,
    blank_document,
    border,
    frame_at_bottom,
    run_font,
    width_pt,
)
from documents.rendering.joint import LINE_FACTOR as JOINT_LINE_FACTOR
from documents.rendering.joint import SIGNOFF_GAP_LINES
from documents.rendering.seal import SEAL_MM, seal_png

SIGNER_LABEL = "签发人："


def render_docx(document, copy: int | None = None) -> bytes:
    """The DOCX; `copy`: the 份号 of one printed copy (1 … 印制份数, checked by documents.rendering.copies)."""
    p = printed(document, copy)
    out = blank_document()
    if p.letter:
        letter_masthead(out, p)
    else:
        _masthead(out, p)
    _main(out, p)
    if p.signed_off:
        (_joint_signoff if p.joint else _signoff)(out, p)
    elif p.remark:
        add_paragraph(out, f"（{p.remark}）", first_line=2 * ADVANCE_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    minutes_lines(out, p)
    annex_pages(out, p, _blocks)
    if p.has_colophon:
        _colophon(out, p)
    core = out.core_properties
    core.title = p.title
    core.subject = p.doc_number
    core.author = p.signature_name
    result = io.BytesIO()
    out.save(result)
    return result.getvalue()


def _masthead(out, p: Printed) -> None:
    lines_used = 0
    if p.copy_number:
        add_paragraph(out, p.copy_number, align=WD_ALIGN_PARAGRAPH.LEFT)
        lines_used += 1
    if p.urgency:
        add_paragraph(out, p.urgency, role="heiti", align=WD_ALIGN_PARAGRAPH.LEFT)
        lines_used += 1
    top_mm = L.ORGAN_MARK_TOP_UP_MM if p.upward else L.ORGAN_MARK_TOP_MM
    size = L.organ_mark_pt(p.organ_mark)
    line = size * 1.15
    before = max(0.0, top_mm * L.PT_PER_MM - lines_used * L.PITCH_PT - (line - size) / 2)
    if p.joint and p.joint.stack:
        _joint_organ_mark(out, p.joint.stack, top_mm * L.PT_PER_MM - lines_used * L.PITCH_PT)
    else:
        add_paragraph(out, p.organ_mark, role="xiaobiaosong", align=WD_ALIGN_PARAGRAPH.CENTER, before=before,
                      line=line, size=size, color=RED, spacing=0)
    number = p.doc_number or p.doc_number_placeholder
    if p.upward:
        number_run = _signer_lines(out, p, number)
    else:
        paragraph = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * L.PITCH_PT)
        number_run = paragraph.add_run(number)
    if not p.doc_number:
        number_run.font.color.rgb = RGBColor(0x9A, 0x9A, 0x9A)
    # the red rule, full type-area width, 4 mm below the 发文字号
    rule = add_paragraph(out, line=1, before=(L.RULE_BELOW_NUMBER_MM - 2.3) * L.PT_PER_MM)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    border(rule, "top", size_eighths=8, color="D40000", space=0)


def _signer_lines(out, p: Printed, number: str):
    """发文字号 and 签发人 of a 上行文 (GB/T 9704-2012 7.2.4): 签发人： and the names on the right, one
    character in, two names a line, each later line's names under the first line's; the number on the
    last line, one character in on the left. Left tab stops at the label and at each column of names."""
    rows = p.signer_rows
    columns = [max(len(row[c]) for row in rows if len(row) > c) for c in range(max(len(row) for row in rows))]
    end = L.TYPE_W_MM * L.PT_PER_MM - 2 * ADVANCE_PT  # where the names end (as the tab stops count)
    label_at = end - (len(SIGNER_LABEL) + sum(columns) + len(columns) - 1) * ADVANCE_PT
    stops = [label_at + len(SIGNER_LABEL) * ADVANCE_PT]
    for width in columns[:-1]:
        stops.append(stops[-1] + (width + 1) * ADVANCE_PT)
    number_run = None
    for i, row in enumerate(rows):
        paragraph = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, before=0 if i else 2 * L.PITCH_PT, left=ADVANCE_PT)
        for position in (label_at, *stops):
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(position), WD_TAB_ALIGNMENT.LEFT)
        if i == len(rows) - 1:
            number_run = paragraph.add_run(number)
        paragraph.add_run("\t" + SIGNER_LABEL if i == 0 else "\t\t")
        for c, name in enumerate(row):
            if c:
                paragraph.add_run("\t")
            run_font(paragraph.add_run(name), "kaiti")
    return number_run


def _main(out, p: Printed) -> None:
    title = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * L.PITCH_PT)
    for i, text in enumerate(L.title_lines(p.title)):
        if i:
            title.add_run().add_break(WD_BREAK.LINE)
        run_font(title.add_run(text), "xiaobiaosong", L.TITLE_PT, spacing=0)
    if p.main_to:
        add_paragraph(out, p.main_to + "：", align=WD_ALIGN_PARAGRAPH.LEFT, before=L.PITCH_PT)
    _blocks(out, p.blocks)
    _attachment_note(out, p)


def _blocks(out, blocks) -> None:
    """The text: headings, paragraphs and tables (documents.body)."""
    indent = 2 * ADVANCE_PT
    for block in blocks:
        if block.kind == "table":
            _table(out, block)
            continue
        paragraph = add_paragraph(out, first_line=indent)
        if block.kind == "heading":
            role = {1: "heiti", 2: "kaiti"}.get(block.level)
            head = paragraph.add_run(block.head)
            if role:
                run_font(head, role)
            if block.tail:
                paragraph.add_run(block.tail)
            paragraph.paragraph_format.keep_with_next = block.keeps_with_next
        else:
            paragraph.add_run(block.text)


def _attachment_note(out, p: Printed) -> None:
    if p.attachments:
        number_width = ADVANCE_PT * (1.5 if len(p.attachments) >= 10 else 1.0) if len(p.attachments) > 1 else 0.0
        label = 3 * ADVANCE_PT
        left = 2 * ADVANCE_PT + label + number_width
        for i, name in enumerate(p.attachments):
            prefix = ("附件：" if i == 0 else "") + (f"{i + 1}." if len(p.attachments) > 1 else "")
            first = -(label + number_width) if i == 0 else -number_width
            paragraph = add_paragraph(out, left=left, first_line=first, before=L.PITCH_PT if i == 0 else 0,
                                      align=WD_ALIGN_PARAGRAPH.LEFT)
            if prefix:
                paragraph.add_run(prefix)
            paragraph.add_run(name)


def _table(out, block) -> None:
    columns = max(1, block.columns)
    table = out.add_table(rows=len(block.rows), cols=columns)
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, values) in enumerate(zip(table.rows, block.rows, strict=True)):
        for cell, value in zip(row.cells, [*values, *[""] * (columns - len(values))], strict=False):
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing = Pt(L.SMALL_PT * 1.5)
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(value)
            run_font(run, "heiti" if r == 0 and len(block.rows) > 1 else "fangsong", L.SMALL_PT, spacing=0)


def _signoff(out, p: Printed) -> None:
    right = 4 * ADVANCE_PT
    date = p.date_text or "　" * 7
    signature = p.signature_name or "　"
    date_w, sig_w = width_pt(date), width_pt(signature)
    # the date sits 4 characters in from the right; the signature is centred on it (GB/T 9704 7.3.5.1)
    sig_right = max(0.0, right + (date_w - sig_w) / 2)
    date_right = right
    if out.paragraphs:
        # The last line of text goes to the next page with the signature rather than leaving the
        # signature, date and seal alone on a page (GB/T 9704 7.3.5.1).
        out.paragraphs[-1].paragraph_format.keep_with_next = True
    blanks = [add_paragraph(out) for _ in range(2 if p.sealed else 1)]
    for blank in blanks:
        blank.paragraph_format.keep_with_next = True
    if p.sealed:
        # The seal floats in front of the signature and date, its top 3 mm below the last line
        # of text (GB/T 9704: within one line), centred on the date.
        centre_pt = L.TYPE_W_MM * L.PT_PER_MM - date_right - date_w / 2
        anchor_picture(blanks[0].add_run(), seal_png(p.seal_name), width_mm=SEAL_MM,
                       left_emu=Emu(Pt(centre_pt)) - Emu(Mm(SEAL_MM / 2)), top_emu=Emu(Mm(3)))
    signature_paragraph = add_paragraph(out, signature, align=WD_ALIGN_PARAGRAPH.RIGHT, right=sig_right)
    signature_paragraph.paragraph_format.keep_with_next = True
    add_paragraph(out, date, align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right)
    if p.remark:
        add_paragraph(out, f"（{p.remark}）", first_line=2 * ADVANCE_PT, align=WD_ALIGN_PARAGRAPH.LEFT)


def _joint_organ_mark(out, stack, before_pt: float) -> None:
    """联合行文 (GB/T 9704 7.2.1): a borderless table, the names stacked in the left cell (spaced to one
    width), 文件 in the right cell, centred vertically on them."""
    spacer = add_paragraph(out, line=max(1.0, before_pt))
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    size = stack.size_pt
    table = out.add_table(rows=1, cols=2 if stack.suffix else 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    names, widths = table.rows[0].cells[0], [stack.names_width_mm + 1]
    for i, line in enumerate(stack.lines):
        paragraph = names.paragraphs[0] if i == 0 else names.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.alignment = Pt(0), WD_ALIGN_PARAGRAPH.LEFT
        fmt.line_spacing, fmt.line_spacing_rule = Pt(size * JOINT_LINE_FACTOR), WD_LINE_SPACING.EXACTLY
        run = run_font(paragraph.add_run(line.text), "xiaobiaosong", size, spacing=round(line.spacing_pt * 20))
        run.font.color.rgb = RED
    if stack.suffix:
        suffix = table.rows[0].cells[1]
        suffix.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = suffix.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.left_indent = Mm(stack.gap_mm)
        run = run_font(paragraph.add_run(stack.suffix), "xiaobiaosong", size, spacing=0)
        run.font.color.rgb = RED
        widths.append(stack.width_mm - stack.names_width_mm + 1)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)


def _joint_signoff(out, p: Printed) -> None:
    """联合行文 (GB/T 9704 7.3.5.2): the rows of 署名 at the columns of documents/rendering/joint.py
    (centre tab stops), each seal floating over its own 署名, the 成文日期 under the last."""
    signoff = p.joint.signoff
    if out.paragraphs:
        out.paragraphs[-1].paragraph_format.keep_with_next = True
    by_row: dict[float, list] = {}
    for placed in signoff.placed:
        by_row.setdefault(placed.top_mm, []).append(placed)
    lines = round(signoff.date_top_mm / L.PITCH_MM) + SIGNOFF_GAP_LINES
    rows = {round(top / L.PITCH_MM) + SIGNOFF_GAP_LINES: row for top, row in by_row.items()}
    for index in range(lines):
        row = rows.get(index)
        paragraph = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=0)
        paragraph.paragraph_format.keep_with_next = True
        seals_of = rows.get(index + SIGNOFF_GAP_LINES)
        if seals_of and p.sealed:  # two lines above their 署名: the seals' tops 3 mm below this line's top
            for placed in seals_of:
                anchor_picture(paragraph.add_run(), seal_png(placed.organ.name), width_mm=SEAL_MM,
                               left_emu=Emu(Mm(placed.seal_left_mm)), top_emu=Emu(Mm(3)))
        if row:
            for placed in row:
                paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(placed.centre_mm), WD_TAB_ALIGNMENT.CENTER)
            paragraph.add_run("".join("\t" + (placed.organ.signature or "　") for placed in row))
    date = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=0)
    date.paragraph_format.tab_stops.add_tab_stop(Mm(signoff.date_centre_mm), WD_TAB_ALIGNMENT.CENTER)
    date.add_run("\t" + (p.date_text or "　" * 7))
    if p.remark:
        add_paragraph(out, f"（{p.remark}）", first_line=2 * ADVANCE_PT, align=WD_ALIGN_PARAGRAPH.LEFT)


def _colophon(out, p: Printed) -> None:
    """版记 in a frame at the bottom of the type area of the last page."""
    paragraphs = []
    if not p.colophon_lines:  # a 函's: 抄送 alone, no rules (GB/T 9704 §10.1)
        letter_colophon(out, p)
        return
    if p.copy_to:
        label = 3 * L.SMALL_PT
        cc = add_paragraph(out, "抄送：" + p.copy_to + "。", left=L.SMALL_PT + label, first_line=-label,
                           right=L.SMALL_PT, size=L.SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT, spacing=0)
        paragraphs.append(cc)
    printed_line = add_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, left=L.SMALL_PT)
    printed_line.paragraph_format.tab_stops.add_tab_stop(
        Pt(L.TYPE_W_MM * L.PT_PER_MM - 2 * L.SMALL_PT), WD_TAB_ALIGNMENT.RIGHT
    )
    run = printed_line.add_run(p.printing_org + "\t" + (f"{p.printed_date_text}印发" if p.printed_date_text else ""))
    run_font(run, "fangsong", L.SMALL_PT, spacing=0)
    paragraphs.append(printed_line)
    for paragraph in paragraphs:
        frame_at_bottom(paragraph)
    border(paragraphs[0], "top", size_eighths=8)  # 0.35 mm
    if len(paragraphs) == 2:
        border(paragraphs[0], "bottom", size_eighths=6)  # 0.25 mm (0.75 pt)
    border(paragraphs[-1], "bottom", size_eighths=8)
