"""The red-header document (红头文件) as PDF, laid out after GB/T 9704-2012 with WeasyPrint
(oa.rendering.pdf: the safe fetcher, the per-thread fonts, the cached stylesheet)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from documents.rendering import layout as L
from documents.rendering.annexes import merge_pdf_pages
from documents.rendering.context import Printed, printed
from documents.rendering.joint import LINE_FACTOR as JOINT_LINE_FACTOR
from documents.rendering.joint import SIGNOFF_GAP_LINES
from documents.rendering.seal import SEAL_MM, seal_data_url
from oa.rendering import fonts
from oa.rendering.pdf import html_to_pdf, html_to_pdf_with_anchors

TEMPLATE = "documents/render/gbt9704.html"
STYLESHEET = "documents/render/gbt9704.css"

# Vertical fine-tuning, measured on the rendered output (see tests/documents/test_render_pdf.py).
ORGAN_MARK_SHIFT_MM = -1.0  # the line box top is a little above the glyphs' top
NUMBER_TEXT_BOTTOM_MM = 2.3  # the 发文字号 glyphs end this far above the bottom of their line box
PAGE_NUMBER_TOP_MM = 4.6  # puts the dashes (mid-height of the line) 7 mm below the type area
SEAL_TOP_BELOW_TEXT_MM = 3.0  # the seal's top, below the last line of text (within one line)
BLANK_SEAL_URL = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4="


def css_context(p: Printed) -> dict:
    pitch = L.PITCH_MM
    number_width = L.ADVANCE_PT * (1.5 if len(p.attachments) >= 10 else 1.0)
    sealed_gap = 2 * pitch
    return {
        "L": L,
        "font_css": mark_safe(fonts.role_css()),
        "songti_family": mark_safe(fonts.resolve("songti")[0]),
        "pitch_mm": f"{pitch:.4f}",
        "letter_spacing_pt": f"{L.LETTER_SPACING_PT:.3f}",
        "indent1_pt": f"{L.INDENT_1_PT:.3f}",
        "indent2_pt": f"{L.INDENT_2_PT:.3f}",
        "indent4_pt": f"{4 * L.ADVANCE_PT:.3f}",
        "organ_mark_shift_mm": f"{ORGAN_MARK_SHIFT_MM:.2f}",
        "number_gap_mm": f"{2 * pitch:.4f}",
        "signer_leading_mm": f"{(pitch - L.BODY_PT / L.PT_PER_MM) / 2:.4f}",  # 签发人 rows: text centred in the line
        "rule_gap_mm": f"{L.RULE_BELOW_NUMBER_MM - NUMBER_TEXT_BOTTOM_MM:.2f}",
        "title_gap_mm": f"{2 * pitch:.4f}",
        "sealed_gap_mm": f"{sealed_gap:.4f}",
        "seal_mm": f"{SEAL_MM:.1f}",
        "seal_half_mm": f"{SEAL_MM / 2:.1f}",
        "seal_above_mm": f"{sealed_gap - SEAL_TOP_BELOW_TEXT_MM:.2f}",
        "colophon_line_mm": f"{pitch:.4f}",
        "cc_label_pt": f"{3 * L.SMALL_PT:.1f}",
        "cc_indent_pt": f"{4 * L.SMALL_PT:.1f}",
        "number_width_pt": f"{number_width:.3f}",
        "page_number_top_mm": f"{PAGE_NUMBER_TOP_MM:.2f}",
        **joint_css_context(),
        **letter_css_context(p),
    }


JOINT_BOX_MM = 100.0  # the box each joint 署名 is centred in: wider than any 署名


def joint_css_context() -> dict:
    """The fixed numbers of the joint organ mark and sign-off (the positions are inline)."""
    return {
        "joint_line_factor": f"{JOINT_LINE_FACTOR:.2f}",
        "joint_gap_mm": f"{SIGNOFF_GAP_LINES * L.PITCH_MM:.4f}",
        "joint_box_mm": f"{JOINT_BOX_MM:.1f}",
        "joint_box_half_mm": f"{JOINT_BOX_MM / 2:.1f}",
    }


def joint_context(p: Printed, seal_url=seal_data_url) -> dict:
    """联合行文: the stacked organ mark's offset, each organ's 署名 with its seal (GB/T 9704 7.3.5.2)."""
    if p.joint is None:
        return {}
    stack = p.joint.stack
    # the line box of the stack's first line starts (factor − 1)/2 em above its glyphs' em box
    shift = ORGAN_MARK_SHIFT_MM - ((JOINT_LINE_FACTOR - 1) / 2 * stack.size_pt * 25.4 / 72 if stack else 0)
    return {
        "joint_mark_shift_mm": f"{shift:.2f}",
        "joint_signoff": p.joint.signoff,
        "joint_signatures": [(placed, seal_url(placed.organ.name) if p.sealed else "")
                             for placed in p.joint.signoff.placed],
    }


# --- 信函格式 (GB/T 9704 §10.1) ------------------------------------------------------------------

ORGAN_MARK_EM_BELOW_BOX_MM = 0.67  # the bottom of the mark's em box, below its line box (measured)


def letter_css_context(p: Printed) -> dict:
    """The numbers of the 信函 masthead (used only when `letter` is set)."""
    if not p.letter:
        return {"letter": False}
    overhang = (L.DOUBLE_RULE_W_MM - L.TYPE_W_MM) / 2
    return {
        "letter": True,
        "letter_mark_top_mm": f"{L.LETTER_MARK_TOP_MM - L.MARGIN_TOP_MM + ORGAN_MARK_SHIFT_MM:.2f}",
        "double_rule_gap_mm": f"{L.LETTER_RULE_BELOW_MARK_MM + ORGAN_MARK_EM_BELOW_BOX_MM:.2f}",
        "double_rule_left_mm": f"{-overhang:.2f}",
        "double_rule_bottom_top_mm": f"{L.PAGE_H_MM - L.LETTER_RULE_ABOVE_BOTTOM_MM - L.MARGIN_TOP_MM - L.DOUBLE_RULE_H_MM:.2f}",
    }


def colophon_place(p: Printed) -> str:
    """Where the 版记's footnote call goes, so that the 版记 ends the last page: after the 附件 when there
    are any (on a page of its own after an uploaded PDF's pages), else on the last line of the 主体."""
    if not p.has_colophon:
        return ""
    if p.annexes:
        return "page" if p.annexes[-1].pdf_pages else "annex"
    if p.remark:
        return "remark"
    if p.minutes_lines:
        return "minutes"
    return "date" if p.signed_off else "end"


def annex_views(p: Printed) -> list[tuple]:
    return [(annex, [(block, table_view(block.rows) if block.kind == "table" else None) for block in annex.blocks],
             L.title_lines(annex.title)) for annex in p.annexes]


def table_view(rows: list[list[str]]) -> dict:
    widths = L.column_percentages(rows)
    columns = len(widths)
    view_rows = []
    for row in rows:
        cells = [(cell, 1) for cell in row]
        if cells and len(row) < columns:  # a short row: its last cell spans the rest
            cells[-1] = (cells[-1][0], 1 + columns - len(row))
        view_rows.append(cells)
    return {"widths": widths, "rows": view_rows, "header": len(rows) > 1}


def signature_overhang_pt(p: Printed) -> float:
    """How far the 署名 may stick out on each side of the date it is centred on: the date keeps its
    four characters from the right edge, whichever of the two is longer (GB/T 9704 7.3.5.1)."""
    date = p.date_text or "　" * 7
    width = lambda text: sum(L.char_width(ch) for ch in text) * L.ADVANCE_PT  # noqa: E731
    return max(0.0, (width(p.signature_name) - width(date)) / 2)


def _rendered(document, copy: int | None, *, seal_anchors: bool = False) -> tuple[Printed, str, str]:
    """`seal_anchors`: the seals left blank, each marked (id oa-seal-N) for the electronic seal to stand there."""
    p = printed(document, copy)
    seal_url = (lambda name: BLANK_SEAL_URL) if seal_anchors else seal_data_url
    context = {
        "p": p,
        "blocks": [(block, table_view(block.rows) if block.kind == "table" else None) for block in p.blocks],
        "organ_mark_pt": L.organ_mark_pt(p.organ_mark),
        "title_lines": L.title_lines(p.title),
        "seal_url": seal_url(p.seal_name) if p.sealed else "",
        "seal_anchors": seal_anchors,
        "signature_overhang_pt": f"{signature_overhang_pt(p):.2f}",
        **joint_context(p, seal_url),
        "annexes": annex_views(p),
        "colophon_in": colophon_place(p),
    }
    return p, render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, css_context(p))


def render_html(document, copy: int | None = None) -> tuple[str, str]:
    """(HTML, CSS) of the document; `copy`: the 份号 of one printed copy."""
    _, html, css = _rendered(document, copy)
    return html, css


def rendered_html(document, copy: int | None = None) -> tuple[Printed, str, str]:
    """(what is printed, HTML, CSS): the one layout input of the PDF and the OFD (documents.rendering.ofd)."""
    return _rendered(document, copy)


def render_pdf(document, copy: int | None = None) -> bytes:
    """The PDF; `copy`: the 份号 of one printed copy (1 … 印制份数, checked by documents.rendering.copies)."""
    p, html, css = _rendered(document, copy)
    # The CSS changes only with the licensed fonts, the number of attachments and the format: parsed once.
    pdf = html_to_pdf(html, css, cache_stylesheet=True)
    area = (L.MARGIN_LEFT_MM, L.MARGIN_TOP_MM, L.TYPE_W_MM, L.TYPE_H_MM)
    return merge_pdf_pages(pdf, p.annexes, area_mm=area)


def render_pdf_for_sealing(document, copy: int | None = None) -> tuple[bytes, list[tuple[str, int, tuple]]]:
    """The PDF with the seals left out, and where each goes: [(organ name, page index, (x1, y1, x2, y2) in
    PDF points from the page's bottom left)], the issuing organ first, then the co-issuers in order. The
    electronic seal (documents.seals) draws each seal as its signature's appearance there."""
    p, html, css = _rendered(document, copy, seal_anchors=True)
    pdf, anchors = html_to_pdf_with_anchors(html, css, prefix="oa-seal-", cache_stylesheet=True)
    area = (L.MARGIN_LEFT_MM, L.MARGIN_TOP_MM, L.TYPE_W_MM, L.TYPE_H_MM)
    names = [placed.organ.name for placed in p.joint.signoff.placed] if p.joint else [p.seal_name]
    size = SEAL_MM * L.PT_PER_MM
    page_h = L.PAGE_H_MM * L.PT_PER_MM
    places = []
    for index, name in enumerate(names):
        if f"oa-seal-{index}" in anchors:
            page, x, y = anchors[f"oa-seal-{index}"]
            places.append((name, page, (x, page_h - y - size, x + size, page_h - y)))
    return merge_pdf_pages(pdf, p.annexes, area_mm=area), places
