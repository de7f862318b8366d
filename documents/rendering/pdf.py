"""The red-header document (红头文件) as PDF, laid out after GB/T 9704-2012 with WeasyPrint
(oa.rendering.pdf: the safe fetcher, the per-thread fonts, the cached stylesheet)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from documents.rendering import layout as L
from documents.rendering.context import Printed, printed
from documents.rendering.seal import SEAL_MM, seal_data_url
from oa.rendering import fonts
from oa.rendering.pdf import html_to_pdf

TEMPLATE = "documents/render/gbt9704.html"
STYLESHEET = "documents/render/gbt9704.css"

# Vertical fine-tuning, measured on the rendered output (see tests/documents/test_render_pdf.py).
ORGAN_MARK_SHIFT_MM = -1.0  # the line box top is a little above the glyphs' top
NUMBER_TEXT_BOTTOM_MM = 2.3  # the 发文字号 glyphs end this far above the bottom of their line box
PAGE_NUMBER_TOP_MM = 4.6  # puts the dashes (mid-height of the line) 7 mm below the type area
SEAL_TOP_BELOW_TEXT_MM = 3.0  # the seal's top, below the last line of text (within one line)


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
    }


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


def render_html(document) -> tuple[str, str]:
    """(HTML, CSS) of the document."""
    p = printed(document)
    context = {
        "p": p,
        "blocks": [(block, table_view(block.rows) if block.kind == "table" else None) for block in p.blocks],
        "organ_mark_pt": L.organ_mark_pt(p.organ_mark),
        "title_lines": L.title_lines(p.title),
        "seal_url": seal_data_url(p.seal_name) if p.sealed else "",
        "signature_overhang_pt": f"{signature_overhang_pt(p):.2f}",
    }
    return render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, css_context(p))


def render_pdf(document) -> bytes:
    html, css = render_html(document)
    # The CSS changes only with the licensed fonts and the number of attachments: parsed once.
    return html_to_pdf(html, css, cache_stylesheet=True)
