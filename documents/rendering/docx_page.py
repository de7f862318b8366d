"""The DOCX page of the red-header document and its tools (python-docx): the base document (styles,
font table, settings), the A4 page with its margins and alternating page numbers `— N —`, and the
run and paragraph helpers the document (documents.rendering.docx) and other official-style
renderings (oa.trial's usage report) write with.

Same page as the PDF (A4, margins 37/26/35/28 mm), exact line pitch 225 mm / 22, 3号仿宋 with
character spacing tightened so 28 characters fill a line.

Word has no fallback chains: every run names the font Chinese government templates name
(仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) in w:eastAsia and w:ascii/w:hAnsi, and the
font table gives Word an alternative (w:altName) for machines without the licensed font.

The base document is built once per process and reopened from bytes for every render, which keeps
a 3-page document at a few tens of milliseconds.
"""

from __future__ import annotations

import copy
import functools
import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from documents.rendering import layout as L

FONTS = {  # role → (name written in the DOCX, alternative Word falls back to)
    "fangsong": ("仿宋_GB2312", "仿宋"),
    "xiaobiaosong": ("方正小标宋简体", "宋体"),
    "heiti": ("黑体", "SimHei"),
    "kaiti": ("楷体_GB2312", "楷体"),
    "songti": ("宋体", "SimSun"),
}
RED = RGBColor(0xD4, 0x00, 0x00)
PITCH = Pt(L.PITCH_PT)
CHAR_SPACING_TWIPS = -5  # -0.25 pt: 28 × 15.75 pt = 441 pt < 442.2 pt, the type area's width
ADVANCE_PT = L.BODY_PT + CHAR_SPACING_TWIPS / 20


# Schema order of <w:rPr> and <w:pPr> children (Word rejects a file whose children are out of order).
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)


def _child(parent, tag: str, order: tuple[str, ...]):
    """The parent's <tag> child, created at its schema position if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *order[order.index(tag) + 1:])
    return found


# --- the base document, built once ------------------------------------------------------------


def _set_fonts(r_pr, name: str) -> None:
    fonts = _child(r_pr, "w:rFonts", RPR_ORDER)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _font_table_entries() -> bytes:
    entries = []
    for name, alternative in FONTS.values():
        entries.append(
            f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
            f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        )
    return "".join(entries).encode()


@functools.lru_cache(maxsize=1)
def _base_document_bytes() -> bytes:
    import docx

    document = docx.Document()
    styles = document.styles
    # docDefaults name theme fonts, which would win over the style's names in Word
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in list(defaults.iter(qn("w:rFonts"))):
            _set_fonts(fonts.getparent(), FONTS["fangsong"][0])
    normal = styles["Normal"]
    normal.font.size = Pt(L.BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    r_pr = normal.element.get_or_add_rPr()
    _set_fonts(r_pr, FONTS["fangsong"][0])
    _child(r_pr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    lang = _child(r_pr, "w:lang", RPR_ORDER)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = True
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # even and odd pages get different footers (page numbers right on odd pages, left on even ones)
    document.settings.odd_and_even_pages_header_footer = True
    # the font table: an alternative for each licensed font
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            blob = part.blob
            part._blob = blob.replace(b"</w:fonts>", _font_table_entries() + b"</w:fonts>")
    core = document.core_properties
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- helpers ----------------------------------------------------------------------------------


def run_font(run, role: str, size: float | None = None, bold: bool | None = None, spacing: int | None = None):
    r_pr = run._r.get_or_add_rPr()
    _set_fonts(r_pr, FONTS[role][0])
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if spacing is not None:
        _child(r_pr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(spacing))
    return run


def add_paragraph(document, text: str = "", *, role: str | None = None, align=None, before: float = 0.0,
                  first_line: float | None = None, left: float | None = None, right: float | None = None,
                  line: float | None = None, size: float | None = None, color=None, spacing: int | None = None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if before:
        fmt.space_before = Pt(before)
    if first_line is not None:
        fmt.first_line_indent = Pt(first_line)
    if left is not None:
        fmt.left_indent = Pt(left)
    if right is not None:
        fmt.right_indent = Pt(right)
    if line is not None:
        fmt.line_spacing = Pt(line)
    if text:
        run = paragraph.add_run(text)
        if role or size is not None or spacing is not None:
            run_font(run, role or "fangsong", size, spacing=spacing)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def border(paragraph, side: str, *, size_eighths: int, color: str = "000000", space: int = 0) -> None:
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr", PPR_ORDER)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def width_pt(text: str, advance: float = ADVANCE_PT) -> float:
    return sum(L.char_width(ch) for ch in text) * advance


def frame_at_bottom(paragraph) -> None:
    """Put the paragraph in a frame at the bottom of the type area (consecutive ones share it)."""
    frame = _child(paragraph._p.get_or_add_pPr(), "w:framePr", PPR_ORDER)
    frame.set(qn("w:w"), str(round(L.TYPE_W_MM / 25.4 * 1440)))
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")


def page_number(paragraph) -> None:
    """— PAGE — in 4号宋体, the number as a PAGE field."""

    def run(text: str = "", field: str | None = None, instruction: str | None = None):
        r = paragraph.add_run(text)
        run_font(r, "songti", L.SMALL_PT, spacing=0)
        if field:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            r._r.append(element)
        if instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
            r._r.append(element)

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def anchor_picture(run, png: bytes, *, width_mm: float, left_emu: int, top_emu: int) -> None:
    """Add the picture inline, then turn <wp:inline> into a floating <wp:anchor> in front of the text.

    python-docx only writes inline pictures; an inline seal would push the signature down instead
    of overlapping it, as GB/T 9704 requires ("印章…下压发文机关署名和成文日期").
    """
    run.add_picture(io.BytesIO(png), width=Mm(width_mm))
    inline = run._r.find(".//" + qn("wp:inline"))
    anchor = OxmlElement("wp:anchor")
    for key, value in {
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0", "relativeHeight": "251659264",
        "behindDoc": "0", "locked": "0", "layoutInCell": "1", "allowOverlap": "1",
    }.items():
        anchor.set(key, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for tag, relative, offset in (("wp:positionH", "margin", left_emu), ("wp:positionV", "paragraph", top_emu)):
        position = OxmlElement(tag)
        position.set("relativeFrom", relative)
        value = OxmlElement("wp:posOffset")
        value.text = str(int(offset))
        position.append(value)
        anchor.append(position)
    extent = inline.find(qn("wp:extent"))
    anchor.append(copy.deepcopy(extent))
    effect = OxmlElement("wp:effectExtent")
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        child = inline.find(qn(tag))
        if child is not None:
            anchor.append(child)
    inline.getparent().replace(inline, anchor)


# --- the page ---------------------------------------------------------------------------------


def page_setup(out) -> None:
    section = out.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_W_MM), Mm(L.PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # Word measures the footer from the page's bottom edge to the footer's last line: a 4号 line is
    # about 6.4 mm tall and its dashes sit 2.5 mm below its top, so they come 7 mm below the type area.
    section.footer_distance = Mm(L.MARGIN_BOTTOM_MM - (L.PAGE_NUMBER_GAP_MM - 2.5 + 6.4))
    odd = section.footer.paragraphs[0]
    odd.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(L.SMALL_PT)
    page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(L.SMALL_PT)
    page_number(even)
    for paragraph in (odd, even):
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)


def base_document():
    """The base document (styles, font table, 3号仿宋 at the exact pitch) with an empty body and the
    template's page: for outputs that set their own page (the office forms, documents.rendering.form_docx)."""
    import docx

    out = docx.Document(io.BytesIO(_base_document_bytes()))
    body = out.element.body
    for child in list(body):  # the base template's empty paragraph, if any (sectPr stays)
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return out


def blank_document():
    """The base document with the A4 page, margins and `— N —` page numbers of the red-header document."""
    out = base_document()
    page_setup(out)
    return out

