"""WeasyPrint's box tree of one page → OFD drawing primitives in mm from the page's top-left corner.

Text: one run per TextBox and font, each character at the x position Pango gave its glyph (letter-spacing,
kerning and the fixed CJK advance included), on the TextBox's baseline. Borders: filled rectangles (the
red rules, the 版记 rules, table grids). Images: <img> boxes, as PNG (raster images as they are, others
through the caller's `images` hook). Backgrounds, gradients, transforms and clipping are not drawn (the
red-header document uses none).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS px


@dataclass
class Run:
    font: object  # fonts.FontKey
    size_mm: float
    color: tuple[int, int, int]
    x: float  # the first character's left edge
    y: float  # the baseline
    text: str
    advances: list[float]  # one per character (mm)
    ascent_mm: float = 0.0


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    color: tuple[int, int, int]


@dataclass
class Picture:
    x: float
    y: float
    w: float
    h: float
    png: bytes


@dataclass
class PagePrimitives:
    width: float
    height: float
    items: list = field(default_factory=list)


def _rgb(color) -> tuple[tuple[int, int, int], float]:
    r, g, b = (round(255 * max(0.0, min(1.0, c))) for c in color.to("srgb").coordinates)
    return (r, g, b), color.alpha


def _borders(box, out: list):
    from weasyprint.draw.color import get_color

    if not hasattr(box, "border_top_width"):
        return
    x, y = box.border_box_x(), box.border_box_y()
    w, h = box.border_width(), box.border_height()
    sides = (
        ("top", x, y, w, box.border_top_width),
        ("bottom", x, y + h - box.border_bottom_width, w, box.border_bottom_width),
        ("left", x, y, box.border_left_width, h),
        ("right", x + w - box.border_right_width, y, box.border_right_width, h),
    )
    for side, sx, sy, sw, sh in sides:
        if not (sw > 0 and sh > 0) or box.style[f"border_{side}_style"] in ("none", "hidden"):
            continue
        rgb, alpha = _rgb(get_color(box.style, f"border_{side}_color"))
        if alpha > 0:
            out.append(Rect(sx * PX_MM, sy * PX_MM, sw * PX_MM, sh * PX_MM, rgb))


def _text(box, fonts, out: list):
    from weasyprint.text.ffi import FROM_UNITS, ffi

    if not box.text.strip() or box.style["visibility"] != "visible" or not box.style["font_size"]:
        return
    rgb, alpha = _rgb(box.style["color"])
    if alpha == 0:
        return
    layout = box.pango_layout
    layout.reactivate(box.style)
    try:
        first_line, _index = layout.get_first_line()
        utf8 = layout.text.encode()
        x = box.position_x
        y = (box.position_y + box.baseline) * PX_MM
        size_mm = box.style["font_size"] * PX_MM
        run = first_line.runs[0]
        while run != ffi.NULL:
            item = run.data
            run = run.next
            glyphs = item.glyphs
            count = glyphs.num_glyphs
            clusters = glyphs.log_clusters
            key = fonts.key(item.item.analysis.font)
            offset = item.item.offset
            chars: list[str] = []
            advances: list[float] = []
            start_x = x
            i = 0
            while i < count:  # one cluster: the glyphs that share a start in the text
                t1 = clusters[i]
                width = 0.0
                j = i
                while j < count and clusters[j] == t1:
                    width += glyphs.glyphs[j].geometry.width * FROM_UNITS
                    j += 1
                t2 = item.item.length if j == count else clusters[j]
                text = utf8[offset + t1:offset + t2].decode(errors="replace")
                for n, ch in enumerate(text):
                    chars.append(ch)
                    advances.append(width * PX_MM if n == 0 else 0.0)
                x += width
                i = j
            text = "".join(chars)
            if text.strip():
                fonts.use(key, text)
                out.append(Run(key, size_mm, rgb, start_x * PX_MM, y, text, advances, box.baseline * PX_MM))
    finally:
        layout.deactivate()


def _image(box, images, out: list):
    from weasyprint.images import RasterImage

    image = box.replacement
    png = None
    if isinstance(image, RasterImage):
        png = _as_png(image.image_data.data)
    elif images is not None and box.element is not None:
        png = images(box.element.get("src") or "")
    if png:
        out.append(Picture(box.content_box_x() * PX_MM, box.content_box_y() * PX_MM,
                           box.width * PX_MM, box.height * PX_MM, png))


def _as_png(data: bytes) -> bytes | None:
    import io

    from PIL import Image

    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return data
    try:
        with Image.open(io.BytesIO(data)) as opened:
            out = io.BytesIO()
            opened.save(out, format="PNG")
            return out.getvalue()
    except Exception:  # an image Pillow cannot read: left out
        return None


def walk(box, fonts, images, out: list):
    from weasyprint.formatting_structure import boxes as B
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    _borders(box, out)
    if isinstance(box, B.TextBox):
        _text(box, fonts, out)
    elif isinstance(box, B.ReplacedBox):
        _image(box, images, out)
    for child in getattr(box, "children", ()) or ():
        walk(child, fonts, images, out)
    footnotes = getattr(box, "footnote_area", None)
    if footnotes is not None and footnotes not in (getattr(box, "children", ()) or ()):
        walk(footnotes, fonts, images, out)


def page_primitives(page, fonts, images=None) -> PagePrimitives:
    """The primitives of one weasyprint.Page (`page._page_box`: the laid-out boxes)."""
    primitives = PagePrimitives(page.width * PX_MM, page.height * PX_MM)
    walk(page._page_box, fonts, images, primitives.items)
    return primitives
